import swagger from "@fastify/swagger";
import fp from "fastify-plugin";
import { ErrorBody, ErrorDetail, ErrorEnvelope } from "../../schemas/errors.ts";
import { SERVICE_DESCRIPTION, SERVICE_TITLE, SERVICE_VERSION } from "../../service.ts";

/** The OpenAPI document, generated from the route schemas (served by routes/openapi.ts). */
export default fp(
	async (fastify) => {
		// Shared schemas become components named by their $id.
		for (const schema of [ErrorDetail, ErrorBody, ErrorEnvelope]) fastify.addSchema(schema);
		await fastify.register(swagger, {
			openapi: {
				openapi: "3.1.0",
				info: { title: SERVICE_TITLE, description: SERVICE_DESCRIPTION, version: SERVICE_VERSION },
				tags: [{ name: "items" }, { name: "operations" }],
			},
			refResolver: {
				buildLocalReference: (json, _baseUri, _fragment, index) =>
					typeof json.$id === "string" ? json.$id : `def-${index}`,
			},
		});
	},
	{ name: "swagger" },
);
