import assert from "node:assert/strict";
import { test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assertError } from "./assertions.ts";
import { build, ITEMS, UNREACHABLE_DATABASE_URL, useTestDatabase } from "./helper.ts";

const database = useTestDatabase("operations");

test("/health answers while the process runs, checking nothing", async (t) => {
	const app = await build(t, { DATABASE_URL: UNREACHABLE_DATABASE_URL });
	const response = await app.inject({ url: "/health" });
	assert.equal(response.statusCode, 200);
	assert.deepEqual(response.json(), { data: { status: "ok" }, meta: {} });
});

test("/ready reports every dependency ok", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const response = await app.inject({ url: "/ready" });
	assert.equal(response.statusCode, 200);
	assert.deepEqual(response.json(), { data: { status: "ready", database: "ok" }, meta: {} });
});

test("/ready is 503 naming the database when it is down, within a bounded time", async (t) => {
	const app = await build(t, { DATABASE_URL: UNREACHABLE_DATABASE_URL });
	const started = performance.now();
	const response = await app.inject({ url: "/ready" });
	assert.ok(performance.now() - started < 5000);
	assertError(response, 503, "SERVICE_UNAVAILABLE", "database");
	assert.ok(Number(response.headers["retry-after"]) >= 1);
});

test("resources answer 503 with Retry-After while the database is down", async (t) => {
	const app = await build(t, { DATABASE_URL: UNREACHABLE_DATABASE_URL });
	const requests = [
		{ method: "GET", url: ITEMS },
		{ method: "POST", url: ITEMS, payload: { name: "x" } },
		{ method: "GET", url: `${ITEMS}/00000000-0000-0000-0000-000000000000` },
	] as const;
	for (const request of requests) {
		const response = await app.inject(request);
		assertError(response, 503, "SERVICE_UNAVAILABLE", "database");
		assert.equal(response.headers["retry-after"], "5");
	}
});

async function requestCount(app: FastifyInstance, labels: string): Promise<number> {
	const response = await app.inject({ url: "/metrics" });
	assert.match(String(response.headers["content-type"]), /^text\/plain/);
	const line = response.body
		.split("\n")
		.find((entry) => entry.startsWith(`http_requests_total{${labels}}`));
	return line ? Number(line.split(" ").at(-1)) : 0;
}

test("/metrics counts requests by route template; unmatched paths share one label", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	for (let index = 0; index < 3; index++) {
		await app.inject({ url: `${ITEMS}/00000000-0000-0000-0000-00000000000${index}` });
	}
	await app.inject({ url: "/no/such/route" });
	await app.inject({ url: "/another/one" });

	assert.equal(await requestCount(app, `method="GET",route="${ITEMS}/{item_id}",status="404"`), 3);
	assert.equal(await requestCount(app, 'method="GET",route="<unmatched>",status="404"'), 2);
	const text = (await app.inject({ url: "/metrics" })).body;
	assert.match(text, /# TYPE http_request_duration_seconds histogram/);
	assert.match(
		text,
		/http_request_duration_seconds_bucket\{le="0.005",method="GET",route="\/metrics",status="200"\}/,
	);
});
