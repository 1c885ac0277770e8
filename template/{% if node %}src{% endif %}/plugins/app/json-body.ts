import fp from "fastify-plugin";

/**
 * JSON bodies as Fastify parses them (prototype poisoning refused), except that an empty
 * body is no body: clients send `Content-Type: application/json` on a DELETE too, and
 * Fastify would answer that 400. Where a route needs a body, its schema says so.
 */
export default fp(
	async (fastify) => {
		const parseJson = fastify.getDefaultJsonParser("error", "error");
		fastify.removeContentTypeParser("application/json");
		fastify.addContentTypeParser(
			"application/json",
			{ parseAs: "string" },
			(request, body, done) => {
				if (body === "") done(null, undefined);
				else parseJson(request, body as string, done);
			},
		);
	},
	{ name: "json-body" },
);
