import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { test } from "node:test";
import { deadLetters, openJobQueue } from "../../src/jobs/broker.ts";
import { ENRICH_ITEM } from "../../src/jobs/enrich-item.ts";
import { assertError } from "../assertions.ts";
import { build, ITEMS, testConfig, useTestDatabase } from "../helper.ts";

const database = useTestDatabase("enqueue", { emptyBetweenTests: true });
// Nothing listens there: every call to this Redis fails at once.
const UNREACHABLE_REDIS_URL = "redis://127.0.0.1:9/0";

test("creating or changing an item enqueues its enrichment", async (t) => {
	const namespace = `test-${randomUUID()}`;
	const app = await build(t, { DATABASE_URL: database.url, JOBS_NAMESPACE: namespace });
	const queue = openJobQueue(testConfig({ JOBS_NAMESPACE: namespace }).jobs);
	t.after(async () => {
		await queue.value.obliterate({ force: true });
		await queue.close();
	});

	const created = (
		await app.inject({ method: "POST", url: ITEMS, payload: { name: "Pears" } })
	).json();
	await app.inject({
		method: "PATCH",
		url: `${ITEMS}/${created.data.id}`,
		payload: { description: "ripe" },
	});

	const waiting = await queue.value.getWaiting();
	assert.equal(waiting.length, 2);
	for (const message of waiting) {
		assert.equal(message.name, ENRICH_ITEM);
		assert.equal(message.data.payload.itemId, created.data.id);
	}
	assert.deepEqual(await deadLetters(queue.value, 10), []);
});

test("an item's enrichment is pending until its job has run", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url });
	const created = await app.inject({ method: "POST", url: ITEMS, payload: { name: "Quinces" } });
	const { id } = created.json().data;

	const enrichment = await app.inject({ url: `${ITEMS}/${id}/enrichment` });
	assert.equal(enrichment.statusCode, 200);
	assert.deepEqual(enrichment.json(), {
		data: { itemId: id, status: "pending", keywords: [], enrichedAt: null },
		meta: {},
	});
	assertError(await app.inject({ url: `${ITEMS}/${randomUUID()}/enrichment` }), 404, "NOT_FOUND");
});

test("without the queue, writes answer 503 naming it and change nothing", async (t) => {
	const app = await build(t, { DATABASE_URL: database.url, REDIS_URL: UNREACHABLE_REDIS_URL });

	const refused = await app.inject({ method: "POST", url: ITEMS, payload: { name: "Plums" } });
	assertError(refused, 503, "SERVICE_UNAVAILABLE", "queue");
	assert.deepEqual((await app.inject({ url: ITEMS })).json().data, []);
	assertError(await app.inject({ url: "/ready" }), 503, "SERVICE_UNAVAILABLE", "queue");
});
