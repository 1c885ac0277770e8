import assert from "node:assert/strict";
import { test } from "node:test";
import { build, ITEMS, LogCapture } from "./helper.ts";

const GENERATED = /^[A-Za-z0-9._:-]{1,128}$/;

test("a sane X-Request-ID is echoed in the header, the error and every log line", async (t) => {
	const logs = new LogCapture();
	const app = await build(t, { LOG_LEVEL: "INFO" }, { logs });

	const response = await app.inject({
		url: `${ITEMS}/missing`,
		headers: { "x-request-id": "req-1.2:3" },
	});

	assert.equal(response.headers["x-request-id"], "req-1.2:3");
	assert.equal(response.json().error.requestId, "req-1.2:3");
	const ofRequest = logs.lines.filter((line) => line.requestId === "req-1.2:3");
	assert.ok(ofRequest.length >= 1);
});

test("absent or absurd request ids are replaced by generated ones", async (t) => {
	const app = await build(t);
	const first = (await app.inject({ url: "/health" })).headers["x-request-id"];
	const second = (await app.inject({ url: "/health" })).headers["x-request-id"];
	assert.match(String(first), GENERATED);
	assert.notEqual(first, second);
	for (const absurd of ["x".repeat(129), "has space", "<script>", "semi;colon"]) {
		const echoed = (await app.inject({ url: "/health", headers: { "x-request-id": absurd } }))
			.headers["x-request-id"];
		assert.notEqual(echoed, absurd);
		assert.match(String(echoed), GENERATED);
	}
});

test("logs are JSON lines, with exactly one access line per request", async (t) => {
	const logs = new LogCapture();
	const app = await build(t, { LOG_LEVEL: "INFO" }, { logs });

	await app.inject({
		url: `${ITEMS}/00000000-0000-0000-0000-000000000000`,
		headers: { "x-request-id": "one" },
	});

	const access = logs.lines.filter((line) => line.logger === "access");
	assert.equal(access.length, 1);
	const [line] = access;
	assert.equal(line?.requestId, "one");
	assert.equal(line?.level, "INFO");
	assert.equal(line?.method, "GET");
	assert.equal(line?.path, `${ITEMS}/00000000-0000-0000-0000-000000000000`);
	assert.equal(line?.route, `${ITEMS}/{item_id}`);
	assert.equal(typeof line?.durationMs, "number");
	assert.ok(typeof line?.message === "string");
	assert.ok(!Number.isNaN(Date.parse(String(line?.timestamp))));
	for (const entry of logs.lines) {
		assert.deepEqual(
			["level", "logger", "message", "timestamp"].filter((key) => !(key in entry)),
			[],
		);
	}
});
