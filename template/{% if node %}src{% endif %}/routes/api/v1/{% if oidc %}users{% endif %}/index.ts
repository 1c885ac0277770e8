import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { DataEnvelope } from "../../../../schemas/envelopes.ts";
import { errorResponses } from "../../../../schemas/errors.ts";
import { CallerRead } from "../../../../schemas/users.ts";

/** The callers the identity provider vouches for, as this service sees them. */
const users: FastifyPluginAsyncTypebox = async (fastify) => {
	fastify.addHook("onRequest", fastify.authenticate);

	fastify.get(
		"/me",
		{
			schema: {
				tags: ["users"],
				security: [{ bearerAuth: [] }],
				summary: "The caller, as the access token describes them",
				description:
					"Shows which role the token's claims map to: the first thing to check when an " +
					"administrator is refused.",
				operationId: "readCurrentUser",
				response: {
					200: { ...DataEnvelope(CallerRead), description: "The caller." },
					...errorResponses(401, 429, 503),
				},
			},
		},
		async (request) => {
			const { subject: id, role } = request.principal;
			return { data: { id, role }, meta: {} };
		},
	);
};

export default users;
export const autoPrefix = "/api/v1/users";
