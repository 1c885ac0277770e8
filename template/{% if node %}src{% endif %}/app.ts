import path from "node:path";
import autoload from "@fastify/autoload";
import {
	type FastifyBaseLogger,
	type FastifyInstance,
	type FastifyReply,
	type FastifyServerOptions,
	LogController,
} from "fastify";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { AppError, errorBody } from "./lib/errors.ts";
import { REQUEST_ID_HEADER, requestIdOf, SECURITY_HEADERS } from "./plugins/app/request-context.ts";

export interface AppOptions {
	config: Config;
}

/** Fastify's own options, shared by server.ts and the tests' build(). */
export function serverOptions(
	config: Config,
	logger: Logger,
): FastifyServerOptions & { loggerInstance: FastifyBaseLogger } {
	return {
		loggerInstance: logger as FastifyBaseLogger,
		// The request-context plugin writes one access line per request instead.
		logController: new LogController({
			disableRequestLogging: true,
			requestIdLogLabel: "requestId",
		}),
		genReqId: requestIdOf,
		// Trust X-Forwarded-For only from a reverse proxy on this host.
		trustProxy: "loopback",
		bodyLimit: config.maxBodyBytes,
		// Like the other stacks: HEAD is not served unless a route says so.
		exposeHeadRoutes: false,
		// In-flight and keep-alive requests finish normally during shutdown (close-with-grace).
		return503OnClosing: false,
		// Slow clients cannot hold a connection forever.
		requestTimeout: 30_000,
		connectionTimeout: 60_000,
		keepAliveTimeout: 65_000,
		// A URL the router cannot decode (bad percent-encoding) is the client's mistake.
		frameworkErrors: (error, request, reply) => {
			const appError = new AppError("VALIDATION_ERROR", {
				details: [{ field: "path", message: error.message }],
			});
			(reply as FastifyReply)
				.code(400)
				.header(REQUEST_ID_HEADER, request.id)
				.headers(SECURITY_HEADERS)
				.type("application/json; charset=utf-8")
				.send(errorBody(appError, request.id));
		},
	};
}

/**
 * The whole service as one plugin: third-party plugins, then our own decorators and hooks,
 * then the routes. server.ts and the tests register it with fastify-plugin.
 */
export default async function serviceApp(
	fastify: FastifyInstance,
	opts: AppOptions,
): Promise<void> {
	const dir = (folder: string) => path.join(import.meta.dirname, folder);
	await fastify.register(autoload, { dir: dir("plugins/external"), options: opts });
	await fastify.register(autoload, { dir: dir("plugins/app"), options: opts });
	await fastify.register(autoload, { dir: dir("routes"), options: opts });
}
