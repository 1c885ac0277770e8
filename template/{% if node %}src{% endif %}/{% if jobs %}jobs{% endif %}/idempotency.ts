import type { Kysely, Transaction } from "kysely";
import { databaseTimestamp } from "../db/connection.ts";
import type { Database } from "../db/schema.ts";
import { utcNow } from "../lib/clock.ts";
import { isUniqueViolation } from "../lib/database-errors.ts";
import type { Job } from "./messages.ts";

/**
 * Apply `effect` and record the job as processed in one transaction, so its effect happens
 * at most once per job ID whatever the queue redelivers. False if it had been done already.
 */
export async function runOnce(
	db: Kysely<Database>,
	job: Job,
	effect: (transaction: Transaction<Database>) => Promise<void>,
): Promise<boolean> {
	// Read committed: under repeatable read, some databases lock the gap where a row looked for
	// and not found would be (a delete of a missing row), and other jobs' inserts there would
	// wait until this job commits, however slow it is.
	const jobTransaction = db.transaction().setIsolationLevel("read committed");
	try {
		return await jobTransaction.execute(async (transaction) => {
			const done = await transaction
				.selectFrom("processed_jobs")
				.select("id")
				.where("id", "=", job.id)
				.executeTakeFirst();
			if (done) return false;
			await effect(transaction);
			await transaction
				.insertInto("processed_jobs")
				.values({ id: job.id, name: job.name, processed_at: databaseTimestamp(utcNow()) })
				.execute();
			return true;
		});
	} catch (error) {
		// A concurrent delivery of the same job committed first: ours did nothing.
		if (isUniqueViolation(error)) return false;
		throw error;
	}
}
