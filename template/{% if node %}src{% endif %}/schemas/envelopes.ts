import { type Static, type TSchema, Type } from "typebox";
import { type Cursor, decodeCursor } from "../lib/cursor.ts";

/** A successful body: `{"data": ..., "meta": {...}}`. */
export function DataEnvelope<T extends TSchema>(data: T) {
	return Type.Object({ data, meta: Type.Object({}, { additionalProperties: true }) });
}

export const PageMeta = Type.Object({
	limit: Type.Integer({ description: "Page size applied (requests above the cap get the cap)." }),
	nextCursor: Type.Union([Type.String(), Type.Null()], {
		description: "Pass as `cursor` to fetch the next page; null on the last page.",
	}),
});

export function PageEnvelope<T extends TSchema>(item: T) {
	return Type.Object({ data: Type.Array(item), meta: PageMeta });
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export const PageQuery = Type.Object({
	limit: Type.Optional(
		Type.Integer({
			minimum: 1,
			default: DEFAULT_PAGE_SIZE,
			description: `Page size; values above ${MAX_PAGE_SIZE} are capped.`,
		}),
	),
	cursor: Type.Optional(
		Type.String({
			maxLength: 200,
			pattern: "^[A-Za-z0-9_-]*$",
			description: "`meta.nextCursor` of the previous page.",
		}),
	),
});

/** The page a query asks for: its size, capped, and where it starts (400 for a bad cursor). */
export function requestedPage(query: Static<typeof PageQuery>): {
	limit: number;
	after: Cursor | undefined;
} {
	return {
		limit: Math.min(query.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE),
		after: query.cursor ? decodeCursor(query.cursor) : undefined,
	};
}
