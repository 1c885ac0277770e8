import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { invalidToken } from "../../../../auth/errors.ts";
import {
	DataEnvelope,
	PageEnvelope,
	PageQuery,
	requestedPage,
} from "../../../../schemas/envelopes.ts";
import { errorResponses } from "../../../../schemas/errors.ts";
import { UserRead, userRead } from "../../../../schemas/users.ts";

const tags = ["users"];
const security = [{ bearerAuth: [] }];

/** The caller's own account, and the administrators' listing of every account. */
const users: FastifyPluginAsyncTypebox = async (fastify) => {
	const repository = fastify.usersRepository;
	fastify.addHook("onRequest", fastify.authenticate);

	fastify.get(
		"/me",
		{
			schema: {
				tags,
				security,
				summary: "The account the access token belongs to",
				operationId: "readCurrentUser",
				response: {
					200: { ...DataEnvelope(UserRead), description: "The caller's account." },
					...errorResponses(401, 429, 503),
				},
			},
		},
		async (request) => {
			const user = await repository.get(request.principal.subject);
			// Deleted or deactivated since the token was issued.
			if (!user?.isActive) throw invalidToken();
			return { data: userRead(user), meta: {} };
		},
	);

	fastify.get(
		"",
		{
			onRequest: fastify.requireAdmin,
			schema: {
				tags,
				security,
				summary: "List accounts (administrators)",
				operationId: "listUsers",
				querystring: PageQuery,
				response: {
					200: { ...PageEnvelope(UserRead), description: "One page of accounts." },
					...errorResponses(400, 401, 403, 429, 503),
				},
			},
		},
		async (request) => {
			const { limit, after } = requestedPage(request.query);
			const page = await repository.listPage(limit, after);
			return { data: page.items.map(userRead), meta: { limit, nextCursor: page.nextCursor } };
		},
	);
};

export default users;
export const autoPrefix = "/api/v1/users";
