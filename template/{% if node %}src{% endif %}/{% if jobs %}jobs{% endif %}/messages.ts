import { randomUUID } from "node:crypto";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { type Static, Type } from "typebox";

/** A unit of background work. Its ID is the idempotency key of every delivery. */
export const Job = Type.Object({
	id: Type.String({ format: "uuid" }),
	name: Type.String({ minLength: 1 }),
	payload: Type.Record(Type.String(), Type.Unknown()),
});
export type Job = Static<typeof Job>;

const validateJob = addFormats.default(new Ajv(), ["uuid"]).compile<Job>(Job);

export function createJob(name: string, payload: Record<string, unknown>): Job {
	return { id: randomUUID(), name, payload };
}

/** The message is not a job: retrying cannot help, so it is dead-lettered at once. */
export class MalformedJobError extends Error {
	override name = "MalformedJobError";
}

export function decodeJob(data: unknown): Job {
	if (validateJob(data)) return data;
	throw new MalformedJobError(`not a job: ${validateJob.errors?.length ?? 1} validation error(s)`);
}

/** A job that failed on its last attempt (or could not be read), kept for inspection. */
export interface DeadLetter {
	job: unknown;
	attempts: number;
	error: string;
	failedAt: string | null;
}
