import { type Processor, Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { JobsConfig } from "./config.ts";
import type { Outcome } from "./delivery.ts";
import type { DeadLetter, Job } from "./messages.ts";
import { delayAfter } from "./retry.ts";

/** The queue's name under the namespace: its Redis keys are `<namespace>:jobs:*`. */
const QUEUE_NAME = "jobs";
const BACKOFF_TYPE = "capped-exponential";
// BullMQ's default interval between checks for jobs whose lock expired.
const MAX_STALLED_CHECK_INTERVAL_MS = 30_000;

/** BullMQ closes only the connections it opened: each of ours closes after its user. */
export interface Closeable<T> {
	readonly value: T;
	close(): Promise<void>;
}

export interface JobQueueConnection extends Closeable<Queue<Job, Outcome>> {
	/** Settles once the first attempt to connect has succeeded or failed. */
	readonly firstAttempt: Promise<void>;
	/** Whether Redis is connected now (BullMQ would wait for it). */
	isReady(): boolean;
}

/**
 * The API's side of the queue. Its connection queues no command while Redis is unreachable,
 * so an enqueue fails at once instead of holding the request.
 */
export function openJobQueue(config: JobsConfig): JobQueueConnection {
	const connection = new Redis(config.redisUrl, {
		enableOfflineQueue: false,
		maxRetriesPerRequest: 1,
	});
	const queue = new Queue<Job, Outcome>(QUEUE_NAME, {
		connection,
		prefix: config.namespace,
		defaultJobOptions: {
			attempts: config.retry.maxAttempts,
			backoff: { type: BACKOFF_TYPE },
			// A finished job leaves nothing behind; a failed one stays, as a dead letter.
			removeOnComplete: true,
			removeOnFail: false,
		},
	});
	const firstAttempt = new Promise<void>((settle) => {
		connection.once("ready", settle);
		connection.once("error", () => settle());
	});
	return {
		value: queue,
		firstAttempt,
		isReady: () => connection.status === "ready",
		async close() {
			await queue.close();
			connection.disconnect();
		},
	};
}

export async function enqueue(queue: Queue<Job, Outcome>, job: Job): Promise<void> {
	// The job's ID is BullMQ's too: enqueueing the same job twice stores it once.
	await queue.add(job.name, job, { jobId: job.id });
}

export function startWorker(
	config: JobsConfig,
	processor: Processor<Job, Outcome>,
): Closeable<Worker<Job, Outcome>> {
	// A worker blocks on Redis: its commands must wait out an outage, never fail after N tries.
	const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
	const visibilityTimeoutMs = config.visibilityTimeoutSeconds * 1000;
	const worker = new Worker<Job, Outcome>(QUEUE_NAME, processor, {
		connection,
		prefix: config.namespace,
		// One job at a time per process, as the other brokers deliver: scale with processes.
		concurrency: 1,
		// The worker renews its lock while it runs; a job whose worker died is handed to
		// another once the lock expires. A job that kills every worker ends among the failed.
		lockDuration: visibilityTimeoutMs,
		// An expired lock is found only by a check for stalled jobs (a cheap script, run by one
		// worker per interval): a dead worker's job waits out the lock and at most one interval
		// more, so the interval never exceeds the timeout (BullMQ's 30 s dwarfs a short one).
		stalledInterval: Math.min(visibilityTimeoutMs, MAX_STALLED_CHECK_INTERVAL_MS),
		maxStalledCount: config.retry.maxAttempts,
		settings: {
			backoffStrategy: (attemptsMade) => delayAfter(config.retry, attemptsMade),
		},
	});
	return {
		value: worker,
		async close() {
			// Waits for the job in hand: SIGTERM lets it finish (close-with-grace bounds it).
			await worker.close();
			connection.disconnect();
		},
	};
}

/** Up to `limit` dead letters, oldest first (reading removes nothing). */
export async function deadLetters(
	queue: Queue<Job, Outcome>,
	limit: number,
): Promise<DeadLetter[]> {
	const failed = await queue.getJobs("failed", 0, limit - 1, true);
	return failed.map((message) => ({
		job: message.data,
		attempts: message.attemptsMade,
		error: message.failedReason,
		failedAt: message.finishedOn === undefined ? null : new Date(message.finishedOn).toISOString(),
	}));
}
