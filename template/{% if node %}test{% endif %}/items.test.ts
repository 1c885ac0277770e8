import assert from "node:assert/strict";
import { test } from "node:test";
import { assertError, assertTimestamp } from "./assertions.ts";
import { build, ITEMS, useTestDatabase } from "./helper.ts";

const database = useTestDatabase("items", { emptyBetweenTests: true });

test("create answers 201, a Location and the item in the envelope", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const created = await app.inject({
		method: "POST",
		url: ITEMS,
		payload: { name: "Blue widget", description: "d" },
	});

	assert.equal(created.statusCode, 201);
	const body = created.json();
	assert.deepEqual(Object.keys(body), ["data", "meta"]);
	assert.deepEqual(body.meta, {});
	assert.deepEqual(Object.keys(body.data).sort(), [
		"createdAt",
		"description",
		"id",
		"name",
		"updatedAt",
	]);
	assertTimestamp(body.data.createdAt);
	assert.equal(created.headers.location, `${ITEMS}/${body.data.id}`);
	const fetched = await app.inject({ url: String(created.headers.location) });
	assert.deepEqual(fetched.json().data, body.data);
});

test("names are stored trimmed; blank names are refused", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const created = await app.inject({ method: "POST", url: ITEMS, payload: { name: "  padded  " } });
	assert.equal(created.json().data.name, "padded");
	assert.equal(created.json().data.description, null);
	assertError(
		await app.inject({ method: "POST", url: ITEMS, payload: { name: "   " } }),
		400,
		"VALIDATION_ERROR",
		"name",
	);
});

test("create refuses invalid bodies naming the member", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const cases: [unknown, string][] = [
		[{}, "name"],
		[{ name: 42 }, "name"],
		[{ name: "" }, "name"],
		[{ name: "x".repeat(201) }, "name"],
		[{ name: "bell\u0007" }, "name"],
		[{ name: "ok", description: "nul\u0000" }, "description"],
		[{ name: "ok", colour: "red" }, "colour"],
		[["not", "an", "object"], "body"],
	];
	for (const [payload, field] of cases) {
		const response = await app.inject({ method: "POST", url: ITEMS, payload: payload as object });
		assertError(response, 400, "VALIDATION_ERROR", field);
	}
});

test("malformed JSON is 400 naming the body", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const response = await app.inject({
		method: "POST",
		url: ITEMS,
		headers: { "content-type": "application/json" },
		payload: '{"name": ',
	});
	assertError(response, 400, "VALIDATION_ERROR", "body");
});

test("patch changes only the members given; null clears the description", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (
		await app.inject({ method: "POST", url: ITEMS, payload: { name: "a", description: "kept" } })
	).json().data;

	const renamed = await app.inject({
		method: "PATCH",
		url: `${ITEMS}/${item.id}`,
		payload: { name: "b" },
	});
	assert.equal(renamed.statusCode, 200);
	assert.equal(renamed.json().data.description, "kept");
	const cleared = await app.inject({
		method: "PATCH",
		url: `${ITEMS}/${item.id}`,
		payload: { description: null },
	});
	assert.deepEqual(cleared.json().data, {
		...renamed.json().data,
		description: null,
		updatedAt: cleared.json().data.updatedAt,
	});
	assert.ok(cleared.json().data.updatedAt >= item.updatedAt);
});

test("patch refuses a null name and unknown members", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (await app.inject({ method: "POST", url: ITEMS, payload: { name: "a" } })).json()
		.data;
	assertError(
		await app.inject({ method: "PATCH", url: `${ITEMS}/${item.id}`, payload: { name: null } }),
		400,
		"VALIDATION_ERROR",
		"name",
	);
	assertError(
		await app.inject({ method: "PATCH", url: `${ITEMS}/${item.id}`, payload: { colour: "red" } }),
		400,
		"VALIDATION_ERROR",
		"colour",
	);
});

test("duplicate names are 409, on create and on rename", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	await app.inject({ method: "POST", url: ITEMS, payload: { name: "taken" } });
	const other = (
		await app.inject({ method: "POST", url: ITEMS, payload: { name: "other" } })
	).json().data;

	assertError(
		await app.inject({ method: "POST", url: ITEMS, payload: { name: "taken" } }),
		409,
		"CONFLICT",
		"name",
	);
	assertError(
		await app.inject({ method: "PATCH", url: `${ITEMS}/${other.id}`, payload: { name: "taken" } }),
		409,
		"CONFLICT",
	);
});

test("delete answers 204 with no body, then the item is gone", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (await app.inject({ method: "POST", url: ITEMS, payload: { name: "a" } })).json()
		.data;

	const deleted = await app.inject({ method: "DELETE", url: `${ITEMS}/${item.id}` });
	assert.equal(deleted.statusCode, 204);
	assert.equal(deleted.body, "");
	assertError(await app.inject({ url: `${ITEMS}/${item.id}` }), 404, "NOT_FOUND");
	assertError(await app.inject({ method: "DELETE", url: `${ITEMS}/${item.id}` }), 404, "NOT_FOUND");
	assertError(
		await app.inject({ method: "PATCH", url: `${ITEMS}/${item.id}`, payload: { name: "x" } }),
		404,
		"NOT_FOUND",
	);
});

test("a JSON content type with an empty body is no body: delete works, create is 400", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const item = (await app.inject({ method: "POST", url: ITEMS, payload: { name: "a" } })).json()
		.data;
	const json = { "content-type": "application/json" };

	const deleted = await app.inject({ method: "DELETE", url: `${ITEMS}/${item.id}`, headers: json });
	assert.equal(deleted.statusCode, 204);
	const created = await app.inject({ method: "POST", url: ITEMS, headers: json, body: "" });
	assertError(created, 400, "VALIDATION_ERROR", "body");
});

test("an item id that is not a UUID is 400 naming it", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	assertError(await app.inject({ url: `${ITEMS}/not-a-uuid` }), 400, "VALIDATION_ERROR", "item_id");
});
