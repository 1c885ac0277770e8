import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { decodeCursor } from "../../../../lib/cursor.ts";
import { AppError, invalid } from "../../../../lib/errors.ts";
import { entityTag, noneMatch } from "../../../../lib/etag.ts";
import type { Item, ItemChanges } from "../../../../plugins/app/items-repository.ts";
import {
	DataEnvelope,
	DEFAULT_PAGE_SIZE,
	MAX_PAGE_SIZE,
	PageEnvelope,
	PageQuery,
} from "../../../../schemas/envelopes.ts";
import { errorResponses } from "../../../../schemas/errors.ts";
import {
	ConditionalHeaders,
	ETAG_HEADER,
	ItemCreate,
	ItemParams,
	ItemRead,
	ItemUpdate,
} from "../../../../schemas/items.ts";

const ItemEnvelope = DataEnvelope(ItemRead);
const tags = ["items"];

function notFound(id: string): AppError {
	return new AppError("NOT_FOUND", { message: `Item ${id} does not exist.` });
}

/** Names are stored trimmed; one that is only whitespace is no name. */
function trimmedName(name: string): string {
	const trimmed = name.trim();
	if (trimmed === "") throw invalid("name", "must NOT have fewer than 1 characters");
	return trimmed;
}

/** Items: the worked example resource. Copy this folder to add a resource of your own. */
const items: FastifyPluginAsyncTypebox = async (fastify) => {
	const repository = fastify.itemsRepository;

	fastify.post(
		"",
		{
			schema: {
				tags,
				summary: "Create an item",
				operationId: "createItem",
				body: ItemCreate,
				response: {
					201: { ...ItemEnvelope, description: "The item created." },
					...errorResponses(400, 409, 413, 429, 503),
				},
			},
		},
		async (request, reply) => {
			const { name, description = null } = request.body;
			const item = await repository.create(trimmedName(name), description);
			reply.code(201).header("location", `${fastify.prefix}/${item.id}`);
			return { data: item, meta: {} };
		},
	);

	fastify.get(
		"",
		{
			schema: {
				tags,
				summary: "List items, newest first",
				operationId: "listItems",
				querystring: PageQuery,
				response: {
					200: { ...PageEnvelope(ItemRead), description: "One page of items." },
					...errorResponses(400, 429, 503),
				},
			},
		},
		async (request) => {
			const limit = Math.min(request.query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
			const after = request.query.cursor ? decodeCursor(request.query.cursor) : undefined;
			const page = await repository.listPage(limit, after);
			return { data: page.items, meta: { limit, nextCursor: page.nextCursor } };
		},
	);

	fastify.get(
		"/:item_id",
		{
			schema: {
				tags,
				summary: "Get an item",
				operationId: "getItem",
				params: ItemParams,
				headers: ConditionalHeaders,
				response: {
					200: { ...ItemEnvelope, description: "The item.", headers: ETAG_HEADER },
					304: {
						...Type.Null(),
						description: "The representation the client holds is current.",
						headers: ETAG_HEADER,
					},
					...errorResponses(400, 404, 429, 503),
				},
			},
		},
		async (request, reply) => {
			const item = await repository.get(request.params.item_id);
			if (!item) throw notFound(request.params.item_id);
			// Serialised here, so the ETag is the digest of exactly the bytes sent.
			const body = JSON.stringify({ data: item, meta: {} });
			const tag = entityTag(body);
			reply.header("etag", tag);
			if (noneMatch(request.headers["if-none-match"], tag)) return reply.code(304).send(null);
			// Already serialised: Fastify sends a string as it is.
			return reply.type("application/json; charset=utf-8").send(body as never);
		},
	);

	fastify.patch(
		"/:item_id",
		{
			schema: {
				tags,
				summary: "Update an item",
				operationId: "updateItem",
				params: ItemParams,
				body: ItemUpdate,
				response: {
					200: { ...ItemEnvelope, description: "The item, changed." },
					...errorResponses(400, 404, 409, 413, 429, 503),
				},
			},
		},
		async (request) => {
			const changes: ItemChanges = {};
			if (request.body.name !== undefined) changes.name = trimmedName(request.body.name);
			if (request.body.description !== undefined) changes.description = request.body.description;
			const item: Item | undefined = await repository.update(request.params.item_id, changes);
			if (!item) throw notFound(request.params.item_id);
			return { data: item, meta: {} };
		},
	);

	fastify.delete(
		"/:item_id",
		{
			schema: {
				tags,
				summary: "Delete an item",
				operationId: "deleteItem",
				params: ItemParams,
				response: {
					204: { ...Type.Null(), description: "The item is gone." },
					...errorResponses(400, 404, 429, 503),
				},
			},
		},
		async (request, reply) => {
			if (!(await repository.delete(request.params.item_id))) {
				throw notFound(request.params.item_id);
			}
			return reply.code(204).send(null);
		},
	);
};

export default items;
export const autoPrefix = "/api/v1/items";
