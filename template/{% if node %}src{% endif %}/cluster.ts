import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import { AggregatorRegistry } from "prom-client";
import type { Config } from "./config.ts";
import { SERVICE_NAME } from "./service.ts";

// Messages between a worker serving /metrics and the primary adding up every worker.
export const METRICS_REQUEST = `${SERVICE_NAME}:metrics-request`;
export const METRICS_REPLY = `${SERVICE_NAME}:metrics-reply`;
// Past the workers' own shutdown timeout, a worker still running is stuck.
const KILL_GRACE_MS = 5000;

/**
 * WEB_CONCURRENCY > 1: this primary process forks the workers, which share the port. It
 * replaces a worker that dies, answers their metrics requests with every worker's counts,
 * and on SIGTERM/SIGINT stops them all gracefully before exiting.
 */
export function runPrimary(config: Config, logger: Logger): void {
	const aggregator = new AggregatorRegistry();
	let stopping = false;

	cluster.on("message", (worker: Worker, message: { type?: string; id?: string }) => {
		if (message?.type !== METRICS_REQUEST) return;
		aggregator.clusterMetrics().then(
			(metrics) => worker.send({ type: METRICS_REPLY, id: message.id, metrics }),
			(error: Error) => worker.send({ type: METRICS_REPLY, id: message.id, error: error.message }),
		);
	});

	cluster.on("exit", (worker, code, signal) => {
		if (stopping) {
			if (Object.keys(cluster.workers ?? {}).length === 0) {
				logger.info("Application shutdown complete.");
				process.exit(0);
			}
			return;
		}
		logger.error({ pid: worker.process.pid, code, signal }, "Worker died; starting another");
		cluster.fork();
	});

	function stop(signal: NodeJS.Signals): void {
		if (stopping) return;
		stopping = true;
		logger.info({ signal }, "Stopping workers");
		for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
		setTimeout(
			() => {
				logger.error("Workers did not stop in time; killing them");
				for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
				process.exit(1);
			},
			config.shutdownTimeoutSeconds * 1000 + KILL_GRACE_MS,
		).unref();
	}
	process.on("SIGTERM", stop);
	process.on("SIGINT", stop);

	logger.info({ workers: config.webConcurrency }, "Starting workers");
	for (let index = 0; index < config.webConcurrency; index++) cluster.fork();
}
