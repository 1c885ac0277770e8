import fp from "fastify-plugin";
import type { Config } from "../../config.ts";

declare module "fastify" {
	interface FastifyInstance {
		config: Config;
	}
}

/** The settings read at start-up (server.ts, or a test's build()), for every plugin and route. */
export default fp<{ config: Config }>(
	async (fastify, opts) => {
		fastify.decorate("config", opts.config);
	},
	{ name: "config" },
);
