import type { ColumnType } from "kysely";

// RFC 3339 text with microseconds both ways (see connection.ts), so the keyset cursor's
// order survives the round trip; the repository sets both, so inserts must give them.
type Timestamp = ColumnType<string, string, string>;

export interface ItemsTable {
	id: string;
	name: string;
	description: string | null;
	created_at: Timestamp;
	updated_at: Timestamp;
}

export interface Database {
	items: ItemsTable;
}
