import assert from "node:assert/strict";
import { test } from "node:test";
import { build, ITEMS } from "./helper.ts";

const SECURITY_HEADERS = {
	"x-content-type-options": "nosniff",
	"x-frame-options": "DENY",
	"referrer-policy": "no-referrer",
	"cache-control": "no-store",
};

test("security headers are on every response, errors included", async (t) => {
	const app = await build(t);
	const requests = [
		{ method: "GET", url: "/health" },
		{ method: "GET", url: "/nowhere" },
		{ method: "PUT", url: ITEMS },
		{ method: "GET", url: "/metrics" },
		{ method: "GET", url: `${ITEMS}/not-a-uuid` },
	] as const;
	for (const request of requests) {
		const response = await app.inject(request);
		for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
			assert.equal(response.headers[name], value, `${name} on ${request.method} ${request.url}`);
		}
		assert.match(String(response.headers["content-security-policy"]), /default-src 'none'/);
	}
});

test("allowed origins get CORS headers, on preflights and simple requests", async (t) => {
	const origin = "https://allowed.example.com";
	const app = await build(t, { CORS_ORIGINS: `${origin}, https://other.example.com` });

	const preflight = await app.inject({
		method: "OPTIONS",
		url: ITEMS,
		headers: { origin, "access-control-request-method": "POST" },
	});
	const simple = await app.inject({ url: "/health", headers: { origin } });

	assert.ok([200, 204].includes(preflight.statusCode));
	assert.equal(preflight.headers["access-control-allow-origin"], origin);
	assert.equal(simple.headers["access-control-allow-origin"], origin);
});

test("other origins, or any origin without CORS_ORIGINS, get no CORS headers", async (t) => {
	const configured = await build(t, { CORS_ORIGINS: "https://allowed.example.com" });
	const unconfigured = await build(t);
	for (const app of [configured, unconfigured]) {
		const response = await app.inject({
			url: "/health",
			headers: { origin: "https://refused.example.net" },
		});
		assert.equal(response.headers["access-control-allow-origin"], undefined);
	}
});
