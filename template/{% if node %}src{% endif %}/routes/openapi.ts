import type { FastifyPluginAsync } from "fastify";

/** The OpenAPI document generated from the route schemas (also exported to openapi.json). */
const openapi: FastifyPluginAsync = async (fastify) => {
	fastify.get("/openapi.json", { schema: { hide: true } }, async () => fastify.swagger());
};

export default openapi;
