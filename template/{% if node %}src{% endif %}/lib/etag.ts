import { createHash } from "node:crypto";

/** A strong validator: a digest of the exact bytes sent. */
export function entityTag(body: string): string {
	return `"${createHash("sha256").update(body).digest("hex").slice(0, 32)}"`;
}

/** True when If-None-Match names this tag (RFC 9110 §13.1.2: weak comparison, or `*`). */
export function noneMatch(ifNoneMatch: string | undefined, tag: string): boolean {
	if (ifNoneMatch === undefined) return false;
	return ifNoneMatch
		.split(",")
		.map((candidate) => candidate.trim())
		.some((candidate) => candidate === "*" || candidate.replace(/^W\//, "") === tag);
}
