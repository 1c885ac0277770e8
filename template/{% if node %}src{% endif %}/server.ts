/** Start the service: `node src/server.ts` (development) or `node dist/server.js`. */
import cluster from "node:cluster";
import closeWithGrace from "close-with-grace";
import Fastify from "fastify";
import fp from "fastify-plugin";
import serviceApp, { serverOptions } from "./app.ts";
import { runPrimary } from "./cluster.ts";
import { type Config, loadConfigOrExit } from "./config.ts";
import { createLogger } from "./logger.ts";

async function serve(config: Config): Promise<void> {
	const logger = createLogger(config);
	const app = Fastify(serverOptions(config, logger));
	app.register(fp(serviceApp), { config });

	// On SIGTERM/SIGINT: stop accepting, let in-flight requests finish (bounded), then
	// release the pool. A second signal or the timeout exits at once.
	closeWithGrace({ delay: config.shutdownTimeoutSeconds * 1000 }, async ({ signal, err }) => {
		if (err) app.log.error({ err }, "Shutting down after an unexpected error");
		else app.log.info({ signal }, "Shutting down");
		await app.close();
		app.log.info("Application shutdown complete.");
	});

	try {
		await app.listen({ host: config.host, port: config.port });
	} catch (error) {
		app.log.error({ err: error }, "Could not start");
		process.exit(1);
	}
}

const config = loadConfigOrExit();
if (config.webConcurrency > 1 && cluster.isPrimary) {
	runPrimary(config, createLogger(config));
} else {
	await serve(config);
}
