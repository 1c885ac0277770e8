/**
 * Calls to other services: retries, timeouts, circuits, and what each call passes on.
 *
 * The other service is a real HTTP server on loopback (upstream.ts), told what to answer.
 */
import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { SpanKind } from "@opentelemetry/api";
import {
	InMemorySpanExporter,
	SimpleSpanProcessor,
	TracerProvider,
} from "@opentelemetry/sdk-trace";
import { instrumentations } from "../../src/instrumentation.ts";
import {
	CircuitOpenError,
	UpstreamConnectionError,
	UpstreamTimeoutError,
} from "../../src/outbound/errors.ts";
import { HttpClient } from "../../src/outbound/http-client.ts";
import { assertError } from "../assertions.ts";
import { build, testConfig } from "../helper.ts";
import { unusedPort } from "../loopback.ts";
import { Upstream } from "./upstream.ts";

// Short waits, so that retries and open circuits take a test milliseconds.
const FAST = { OUTBOUND_BACKOFF_SECONDS: "0.01", OUTBOUND_TIMEOUT_SECONDS: "1" };
const SILENT = { info() {}, warn() {} };

let upstream: Upstream;
beforeEach(async () => {
	upstream = await Upstream.start();
});
afterEach(() => upstream.close());

function clientWith(
	env: Record<string, string> = {},
	requestId?: () => string | undefined,
): HttpClient {
	const config = testConfig({ ...FAST, ...env });
	return new HttpClient({
		config: config.outbound,
		serviceName: config.serviceName,
		log: SILENT,
		...(requestId ? { requestId } : {}),
	});
}

async function using<T>(client: HttpClient, use: (client: HttpClient) => Promise<T>): Promise<T> {
	try {
		return await use(client);
	} finally {
		await client.close();
	}
}

test("an idempotent call is retried until it succeeds", async () => {
	upstream.script("/stock", { status: 503 }, { status: 502 }, { status: 200 });

	const response = await using(clientWith(), (http) => http.fetch(`${upstream.url}/stock`));

	assert.equal(response.status, 200);
	assert.equal(upstream.callsTo("/stock").length, 3);
});

for (const method of ["PUT", "DELETE"]) {
	test(`${method} is retried too`, async () => {
		upstream.script("/stock/1", { status: 504 }, { status: 200 });

		const response = await using(clientWith(), (http) =>
			http.fetch(`${upstream.url}/stock/1`, { method, body: JSON.stringify({ quantity: 1 }) }),
		);

		assert.equal(response.status, 200);
		assert.deepEqual(
			upstream.callsTo("/stock/1").map((call) => call.method),
			[method, method],
		);
	});
}

for (const method of ["POST", "PATCH"]) {
	test(`${method}, not idempotent, is never retried`, async () => {
		upstream.script("/orders", { status: 503 }, { status: 201 });

		const response = await using(clientWith(), (http) =>
			http.fetch(`${upstream.url}/orders`, { method, body: "{}" }),
		);

		assert.equal(response.status, 503);
		assert.equal(upstream.callsTo("/orders").length, 1);
	});
}

test("attempts stop at the limit with the last answer", async () => {
	upstream.script("/down", { status: 503 });

	const response = await using(clientWith({ OUTBOUND_MAX_ATTEMPTS: "4" }), (http) =>
		http.fetch(`${upstream.url}/down`),
	);

	assert.equal(response.status, 503);
	assert.deepEqual(await response.json(), { data: { status: 503 }, meta: {} });
	assert.equal(upstream.callsTo("/down").length, 4);
});

for (const status of [400, 404, 409, 500]) {
	test(`a ${status}, which a retry cannot change, is not retried`, async () => {
		upstream.script("/items", { status });

		const response = await using(clientWith(), (http) => http.fetch(`${upstream.url}/items`));

		assert.equal(response.status, status);
		assert.equal(upstream.callsTo("/items").length, 1);
	});
}

test("a slow service times out on every attempt", async () => {
	upstream.script("/slow", { delayMs: 2000 });
	const env = { OUTBOUND_TIMEOUT_SECONDS: "0.2", OUTBOUND_MAX_ATTEMPTS: "2" };

	await using(clientWith(env), (http) =>
		assert.rejects(http.fetch(`${upstream.url}/slow`), UpstreamTimeoutError),
	);

	assert.equal(upstream.callsTo("/slow").length, 2);
});

test("repeated failures open the circuit and calls fail without reaching it", async () => {
	upstream.script("/broken", { status: 500 });
	const env = { CIRCUIT_FAILURE_THRESHOLD: "3", CIRCUIT_RESET_SECONDS: "60" };

	const refused = await using(clientWith(env), async (http) => {
		for (let call = 0; call < 3; call++) {
			assert.equal((await http.fetch(`${upstream.url}/broken`)).status, 500);
		}
		return http.fetch(`${upstream.url}/broken`).catch((error: unknown) => error);
	});

	assert.ok(refused instanceof CircuitOpenError);
	assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 60);
	assert.equal(upstream.callsTo("/broken").length, 3);
});

test("a refused connection is retried and counts against the circuit", async () => {
	const url = `http://127.0.0.1:${await unusedPort()}/items`;
	const env = { OUTBOUND_MAX_ATTEMPTS: "3", CIRCUIT_FAILURE_THRESHOLD: "3" };

	await using(clientWith(env), async (http) => {
		await assert.rejects(http.fetch(url), UpstreamConnectionError);
		await assert.rejects(http.fetch(url), CircuitOpenError);
	});
});

test("after the reset time a successful trial closes the circuit", async () => {
	upstream.script("/recovering", { status: 500 }, { status: 500 }, { status: 200 });
	const env = { CIRCUIT_FAILURE_THRESHOLD: "2", CIRCUIT_RESET_SECONDS: "0.2" };

	const [trial, after] = await using(clientWith(env), async (http) => {
		for (let call = 0; call < 2; call++) await http.fetch(`${upstream.url}/recovering`);
		await assert.rejects(http.fetch(`${upstream.url}/recovering`), CircuitOpenError);
		await sleep(250);
		return [
			await http.fetch(`${upstream.url}/recovering`),
			await http.fetch(`${upstream.url}/recovering`),
		];
	});

	assert.deepEqual([trial?.status, after?.status], [200, 200]);
	assert.equal(upstream.callsTo("/recovering").length, 4);
});

test("a failed trial opens the circuit again at once", async () => {
	upstream.script("/broken", { status: 500 });
	const env = { CIRCUIT_FAILURE_THRESHOLD: "1", CIRCUIT_RESET_SECONDS: "0.2" };

	await using(clientWith(env), async (http) => {
		await http.fetch(`${upstream.url}/broken`);
		await sleep(250);
		assert.equal((await http.fetch(`${upstream.url}/broken`)).status, 500);
		await assert.rejects(http.fetch(`${upstream.url}/broken`), CircuitOpenError);
	});

	assert.equal(upstream.callsTo("/broken").length, 2);
});

test("each service has a circuit of its own", async () => {
	const unreachable = `http://127.0.0.1:${await unusedPort()}/items`;
	const env = { OUTBOUND_MAX_ATTEMPTS: "1", CIRCUIT_FAILURE_THRESHOLD: "1" };

	await using(clientWith(env), async (http) => {
		await assert.rejects(http.fetch(unreachable), UpstreamConnectionError);
		await assert.rejects(http.fetch(unreachable), CircuitOpenError);

		assert.equal((await http.fetch(`${upstream.url}/items`)).status, 200);
	});
});

test("the request ID and trace context are passed on", async () => {
	const spans = new InMemorySpanExporter();
	const provider = new TracerProvider({
		spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
	});
	for (const instrumentation of instrumentations) instrumentation.setTracerProvider(provider);
	upstream.script("/stock", { status: 503 }, { status: 200 });

	const request = await using(
		clientWith({ SERVICE_NAME: "checkout" }, () => "checkout-7f3a"),
		(http) =>
			provider.getTracer("test").startActiveSpan("request", async (span) => {
				await http.fetch(`${upstream.url}/stock`);
				span.end();
				return span.spanContext();
			}),
	);
	await provider.forceFlush();

	const calls = upstream.callsTo("/stock");
	assert.deepEqual(
		calls.map((call) => call.headers["x-request-id"]),
		["checkout-7f3a", "checkout-7f3a"],
	);
	assert.deepEqual(new Set(calls.map((call) => call.headers["user-agent"])), new Set(["checkout"]));
	// Each attempt is a client span of its own, a child of the request's span, and the called
	// service receives that span as its parent.
	const attempts = spans.getFinishedSpans().filter((span) => span.kind === SpanKind.CLIENT);
	assert.equal(attempts.length, 2);
	calls.forEach((call, index) => {
		const attempt = attempts[index];
		assert.equal(attempt?.parentSpanContext?.spanId, request.spanId);
		const [, traceId, parentId] = String(call.headers.traceparent).split("-");
		assert.deepEqual([traceId, parentId], [request.traceId, attempt?.spanContext().spanId]);
	});
});

test("a call outside any request sends no request ID", async () => {
	await using(clientWith(), (http) => http.fetch(`${upstream.url}/items`));

	const [call] = upstream.callsTo("/items");
	assert.equal(call?.headers["x-request-id"], undefined);
});

test("a route whose service is unreachable answers 503 in the envelope", async (t) => {
	const unreachable = `http://127.0.0.1:${await unusedPort()}/api/v1/customers`;
	const app = await build(t, FAST, {
		extend: (app) => {
			app.get("/neighbour", async () => (await app.httpClient.fetch(unreachable)).json());
		},
	});

	const response = await app.inject({
		url: "/neighbour",
		headers: { "x-request-id": "neighbour-1" },
	});

	assertError(response, 503, "SERVICE_UNAVAILABLE");
	assert.ok(Number(response.headers["retry-after"]) > 0);
	assert.equal(response.json().error.requestId, "neighbour-1");
	assert.ok(!response.body.includes(unreachable), "other services' addresses stay internal");
});

test("calls made while serving a request carry its ID", async (t) => {
	const app = await build(t, FAST, {
		extend: (app) => {
			app.post("/forward", async () =>
				(await app.httpClient.fetch(`${upstream.url}/stock`)).json(),
			);
		},
	});

	const response = await app.inject({
		method: "POST",
		url: "/forward",
		payload: { quantity: 1 },
		headers: { "x-request-id": "forward-1" },
	});

	assert.equal(response.statusCode, 200);
	assert.equal(upstream.callsTo("/stock")[0]?.headers["x-request-id"], "forward-1");
});
