import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { ApiKeyRead, apiKeyRead } from "../../../../schemas/api-keys.ts";
import {
	DataEnvelope,
	PageEnvelope,
	PageQuery,
	requestedPage,
} from "../../../../schemas/envelopes.ts";
import { errorResponses } from "../../../../schemas/errors.ts";

const tags = ["api-keys"];
const security = [{ APIKeyHeader: [] }];

/**
 * The caller's own key, and the administrators' listing of every key. Keys are created and
 * revoked with `make api-key-create` and `make api-key-revoke`, not over HTTP: an API able to
 * mint keys would let one leaked administrator key mint more.
 */
const apiKeys: FastifyPluginAsyncTypebox = async (fastify) => {
	const repository = fastify.apiKeysRepository;
	fastify.addHook("onRequest", fastify.authenticate);

	fastify.get(
		"/current",
		{
			schema: {
				tags,
				security,
				summary: "The API key this request was made with",
				description: "Shows the name and role the key gives its caller, and when it expires.",
				operationId: "readCurrentApiKey",
				response: {
					200: { ...DataEnvelope(ApiKeyRead), description: "The caller's key." },
					...errorResponses(401, 429, 503),
				},
			},
		},
		async (request) => ({ data: apiKeyRead(request.apiKey), meta: {} }),
	);

	fastify.get(
		"",
		{
			onRequest: fastify.requireAdmin,
			schema: {
				tags,
				security,
				summary: "List API keys (administrators)",
				description: "Every key, newest first, revoked and expired ones included.",
				operationId: "listApiKeys",
				querystring: PageQuery,
				response: {
					200: { ...PageEnvelope(ApiKeyRead), description: "One page of keys." },
					...errorResponses(400, 401, 403, 429, 503),
				},
			},
		},
		async (request) => {
			const { limit, after } = requestedPage(request.query);
			const page = await repository.listPage(limit, after);
			return { data: page.items.map(apiKeyRead), meta: { limit, nextCursor: page.nextCursor } };
		},
	);
};

export default apiKeys;
export const autoPrefix = "/api/v1/api-keys";
