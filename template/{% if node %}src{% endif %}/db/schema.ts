import type { ColumnType, Generated } from "kysely";

// Timestamps stay text (see connection.ts), so microseconds survive the round trip.
type Timestamp = ColumnType<string, string | undefined, string>;

export interface ItemsTable {
	id: Generated<string>;
	name: string;
	description: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface Database {
	items: ItemsTable;
}
