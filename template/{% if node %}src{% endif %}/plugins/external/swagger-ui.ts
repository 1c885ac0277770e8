import swaggerUi from "@fastify/swagger-ui";
import fp from "fastify-plugin";

/**
 * The interactive API docs at /docs: Swagger UI's own assets, served from node_modules (no
 * CDN), reading the same document as /openapi.json from /docs/json.
 */
export default fp(
	async (fastify) => {
		await fastify.register(swaggerUi, { routePrefix: "/docs" });
	},
	{ name: "swagger-ui", dependencies: ["swagger"] },
);
