import { randomUUID } from "node:crypto";
import type { FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { UNMATCHED_ROUTE } from "./metrics.ts";

export const REQUEST_ID_HEADER = "x-request-id";
// Client-supplied IDs are echoed into headers and logs: anything else is replaced.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Fastify's genReqId: the caller's X-Request-ID when sane, else a new one. */
export function requestIdOf(request: {
	headers: Record<string, string | string[] | undefined>;
}): string {
	const candidate = request.headers[REQUEST_ID_HEADER];
	if (typeof candidate === "string" && SANE_REQUEST_ID.test(candidate)) return candidate;
	return randomUUID().replaceAll("-", "");
}

// API responses are data, never documents: forbid every kind of embedding and loading.
export const SECURITY_HEADERS = {
	"x-content-type-options": "nosniff",
	"x-frame-options": "DENY",
	"referrer-policy": "no-referrer",
	"cross-origin-resource-policy": "same-origin",
	"cache-control": "no-store",
	"content-security-policy":
		"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};

// The docs page is a document: it loads Swagger UI's scripts and styles from /docs/static
// (which sets inline styles) and fetches /openapi.json.
const DOCS_SECURITY_HEADERS = {
	...SECURITY_HEADERS,
	"content-security-policy":
		"default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'; " +
		"connect-src 'self'; img-src 'self' data:; script-src 'self'; " +
		"style-src 'self' 'unsafe-inline'",
};

function isDocs(url: string): boolean {
	return url === "/docs" || url.startsWith("/docs/");
}

/** '/api/v1/items/:item_id' -> '/api/v1/items/{item_id}', the label other stacks use too. */
export function routeLabel(request: FastifyRequest): string {
	const url = request.is404 ? undefined : request.routeOptions.url;
	return url ? url.replace(/:(\w+)/g, "{$1}") : UNMATCHED_ROUTE;
}

/** Request ID and security headers on every response; one access line and metrics for each. */
export default fp(
	async (fastify) => {
		fastify.addHook("onRequest", async (request, reply) => {
			const headers = isDocs(request.url) ? DOCS_SECURITY_HEADERS : SECURITY_HEADERS;
			reply.header(REQUEST_ID_HEADER, request.id).headers(headers);
		});

		fastify.addHook("onResponse", async (request, reply) => {
			const route = routeLabel(request);
			const seconds = reply.elapsedTime / 1000;
			const path = request.url.split("?", 1)[0] ?? request.url;
			fastify.metrics.observe(request.method, route, reply.statusCode, seconds);
			request.log.info(
				{
					logger: "access",
					method: request.method,
					path,
					route,
					status: reply.statusCode,
					durationMs: Math.round(reply.elapsedTime * 100) / 100,
					client: request.ip,
				},
				`${request.method} ${path} ${reply.statusCode}`,
			);
		});
	},
	{ name: "request-context", dependencies: ["metrics"] },
);
