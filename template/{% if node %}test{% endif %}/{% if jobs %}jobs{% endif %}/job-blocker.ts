import type { TestContext } from "node:test";
import { createDatabase, databaseTimestamp } from "../../src/db/connection.ts";
import { utcNow } from "../../src/lib/clock.ts";

/**
 * Until released, the job's handler waits inside its transaction, as if the job were slow.
 *
 * An uncommitted processed_jobs row with the job's ID, on a connection of the test's own,
 * makes the handler's insert of that ID wait (SQLite, which takes one writer at a time, makes
 * its first write wait); releasing rolls the row back and lets the handler go on. Released
 * when the test ends at the latest: an open transaction would hold up what comes next.
 */
export async function blockJob(
	t: TestContext,
	databaseUrl: string,
	jobId: string,
): Promise<() => Promise<void>> {
	const db = createDatabase({ databaseUrl, dbPoolSize: 1, dbPoolTimeoutSeconds: 5 });
	const blocker = await db.startTransaction().execute();
	let released: Promise<void> | undefined;
	const release = () => {
		released ??= blocker
			.rollback()
			.execute()
			.finally(() => db.destroy());
		return released;
	};
	t.after(release);
	await blocker
		.insertInto("processed_jobs")
		.values({ id: jobId, name: "blocker", processed_at: databaseTimestamp(utcNow()) })
		.execute();
	return release;
}
