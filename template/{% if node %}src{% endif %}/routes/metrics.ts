import type { FastifyPluginAsync } from "fastify";

/** Prometheus scrape endpoint; not part of the API document, never rate limited. */
const metrics: FastifyPluginAsync = async (fastify) => {
	fastify.get(
		"/metrics",
		{ config: { rateLimit: false }, schema: { hide: true } },
		async (_request, reply) => {
			const text = await fastify.metrics.render();
			return reply.type(fastify.metrics.contentType).send(text);
		},
	);
};

export default metrics;
