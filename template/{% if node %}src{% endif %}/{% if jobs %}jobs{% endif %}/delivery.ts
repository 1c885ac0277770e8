import type { Logger } from "pino";
import { decodeJob, type Job, MalformedJobError } from "./messages.ts";

/** Resolves false when the job had already been processed (a redelivery): nothing was done. */
export type JobHandler = (job: Job) => Promise<boolean>;

/** The handler of each job, by the job's name. */
export type JobHandlers = Readonly<Record<string, JobHandler>>;

/** What a run of a job came to; a failure is a throw, retried or dead-lettered. */
export type Outcome = "completed" | "duplicate";

// Dead letters keep the error for whoever inspects them, not a whole stack trace.
const ERROR_SUMMARY_MAX_LENGTH = 500;

export function errorSummary(error: unknown): string {
	const summary = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
	return summary.slice(0, ERROR_SUMMARY_MAX_LENGTH);
}

/**
 * The job a message carries, and its handler. A MalformedJobError when the message is not a
 * job or names no handler: retrying cannot help, so the caller dead-letters it at once.
 */
export function receive(handlers: JobHandlers, data: unknown): { job: Job; handler: JobHandler } {
	const job = decodeJob(data);
	const handler = handlers[job.name];
	if (handler === undefined) throw new MalformedJobError(`no handler for job "${job.name}"`);
	return { job, handler };
}

/** Runs the job's handler, logging its start and its end; the handler's throw is the caller's. */
export async function runJob(
	job: Job,
	handler: JobHandler,
	attempt: number,
	log: Logger,
): Promise<Outcome> {
	const context = { jobId: job.id, job: job.name, attempt };
	log.info(context, "Job started");
	const outcome: Outcome = (await handler(job)) ? "completed" : "duplicate";
	log.info({ ...context, outcome }, "Job finished");
	return outcome;
}
