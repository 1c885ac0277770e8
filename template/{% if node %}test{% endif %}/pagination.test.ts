import assert from "node:assert/strict";
import { test } from "node:test";
import type { FastifyInstance } from "fastify";
import { assertError } from "./assertions.ts";
import { build, ITEMS, useTestDatabase } from "./helper.ts";

const database = useTestDatabase("pagination", { emptyBetweenTests: true });

async function createItems(app: FastifyInstance, count: number): Promise<string[]> {
	const ids: string[] = [];
	for (let index = 0; index < count; index++) {
		const response = await app.inject({
			method: "POST",
			url: ITEMS,
			payload: { name: `item-${index}-${Math.random()}` },
		});
		ids.push(response.json().data.id);
	}
	return ids;
}

async function walk(app: FastifyInstance, limit: number) {
	const pages: { data: { id: string }[]; meta: { limit: number; nextCursor: string | null } }[] =
		[];
	let cursor: string | null = null;
	do {
		const query: Record<string, string> = { limit: String(limit), ...(cursor ? { cursor } : {}) };
		const response = await app.inject({ url: ITEMS, query });
		assert.equal(response.statusCode, 200, response.body);
		pages.push(response.json());
		cursor = response.json().meta.nextCursor;
	} while (cursor !== null);
	return pages;
}

test("walking every page visits each item once, newest first", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const created = await createItems(app, 12);

	const pages = await walk(app, 5);

	assert.deepEqual(
		pages.map((page) => page.data.length),
		[5, 5, 2],
	);
	assert.deepEqual(
		pages.flatMap((page) => page.data.map((item) => item.id)),
		created.reverse(),
	);
});

test("an exact multiple of the page size ends with nextCursor null", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	await createItems(app, 4);
	const pages = await walk(app, 2);
	assert.deepEqual(
		pages.map((page) => page.data.length),
		[2, 2],
	);
});

test("items added while walking do not shift later pages", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const [oldest, middle] = await createItems(app, 2);
	const first = (await app.inject({ url: ITEMS, query: { limit: "1" } })).json();
	await createItems(app, 1);

	const second = (
		await app.inject({ url: ITEMS, query: { limit: "1", cursor: first.meta.nextCursor } })
	).json();

	assert.equal(first.data[0].id, middle);
	assert.equal(second.data[0].id, oldest);
});

test("limit defaults to 20 and is capped at 100", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	assert.equal((await app.inject({ url: ITEMS })).json().meta.limit, 20);
	assert.equal((await app.inject({ url: ITEMS, query: { limit: "1000" } })).json().meta.limit, 100);
});

test("bad limits and cursors are 400 naming the parameter", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	for (const limit of ["0", "-1", "ten", "1.5"]) {
		assertError(
			await app.inject({ url: ITEMS, query: { limit } }),
			400,
			"VALIDATION_ERROR",
			"limit",
		);
	}
	const forged = Buffer.from(
		"2026-02-30T00:00:00.000000+00:00|00000000-0000-0000-0000-000000000000",
	).toString("base64url");
	for (const cursor of ["not-a-cursor", "bm90fGF8dXVpZA", "%%%", "x".repeat(300), forged]) {
		assertError(
			await app.inject({ url: ITEMS, query: { cursor } }),
			400,
			"VALIDATION_ERROR",
			"cursor",
		);
	}
});
