import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { type TestContext, test } from "node:test";
import type { Kysely } from "kysely";
import { pino } from "pino";
import { createDatabase } from "../../src/db/connection.ts";
import type { Database } from "../../src/db/schema.ts";
import { openJobQueue, startWorker } from "../../src/jobs/broker.ts";
import type { JobHandler, JobHandlers } from "../../src/jobs/delivery.ts";
import { ENRICH_ITEM, enrichItemHandler } from "../../src/jobs/enrich-item.ts";
import { createJob, type DeadLetter, type Job } from "../../src/jobs/messages.ts";
import type { JobBroker } from "../../src/jobs/queue.ts";
import { build, ITEMS, testConfig, useTestDatabase } from "../helper.ts";
import { eventually } from "./eventually.ts";
import { publishMessage } from "./queues.ts";

const database = useTestDatabase("worker", { emptyBetweenTests: true });
const MAX_ATTEMPTS = 3;
const PROBE = "probe";
const WAIT_MS = 30_000;

/**
 * A worker running `handlers` in this process, and a connection to its broker, on a queue of
 * their own with quick retries; closed after the test.
 */
async function jobsOf(t: TestContext, handlers: (db: Kysely<Database>) => JobHandlers) {
	const config = testConfig({
		DATABASE_URL: database.url,
		JOBS_NAMESPACE: `test-${randomUUID()}`,
		JOB_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
		JOB_RETRY_BASE_SECONDS: "0.01",
		JOB_RETRY_MAX_SECONDS: "0.05",
	});
	const db = createDatabase(config);
	const broker = openJobQueue(config.jobs);
	await broker.firstAttempt;
	const worker = startWorker(config.jobs, handlers(db), pino({ level: "silent" }));
	t.after(async () => {
		await worker.close();
		await broker.close();
		await db.destroy();
	});
	return { config, broker };
}

/** A handler that records each call, and fails the first `failures` of them. */
function recordingHandler(calls: Job[], failures: number): JobHandler {
	return async (job) => {
		calls.push(job);
		if (calls.length <= failures) throw new Error(`failure ${calls.length} of ${failures}`);
		return true;
	};
}

/** The dead letters, once there are `count` of them. */
function deadLettersOf(broker: JobBroker, count: number): Promise<DeadLetter[]> {
	return eventually(
		async (): Promise<DeadLetter[] | undefined> => {
			const letters = await broker.deadLetters(10);
			return letters.length >= count ? letters : undefined;
		},
		WAIT_MS,
		() => `no ${count} dead letter(s) within ${WAIT_MS} ms`,
	);
}

test("the worker enriches a created item, and a redelivery does nothing twice", async (t) => {
	const runs: { job: Job; processed: boolean }[] = [];
	const { config } = await jobsOf(t, (db) => {
		const enrich = enrichItemHandler(db);
		return {
			[ENRICH_ITEM]: async (job) => {
				const processed = await enrich(job);
				runs.push({ job, processed });
				return processed;
			},
		};
	});
	const app = await build(t, { DATABASE_URL: database.url, JOBS_NAMESPACE: config.jobs.namespace });

	const created = await app.inject({
		method: "POST",
		url: ITEMS,
		payload: { name: "Green apples", description: "apples from the orchard" },
	});
	const item = created.json().data;
	const first = await eventually(
		() => runs[0],
		WAIT_MS,
		() => "the job never ran",
	);
	assert.equal(first.processed, true);

	const enrichment = (await app.inject({ url: `${ITEMS}/${item.id}/enrichment` })).json().data;
	assert.equal(enrichment.status, "completed");
	assert.deepEqual(enrichment.keywords, ["apples", "green", "orchard"]);
	assert.ok(Date.parse(enrichment.enrichedAt) >= Date.parse(item.updatedAt));

	// The same job again, as a redelivery brings it: it runs, and finds itself done.
	await publishMessage(config.jobs, first.job);
	const again = await eventually(
		() => runs[1],
		WAIT_MS,
		() => "the redelivery never ran",
	);
	assert.equal(again.job.id, first.job.id);
	assert.equal(again.processed, false);
});

test("a job that keeps failing is dead-lettered after exactly its last attempt", async (t) => {
	const calls: Job[] = [];
	const { broker } = await jobsOf(t, () => ({ [PROBE]: recordingHandler(calls, 99) }));
	const job = createJob(PROBE, { n: 1 });

	await broker.publish(job);
	const [letter] = await deadLettersOf(broker, 1);

	assert.deepEqual(
		calls.map((call) => call.id),
		Array(MAX_ATTEMPTS).fill(job.id),
	);
	assert.deepEqual(letter?.job, job);
	assert.equal(letter?.attempts, MAX_ATTEMPTS);
	assert.match(letter?.error ?? "", /failure 3 of 99$/);
	assert.ok(letter?.failedAt && Date.parse(letter.failedAt) <= Date.now());
});

test("a job that fails twice, then succeeds, is not dead-lettered", async (t) => {
	const calls: Job[] = [];
	const { broker } = await jobsOf(t, () => ({ [PROBE]: recordingHandler(calls, 2) }));

	await broker.publish(createJob(PROBE, {}));
	await eventually(
		() => (calls.length >= 3 ? calls : undefined),
		WAIT_MS,
		() => `${calls.length} of 3 calls within ${WAIT_MS} ms`,
	);

	assert.equal(calls.length, 3);
	assert.deepEqual(await broker.deadLetters(10), []);
});

test("a dead letter keeps an error of several lines", async (t) => {
	const { broker } = await jobsOf(t, () => ({
		[PROBE]: async () => {
			throw new Error("first line\nsecond line");
		},
	}));

	await broker.publish(createJob(PROBE, {}));
	const [letter] = await deadLettersOf(broker, 1);

	assert.match(letter?.error ?? "", /first line\s+second line$/);
});

test("reading the dead letters removes none of them", async (t) => {
	const { broker } = await jobsOf(t, () => ({ [PROBE]: recordingHandler([], 99) }));
	await broker.publish(createJob(PROBE, {}));
	await deadLettersOf(broker, 1);

	assert.equal((await broker.deadLetters(10)).length, 1);
	assert.equal((await broker.deadLetters(10)).length, 1);
});

for (const [description, message, reason] of [
	["a message of bare text", "not json at all", /not a job/],
	["a message that is not a job", { nope: true }, /not a job/],
	[
		"a job no handler takes",
		{ id: randomUUID(), name: "unheard-of", payload: {} },
		/no handler for job "unheard-of"/,
	],
] as const) {
	test(`${description} is dead-lettered at once`, async (t) => {
		const calls: Job[] = [];
		const { config, broker } = await jobsOf(t, () => ({ [PROBE]: recordingHandler(calls, 0) }));

		await publishMessage(config.jobs, message);
		const [letter] = await deadLettersOf(broker, 1);

		assert.deepEqual(calls, []);
		assert.equal(letter?.attempts, 1);
		assert.match(letter?.error ?? "", reason);
	});
}
