import { type Processor, UnrecoverableError } from "bullmq";
import type { Logger } from "pino";
import { decodeJob, type Job, MalformedJobError } from "./messages.ts";

/** Resolves false when the job had already been processed (a redelivery): nothing was done. */
export type JobHandler = (job: Job) => Promise<boolean>;

/** What a run of a job came to; a failure's outcome is decided by the queue (see worker.ts). */
export type Outcome = "completed" | "duplicate";

// Dead letters keep the error for whoever inspects them, not a whole stack trace.
const ERROR_SUMMARY_MAX_LENGTH = 500;

export function errorSummary(error: unknown): string {
	const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return summary.slice(0, ERROR_SUMMARY_MAX_LENGTH);
}

/**
 * BullMQ's processor for this service's jobs. A throw fails the attempt: the queue retries it
 * after the backoff, or keeps it among the failed jobs (the dead letters) after the last one.
 * A message that is not a job, or names no handler, fails for good at once.
 */
export function jobProcessor(
	handlers: Readonly<Record<string, JobHandler>>,
	log: Logger,
): Processor<Job, Outcome> {
	return async (message) => {
		let job: Job;
		let handler: JobHandler | undefined;
		try {
			job = decodeJob(message.data);
			handler = handlers[job.name];
			if (handler === undefined) throw new MalformedJobError(`no handler for job "${job.name}"`);
		} catch (error) {
			if (!(error instanceof MalformedJobError)) throw error;
			throw new UnrecoverableError(error.message);
		}
		const context = { jobId: job.id, job: job.name, attempt: message.attemptsMade + 1 };
		log.info(context, "Job started");
		const outcome: Outcome = (await handler(job)) ? "completed" : "duplicate";
		log.info({ ...context, outcome }, "Job finished");
		return outcome;
	};
}
