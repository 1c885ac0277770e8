/**
 * The job queue as the rest of the service sees it, whatever the broker: broker.ts gives the
 * API, the worker and the tools these, and keeps the broker's specifics to itself.
 */
import type { DeadLetter, Job } from "./messages.ts";

/** A connection to the broker for sending jobs and looking at the queues. */
export interface JobBroker {
	/** Settles once the first attempt to connect has succeeded or failed. */
	readonly firstAttempt: Promise<void>;
	/** Resolves once the broker stored the job durably; fails within seconds while it is down. */
	publish(job: Job): Promise<void>;
	/** Resolves when the broker answers (readiness): the number of jobs waiting. */
	waiting(): Promise<number>;
	/** Up to `limit` dead letters, oldest first; reading removes nothing. */
	deadLetters(limit: number): Promise<DeadLetter[]>;
	close(): Promise<void>;
}

/** A worker consuming jobs, one at a time, until closed. */
export interface JobWorker {
	/** Stops taking jobs and waits for the one in hand to finish; then disconnects. */
	close(): Promise<void>;
}
