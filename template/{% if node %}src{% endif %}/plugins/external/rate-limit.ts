import rateLimit from "@fastify/rate-limit";
import fp from "fastify-plugin";
import type { Config } from "../../config.ts";
import { AppError } from "../../lib/errors.ts";

/**
 * RATE_LIMIT per client address, counted in this process's memory (per worker). The address
 * is the one X-Forwarded-For gives when the peer is a trusted (loopback) proxy.
 * Probes and scrapers opt out per route (`config: { rateLimit: false }`).
 */
export default fp<{ config: Config }>(
	async (fastify, { config }) => {
		await fastify.register(rateLimit, {
			global: true,
			max: config.rateLimit.requests,
			timeWindow: config.rateLimit.seconds * 1000,
			keyGenerator: (request) => request.ip,
			addHeadersOnExceeding: {
				"x-ratelimit-limit": false,
				"x-ratelimit-remaining": false,
				"x-ratelimit-reset": false,
			},
			addHeaders: {
				"x-ratelimit-limit": false,
				"x-ratelimit-remaining": false,
				"x-ratelimit-reset": false,
				"retry-after": false,
			},
			// Thrown by the plugin, so the error handler answers it like every other error.
			errorResponseBuilder: (_request, context) =>
				new AppError("RATE_LIMITED", {
					headers: { "retry-after": String(Math.max(1, Math.ceil(context.ttl / 1000))) },
				}),
		});
	},
	{ name: "rate-limit" },
);
