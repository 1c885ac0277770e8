import cluster from "node:cluster";
import { randomUUID } from "node:crypto";
import fp from "fastify-plugin";
import {
	AggregatorRegistry,
	Counter,
	collectDefaultMetrics,
	Histogram,
	Registry,
} from "prom-client";
import { METRICS_REPLY, METRICS_REQUEST } from "../../cluster.ts";

declare module "fastify" {
	interface FastifyInstance {
		metrics: HttpMetrics;
	}
}

// Requests that match no route share one label, so scanners cannot explode cardinality.
export const UNMATCHED_ROUTE = "<unmatched>";
// Asking the primary for every worker's counts must not hang a scrape.
const CLUSTER_SCRAPE_TIMEOUT_MS = 5000;

export interface HttpMetrics {
	observe(method: string, route: string, status: number, seconds: number): void;
	/** Prometheus text: this process's counts, or every worker's under node:cluster. */
	render(): Promise<string>;
	contentType: string;
}

/** Asks the primary process to add up all workers' registries (see cluster.ts). */
function renderFromPrimary(): Promise<string> {
	const id = randomUUID();
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => {
			process.off("message", onMessage);
			reject(new Error("The primary process did not answer a metrics request in time."));
		}, CLUSTER_SCRAPE_TIMEOUT_MS);
		function onMessage(message: { type?: string; id?: string; metrics?: string; error?: string }) {
			if (message?.type !== METRICS_REPLY || message.id !== id) return;
			clearTimeout(timer);
			process.off("message", onMessage);
			if (message.error !== undefined) reject(new Error(message.error));
			else resolve(message.metrics ?? "");
		}
		process.on("message", onMessage);
		process.send?.({ type: METRICS_REQUEST, id });
	});
}

/** One registry per application, so tests and multiple apps never share counters. */
export default fp(
	async (fastify) => {
		const registry = new Registry();
		const inCluster = cluster.isWorker;
		if (inCluster) {
			// prom-client's cluster support answers the primary with this registry's values.
			AggregatorRegistry.setRegistries([registry]);
			new AggregatorRegistry();
		} else {
			// Process statistics describe one process: only meaningful without workers.
			collectDefaultMetrics({ register: registry });
		}
		const labelNames = ["method", "route", "status"] as const;
		const requests = new Counter({
			name: "http_requests_total",
			help: "HTTP requests handled, by method, route template and status code.",
			labelNames,
			registers: [registry],
		});
		const latency = new Histogram({
			name: "http_request_duration_seconds",
			help: "Time to produce a response, by method, route template and status code.",
			labelNames,
			buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
			registers: [registry],
		});

		fastify.decorate("metrics", {
			observe(method, route, status, seconds) {
				const labels = { method, route, status: String(status) };
				requests.inc(labels);
				latency.observe(labels, seconds);
			},
			render: () => (inCluster ? renderFromPrimary() : registry.metrics()),
			contentType: registry.contentType,
		} satisfies HttpMetrics);
	},
	{ name: "metrics" },
);
