import { randomUUID } from "node:crypto";
import fp from "fastify-plugin";
import type { Kysely, Selectable } from "kysely";
import { databaseTimestamp } from "../../db/connection.ts";
import type { Database, ItemsTable } from "../../db/schema.ts";
import { utcNow } from "../../lib/clock.ts";
import { type Cursor, encodeCursor } from "../../lib/cursor.ts";
import { isUniqueViolation } from "../../lib/database-errors.ts";
import { AppError } from "../../lib/errors.ts";

declare module "fastify" {
	interface FastifyInstance {
		itemsRepository: ItemsRepository;
	}
}

export interface Item {
	id: string;
	name: string;
	description: string | null;
	createdAt: string;
	updatedAt: string;
}

export interface ItemPage {
	items: Item[];
	// The `cursor` of the next page; null on the last page.
	nextCursor: string | null;
}

export interface ItemChanges {
	name?: string;
	description?: string | null;
}

function toItem(row: Selectable<ItemsTable>): Item {
	return {
		id: row.id,
		name: row.name,
		description: row.description,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
	};
}

function nameTaken(name: string): AppError {
	return new AppError("CONFLICT", {
		message: "An item with this name already exists.",
		details: [{ field: "name", message: name }],
	});
}

/**
 * The stored form of an id the route accepted: ajv's uuid format allows upper case and a
 * "urn:uuid:" prefix, while stored ids are plain lower case on every database.
 */
function storedId(id: string): string {
	return id.toLowerCase().replace(/^urn:uuid:/, "");
}

/** The unique constraint decides, so two concurrent requests cannot both win. */
async function unlessNameTaken<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
	try {
		return await write();
	} catch (error) {
		if (isUniqueViolation(error) && name !== undefined) {
			throw nameTaken(name);
		}
		throw error;
	}
}

/**
 * Item persistence: the only code that writes SQL for items. Ids and timestamps are made
 * here rather than by column defaults, so every database stores the same values.
 */
export function itemsRepository(db: Kysely<Database>) {
	return {
		async get(id: string): Promise<Item | undefined> {
			const row = await db
				.selectFrom("items")
				.selectAll()
				.where("id", "=", storedId(id))
				.executeTakeFirst();
			return row && toItem(row);
		},

		/**
		 * Newest first. Seeks past the cursor's (created_at, id) instead of using OFFSET, so a
		 * page costs the same however deep it is and rows inserted meanwhile never shift a
		 * page. One row more than the page is read: it tells whether a next page exists.
		 */
		async listPage(limit: number, after?: Cursor): Promise<ItemPage> {
			let query = db
				.selectFrom("items")
				.selectAll()
				.orderBy("created_at", "desc")
				.orderBy("id", "desc")
				.limit(limit + 1);
			if (after) {
				query = query.where(({ eb, refTuple, tuple }) =>
					eb(
						refTuple("created_at", "id"),
						"<",
						tuple(databaseTimestamp(after.createdAt), after.id),
					),
				);
			}
			const rows = (await query.execute()).map(toItem);
			if (rows.length <= limit) return { items: rows, nextCursor: null };
			const items = rows.slice(0, limit);
			const last = items[items.length - 1] as Item;
			return { items, nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) };
		},

		async create(name: string, description: string | null): Promise<Item> {
			const now = utcNow();
			const item = { id: randomUUID(), name, description, createdAt: now, updatedAt: now };
			const stored = databaseTimestamp(now);
			await unlessNameTaken(name, () =>
				db
					.insertInto("items")
					.values({ id: item.id, name, description, created_at: stored, updated_at: stored })
					.execute(),
			);
			return item;
		},

		/** Only the members given change; undefined when the item does not exist. */
		async update(id: string, changes: ItemChanges): Promise<Item | undefined> {
			if (Object.keys(changes).length === 0) return this.get(id);
			const updatedAt = databaseTimestamp(utcNow());
			await unlessNameTaken(changes.name, () =>
				db
					.updateTable("items")
					.set({ ...changes, updated_at: updatedAt })
					.where("id", "=", storedId(id))
					.execute(),
			);
			return this.get(id);
		},

		/** False when there was no such item. */
		async delete(id: string): Promise<boolean> {
			const result = await db.deleteFrom("items").where("id", "=", storedId(id)).executeTakeFirst();
			return result.numDeletedRows > 0n;
		},
	};
}

export type ItemsRepository = ReturnType<typeof itemsRepository>;

export default fp(
	async (fastify) => {
		fastify.decorate("itemsRepository", itemsRepository(fastify.db));
	},
	{ name: "items-repository", dependencies: ["db"] },
);
