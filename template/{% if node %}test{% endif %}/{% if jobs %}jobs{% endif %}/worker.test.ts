import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { test } from "node:test";
import { pino } from "pino";
import { createDatabase } from "../../src/db/connection.ts";
import { deadLetters, enqueue, openJobQueue, startWorker } from "../../src/jobs/broker.ts";
import { jobProcessor } from "../../src/jobs/delivery.ts";
import { ENRICH_ITEM, enrichItemHandler, enrichItemJob } from "../../src/jobs/enrich-item.ts";
import { build, ITEMS, testConfig, useTestDatabase } from "../helper.ts";

const database = useTestDatabase("worker", { emptyBetweenTests: true });

/** A worker and a queue of their own (a fresh namespace), closed after the test. */
function jobsOf(t: import("node:test").TestContext, env: Record<string, string> = {}) {
	const config = testConfig({
		DATABASE_URL: database.url,
		JOBS_NAMESPACE: `test-${randomUUID()}`,
		JOB_RETRY_BASE_SECONDS: "0.01",
		JOB_MAX_ATTEMPTS: "2",
		...env,
	});
	const db = createDatabase(config);
	const queue = openJobQueue(config.jobs);
	const handlers = { [ENRICH_ITEM]: enrichItemHandler(db) };
	const worker = startWorker(config.jobs, jobProcessor(handlers, pino({ level: "silent" })));
	t.after(async () => {
		await worker.close();
		await queue.value.obliterate({ force: true });
		await queue.close();
		await db.destroy();
	});
	return { config, db, queue: queue.value, worker: worker.value };
}

test("the worker enriches a created item, and a redelivery does nothing twice", async (t) => {
	const { config, queue, worker } = jobsOf(t);
	const app = await build(t, { DATABASE_URL: database.url, JOBS_NAMESPACE: config.jobs.namespace });
	// Listening before the write: the worker may finish before the response is read.
	const completed = once(worker, "completed");
	const created = await app.inject({
		method: "POST",
		url: ITEMS,
		payload: { name: "Green apples", description: "apples from the orchard" },
	});
	const item = created.json().data;
	const [first] = await completed;
	assert.equal(first.returnvalue, "completed");

	const enrichment = (await app.inject({ url: `${ITEMS}/${item.id}/enrichment` })).json().data;
	assert.equal(enrichment.status, "completed");
	assert.deepEqual(enrichment.keywords, ["apples", "green", "orchard"]);
	assert.ok(Date.parse(enrichment.enrichedAt) >= Date.parse(item.updatedAt));

	// The same job again (same ID, as a redelivery has): BullMQ took the ID back when it
	// finished, so it runs, and finds the job done.
	const completedAgain = once(worker, "completed");
	await enqueue(queue, { ...first.data });
	const [again] = await completedAgain;
	assert.equal(again.returnvalue, "duplicate");
});

test("a job that keeps failing ends among the dead letters after its last attempt", async (t) => {
	const { queue, worker } = jobsOf(t);
	await enqueue(queue, enrichItemJob(randomUUID(), new Date().toISOString()));
	await once(worker, "failed");
	await once(worker, "failed");

	const [letter] = await deadLetters(queue, 10);
	assert.equal(letter?.attempts, 2);
	assert.match(letter?.error ?? "", /is not visible/);
});

test("a message that is not a job is dead-lettered at once", async (t) => {
	const { queue, worker } = jobsOf(t);
	await queue.add("garbage", { nope: true } as never);
	await once(worker, "failed");

	const [letter] = await deadLetters(queue, 10);
	assert.equal(letter?.attempts, 1);
	assert.match(letter?.error ?? "", /not a job/);
});
