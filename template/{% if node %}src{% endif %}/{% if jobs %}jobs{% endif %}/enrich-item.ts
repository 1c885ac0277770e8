/**
 * The example background job: derive an item's keywords after it is created or changed.
 * The API enqueues `enrich-item`; the worker runs `enrichItemHandler`; the result is read
 * through `GET /api/v1/items/{id}/enrichment`.
 */
import type { Kysely } from "kysely";
import { databaseTimestamp } from "../db/connection.ts";
import type { Database } from "../db/schema.ts";
import { utcNow } from "../lib/clock.ts";
import type { JobHandler } from "./delivery.ts";
import { runOnce } from "./idempotency.ts";
import { createJob, type Job } from "./messages.ts";

export const ENRICH_ITEM = "enrich-item";
const MAX_KEYWORDS = 10;
const WORD = /\p{L}{3,}/gu;
// Words too common to describe anything (words under three letters are never kept).
const STOP_WORDS = new Set(
	"and are but for from has have its not the this that with was were will you your".split(" "),
);

/**
 * The write that enqueued the job is not visible: not committed yet, or the item is gone.
 * Jobs are enqueued before their transaction commits, so the worker can be first. Thrown so
 * the job is retried with backoff; a deleted item's job ends among the dead letters.
 */
export class ItemNotVisibleError extends Error {
	override name = "ItemNotVisibleError";
}

/** The most frequent words of the name and description, ties in order of appearance. */
export function extractKeywords(name: string, description: string | null): string[] {
	const counts = new Map<string, number>();
	for (const [word] of `${name} ${description ?? ""}`.toLowerCase().matchAll(WORD)) {
		if (!STOP_WORDS.has(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
	}
	// Map keeps insertion order and the sort is stable: ties stay in order of appearance.
	return [...counts]
		.sort(([, first], [, second]) => second - first)
		.slice(0, MAX_KEYWORDS)
		.map(([word]) => word);
}

/** The job for the write of `itemId` that set its `updated_at` to `writtenAt`. */
export function enrichItemJob(itemId: string, writtenAt: string): Job {
	return createJob(ENRICH_ITEM, { itemId, writtenAt });
}

export function enrichItemHandler(db: Kysely<Database>): JobHandler {
	return (job) =>
		runOnce(db, job, async (transaction) => {
			const { itemId, writtenAt } = job.payload as { itemId: string; writtenAt: string };
			const item = await transaction
				.selectFrom("items")
				.select(["name", "description", "updated_at"])
				.where("id", "=", itemId)
				.executeTakeFirst();
			if (item === undefined || item.updated_at < writtenAt) {
				throw new ItemNotVisibleError(`item ${itemId} as of ${writtenAt} is not visible`);
			}
			const keywords = JSON.stringify(extractKeywords(item.name, item.description));
			const enrichedAt = databaseTimestamp(utcNow());
			// Delete and insert: one statement for every database, in the job's transaction.
			await transaction.deleteFrom("item_enrichments").where("item_id", "=", itemId).execute();
			await transaction
				.insertInto("item_enrichments")
				.values({ item_id: itemId, keywords, enriched_at: enrichedAt })
				.execute();
		});
}
