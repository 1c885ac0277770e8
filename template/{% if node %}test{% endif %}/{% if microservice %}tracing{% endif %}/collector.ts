/**
 * A trace collector for the tests: receives OTLP/HTTP exports on loopback, as Jaeger does,
 * and keeps the spans with the attributes of the resource (the service) that sent them.
 */
import { once } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { gunzipSync } from "node:zlib";
import { LoopbackServer } from "../loopback.ts";

// OTLP's numbering of span kinds (not the API's).
export const SERVER = 2;
export const CLIENT = 3;

export interface ReceivedSpan {
	name: string;
	kind: number;
	traceId: string;
	spanId: string;
	/** Empty for the first span of a trace. */
	parentSpanId: string;
	resource: Record<string, string>;
}

interface Attribute {
	key: string;
	value: { stringValue?: string };
}

interface Export {
	resourceSpans?: {
		resource?: { attributes?: Attribute[] };
		scopeSpans?: { spans?: Omit<ReceivedSpan, "resource">[] }[];
	}[];
}

export class Collector extends LoopbackServer {
	readonly spans: ReceivedSpan[] = [];

	/** A collector on a free loopback port, already receiving at `url`/v1/traces. */
	static start(): Promise<Collector> {
		return new Collector().listen();
	}

	protected async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		request.on("data", (chunk: Buffer) => chunks.push(chunk));
		await once(request, "end");
		if (request.method !== "POST" || request.url !== "/v1/traces") {
			response.writeHead(404).end();
			return;
		}
		const body = Buffer.concat(chunks);
		const gzipped = request.headers["content-encoding"] === "gzip";
		const received = JSON.parse((gzipped ? gunzipSync(body) : body).toString()) as Export;
		for (const { resource, scopeSpans = [] } of received.resourceSpans ?? []) {
			const attributes = Object.fromEntries(
				(resource?.attributes ?? []).map(({ key, value }) => [key, value.stringValue ?? ""]),
			);
			for (const { spans = [] } of scopeSpans) {
				for (const span of spans) {
					this.spans.push({
						name: span.name,
						kind: span.kind,
						traceId: span.traceId,
						spanId: span.spanId,
						parentSpanId: span.parentSpanId ?? "",
						resource: attributes,
					});
				}
			}
		}
		response.writeHead(200, { "content-type": "application/json" }).end("{}");
	}
}
