import cors from "@fastify/cors";
import fp from "fastify-plugin";
import type { Config } from "../../config.ts";

/** Cross-origin requests only from CORS_ORIGINS; with none configured, no CORS at all. */
export default fp<{ config: Config }>(
	async (fastify, { config }) => {
		if (config.corsOrigins.length === 0) return;
		await fastify.register(cors, {
			origin: config.corsOrigins,
			methods: ["GET", "POST", "PATCH", "DELETE"],
			allowedHeaders: ["Content-Type", "Authorization", "X-Request-ID", "If-None-Match"],
			exposedHeaders: ["X-Request-ID", "Location", "Retry-After", "ETag"],
			maxAge: 600,
		});
	},
	{ name: "cors" },
);
