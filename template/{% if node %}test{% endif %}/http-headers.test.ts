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

test("the docs page and its assets are served, under a CSP that lets them load", async (t) => {
	const app = await build(t);
	const page = await app.inject({ url: "/docs/" });
	const script = await app.inject({ url: "/docs/static/swagger-ui-bundle.js" });
	const api = await app.inject({ url: "/health" });

	assert.equal(page.statusCode, 200);
	assert.match(String(page.headers["content-type"]), /^text\/html/);
	assert.match(page.body, /swagger-ui-bundle\.js/);
	assert.equal(script.statusCode, 200);
	const docsPolicy = String(page.headers["content-security-policy"]);
	assert.match(docsPolicy, /script-src 'self'/);
	assert.match(docsPolicy, /connect-src 'self'/);
	assert.equal(page.headers["x-frame-options"], "DENY");
	// Only the docs: API responses stay undisplayable.
	assert.doesNotMatch(String(api.headers["content-security-policy"]), /script-src/);
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
