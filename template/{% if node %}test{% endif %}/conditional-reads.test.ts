import assert from "node:assert/strict";
import { test } from "node:test";
import { build, ITEMS, useTestDatabase } from "./helper.ts";

const database = useTestDatabase("conditional", { emptyBetweenTests: true });

test("If-None-Match with the current ETag answers 304, in every accepted form", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (await app.inject({ method: "POST", url: ITEMS, payload: { name: "a" } })).json()
		.data;
	const url = `${ITEMS}/${item.id}`;
	const tag = String((await app.inject({ url })).headers.etag);

	for (const condition of [tag, `W/${tag}`, `"another-tag", ${tag}`, "*"]) {
		const unchanged = await app.inject({ url, headers: { "if-none-match": condition } });
		assert.equal(unchanged.statusCode, 304, condition);
		assert.equal(unchanged.body, "");
		assert.equal(unchanged.headers.etag, tag);
	}
	assert.equal(
		(await app.inject({ url, headers: { "if-none-match": '"another-tag"' } })).statusCode,
		200,
	);
});

test("after a change the old ETag no longer matches", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (await app.inject({ method: "POST", url: ITEMS, payload: { name: "a" } })).json()
		.data;
	const url = `${ITEMS}/${item.id}`;
	const tag = String((await app.inject({ url })).headers.etag);

	await app.inject({ method: "PATCH", url, payload: { description: "changed" } });
	const changed = await app.inject({ url, headers: { "if-none-match": tag } });

	assert.equal(changed.statusCode, 200);
	assert.equal(changed.json().data.description, "changed");
	assert.notEqual(changed.headers.etag, tag);
});
