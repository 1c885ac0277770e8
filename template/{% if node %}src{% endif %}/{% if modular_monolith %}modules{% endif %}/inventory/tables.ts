import type { ColumnType } from "kysely";

/**
 * The inventory module's tables, known to it alone: db/schema.ts, shared by every module,
 * does not list them; the repository adds them to its queries (Kysely's withTables, which
 * takes type aliases, not interfaces).
 */
export type InventoryTables = {
	inventory_stock_levels: StockLevelsTable;
};

export type StockLevelsTable = {
	// The items module's item. Not a foreign key: each module keeps its tables to itself (and
	// could move them to a database of its own); the items module's ItemDeleted removes the row.
	item_id: string;
	quantity: number;
	// RFC 3339 text, as every timestamp (see db/schema.ts).
	updated_at: ColumnType<string, string, string>;
};
