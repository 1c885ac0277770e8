/**
 * Traces, and the service's name and trace IDs in its logs and metrics.
 *
 * The application serves on loopback (app.inject() bypasses node:http, where request spans
 * start) and exports to a real OTLP/HTTP collector, also on loopback.
 */
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, type TestContext, test } from "node:test";
import { context } from "@opentelemetry/api";
import { suppressTracing } from "@opentelemetry/core";
import { createLogger } from "../../src/logger.ts";
import { type BuildOptions, build, ITEMS, LogCapture, testConfig } from "../helper.ts";
import { Upstream } from "../outbound/upstream.ts";
import { Collector, type ReceivedSpan, SERVER } from "./collector.ts";

const CALLER_TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN_ID = "00f067aa0ba902b7";
const TRACEPARENT = `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01`;

let collector: Collector;
beforeEach(async () => {
	collector = await Collector.start();
});
afterEach(() => collector.close());

interface Served {
	get(path: string, headers?: Record<string, string>): Promise<Response>;
	/** Closes the application, which sends the spans it still holds. */
	stop(): Promise<void>;
}

/** The application on a loopback port, exporting its spans to the collector. */
async function serve(
	t: TestContext,
	env: Record<string, string> = {},
	options: BuildOptions = {},
): Promise<Served> {
	const endpoint = { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url };
	const app = await build(t, { ...endpoint, ...env }, { ...options, as: null });
	await app.listen({ port: 0, host: "127.0.0.1" });
	const { port } = app.server.address() as AddressInfo;
	return {
		// The test is the caller, not a traced client: its headers reach the service as sent.
		get: (path, headers = {}) =>
			context.with(suppressTracing(context.active()), () =>
				fetch(`http://127.0.0.1:${port}${path}`, { headers }),
			),
		stop: () => app.close(),
	};
}

function serverSpans(): ReceivedSpan[] {
	return collector.spans.filter((span) => span.kind === SERVER);
}

test("a request with a traceparent continues the caller's trace", async (t) => {
	const service = await serve(t);
	await service.get(`${ITEMS}/nope`, { traceparent: TRACEPARENT });
	await service.stop();

	const [server, ...others] = serverSpans();
	assert.deepEqual(others, []);
	assert.equal(server?.traceId, CALLER_TRACE_ID);
	assert.equal(server?.parentSpanId, CALLER_SPAN_ID);
	assert.equal(server?.name, `GET ${ITEMS}/{item_id}`);
});

test("a request without one starts a trace", async (t) => {
	const service = await serve(t);
	await service.get(ITEMS);
	await service.stop();

	const [server] = serverSpans();
	assert.equal(server?.parentSpanId, "");
	assert.notEqual(server?.traceId, CALLER_TRACE_ID);
	assert.equal(server?.name, `GET ${ITEMS}`);
});

test("probes and scrapes are not traced", async (t) => {
	const service = await serve(t);
	for (const path of ["/health", "/ready", "/metrics"]) await service.get(path);
	await service.stop();

	assert.deepEqual(collector.spans, []);
});

test("log lines name the service and the trace", async (t) => {
	const logs = new LogCapture();
	const service = await serve(t, { SERVICE_NAME: "checkout", LOG_LEVEL: "INFO" }, { logs });
	await service.get(ITEMS, { traceparent: TRACEPARENT, "x-request-id": "req-42" });
	await service.stop();

	const [access] = logs.lines.filter((line) => line.logger === "access");
	const [server] = serverSpans();
	assert.equal(access?.service, "checkout");
	assert.equal(access?.requestId, "req-42");
	assert.deepEqual([access?.traceId, access?.spanId], [CALLER_TRACE_ID, server?.spanId]);
});

test("lines logged outside a request carry no trace", () => {
	const logs = new LogCapture();
	createLogger(testConfig({ LOG_LEVEL: "INFO" }), logs).info("between requests");

	const [line] = logs.lines;
	assert.equal(line?.message, "between requests");
	assert.ok(!("traceId" in (line ?? {})));
});

test("every request series is labelled with the service", async (t) => {
	const app = await build(t, { SERVICE_NAME: "checkout" }, { as: null });
	await app.inject({ url: ITEMS });
	const scrape = (await app.inject({ url: "/metrics" })).body;

	const requests = scrape.split("\n").filter((line) => line.startsWith("http_requests_total{"));
	assert.ok(requests.length > 0);
	for (const line of requests) assert.match(line, /[{,]service="checkout"[,}]/);
});

test("without a collector, spans are not exported but the trace still flows on", async (t) => {
	const upstream = await Upstream.start();
	t.after(() => upstream.close());
	const service = await serve(
		t,
		{ OTEL_EXPORTER_OTLP_ENDPOINT: "" },
		{
			extend: (app) => {
				app.get("/forward", async () =>
					(await app.httpClient.fetch(`${upstream.url}/stock`)).json(),
				);
			},
		},
	);
	await service.get("/forward", { traceparent: TRACEPARENT });
	await service.stop();

	const [call] = upstream.callsTo("/stock");
	assert.equal(String(call?.headers.traceparent).split("-")[1], CALLER_TRACE_ID);
	assert.deepEqual(collector.spans, []);
});

test("spans reach the collector named after the service", async (t) => {
	const service = await serve(t, { SERVICE_NAME: "checkout" });
	await service.get(ITEMS, { traceparent: TRACEPARENT });
	// Stopping the application sent the batched spans.
	await service.stop();

	const [server] = serverSpans().filter((span) => span.name === `GET ${ITEMS}`);
	assert.equal(server?.traceId, CALLER_TRACE_ID);
	assert.equal(server?.parentSpanId, CALLER_SPAN_ID);
	assert.equal(server?.resource["service.name"], "checkout");
	assert.equal(server?.resource["deployment.environment.name"], "test");
});
