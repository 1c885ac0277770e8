import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import type { AddressInfo } from "node:net";
import { test } from "node:test";
import { assertError } from "./assertions.ts";
import { build, ITEMS, LogCapture, useTestDatabase } from "./helper.ts";

const database = useTestDatabase("errors");

test("unknown routes are 404 NOT_FOUND", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	for (const url of ["/api/v1/nothing-here", "/nowhere", "/api/v2/items"]) {
		assertError(await app.inject({ url }), 404, "NOT_FOUND");
	}
});

test("a known path with another method is 405 with Allow", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const response = await app.inject({ method: "PUT", url: ITEMS, payload: {} });
	assertError(response, 405, "METHOD_NOT_ALLOWED");
	assert.equal(response.headers.allow, "GET, POST");
	const item = await app.inject({
		method: "POST",
		url: `${ITEMS}/00000000-0000-0000-0000-000000000000`,
	});
	assert.equal(item.headers.allow, "GET, PATCH, DELETE");
});

test("a body above MAX_BODY_BYTES is 413, when declared", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url, MAX_BODY_BYTES: "100" });
	const response = await app.inject({
		method: "POST",
		url: ITEMS,
		payload: { name: "big", description: "x".repeat(200) },
	});
	assertError(response, 413, "PAYLOAD_TOO_LARGE");
});

test("a body above MAX_BODY_BYTES is 413, when streamed without a length", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url, MAX_BODY_BYTES: "100" });
	await app.listen({ port: 0, host: "127.0.0.1" });
	const { port } = app.server.address() as AddressInfo;

	const { status, body } = await new Promise<{ status: number; body: string }>(
		(resolve, reject) => {
			const request = httpRequest(
				{
					port,
					method: "POST",
					path: ITEMS,
					headers: { "content-type": "application/json", "transfer-encoding": "chunked" },
				},
				(response) => {
					let text = "";
					response.on("data", (chunk) => {
						text += chunk;
					});
					response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
				},
			);
			request.on("error", reject);
			request.write(`{"name": "big", "description": "${"x".repeat(60)}`);
			request.end(`${"x".repeat(60)}"}`);
		},
	);

	assert.equal(status, 413);
	assert.equal(JSON.parse(body).error.code, "PAYLOAD_TOO_LARGE");
});

test("above RATE_LIMIT a client gets 429 with Retry-After; probes are never limited", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url, RATE_LIMIT: "2/minute" });
	const client = { "x-forwarded-for": "198.18.0.1" };
	const statuses = [];
	for (let index = 0; index < 3; index++) {
		statuses.push((await app.inject({ url: ITEMS, headers: client })).statusCode);
	}
	const limited = await app.inject({ url: ITEMS, headers: client });
	assert.deepEqual(statuses, [200, 200, 429]);

	assertError(limited, 429, "RATE_LIMITED");
	assert.ok(Number(limited.headers["retry-after"]) >= 1);
	assert.equal(
		(await app.inject({ url: ITEMS, headers: { "x-forwarded-for": "198.18.0.2" } })).statusCode,
		200,
	);
	for (let index = 0; index < 5; index++) {
		assert.equal((await app.inject({ url: "/health", headers: client })).statusCode, 200);
	}
});

test("an unexpected failure is an opaque 500, logged with the request id", async (t) => {
	const logs = new LogCapture();
	const app = await build(
		t,
		{ DATABASE_URL: database.url },
		{
			logs,
			extend: (instance) =>
				instance.get("/boom", async () => {
					throw new Error("secret internals");
				}),
		},
	);

	const response = await app.inject({ url: "/boom", headers: { "x-request-id": "boom-1" } });

	const error = assertError(response, 500, "INTERNAL_ERROR");
	assert.equal(error.message, "An unexpected error occurred.");
	assert.ok(!response.body.includes("secret internals"));
	const logged = logs.lines.find((line) => line.message === "Unhandled error");
	assert.equal(logged?.requestId, "boom-1");
	assert.equal(logged?.level, "ERROR");
	assert.match(JSON.stringify(logged), /secret internals/);
});
