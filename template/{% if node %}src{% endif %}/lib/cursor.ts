import { invalid } from "./errors.ts";

/** Position in the newest-first keyset (created_at, id): where the next page starts. */
export interface Cursor {
	createdAt: string;
	id: string;
}

// Only what we issue: a UTC timestamp with microseconds and a UUID.
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+00:00$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function encodeCursor(cursor: Cursor): string {
	return Buffer.from(`${cursor.createdAt}|${cursor.id}`).toString("base64url");
}

export function decodeCursor(token: string): Cursor {
	const [createdAt = "", id = "", ...rest] = Buffer.from(token, "base64url")
		.toString("utf8")
		.split("|");
	// Date accepts 2026-02-30 (as 2 March); the database would not, so compare round trips.
	const realDate =
		TIMESTAMP.test(createdAt) &&
		new Date(createdAt).toISOString().slice(0, 19) === createdAt.slice(0, 19);
	if (rest.length > 0 || !realDate || !UUID.test(id)) {
		throw invalid("cursor", "Not a cursor this API issued.");
	}
	return { createdAt, id };
}
