/**
 * Newest-first keyset pagination over (created_at, id). A page seeks past the cursor
 * instead of using OFFSET, so it costs the same however deep it is, and rows inserted
 * meanwhile never shift a page. One row more than the page is read: it tells whether a
 * next page exists.
 */
import { type Expression, type SqlBool, sql } from "kysely";
import { type Cursor, encodeCursor } from "../lib/cursor.ts";
import { databaseTimestamp } from "./connection.ts";

export interface Page<T> {
	items: T[];
	// The `cursor` of the next page; null on the last page.
	nextCursor: string | null;
}

/** The rows after `cursor` in the order (created_at, id) descending. */
export function olderThan(cursor: Cursor): Expression<SqlBool> {
	return sql<SqlBool>`(created_at, id) < (${databaseTimestamp(cursor.createdAt)}, ${cursor.id})`;
}

/** A page of `limit` from `rows`, which were read with a limit of `limit + 1`. */
export function newestFirstPage<T extends Cursor>(rows: T[], limit: number): Page<T> {
	if (rows.length <= limit) return { items: rows, nextCursor: null };
	const items = rows.slice(0, limit);
	const last = items[items.length - 1] as T;
	return { items, nextCursor: encodeCursor({ createdAt: last.createdAt, id: last.id }) };
}
