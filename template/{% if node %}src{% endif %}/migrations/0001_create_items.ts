import { type Kysely, sql } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
	await db.schema
		.createTable("items")
		.addColumn("id", "uuid", (column) =>
			column.primaryKey().defaultTo(sql`gen_random_uuid()`).notNull(),
		)
		.addColumn("name", "varchar(200)", (column) => column.notNull())
		.addColumn("description", "text")
		.addColumn("created_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
		.addColumn("updated_at", "timestamptz", (column) => column.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint("uq_items_name", ["name"])
		.execute();
	await db.schema.alterTable("items").renameConstraint("items_pkey", "pk_items").execute();
	// Serves the list endpoint's keyset ordering (newest first).
	await db.schema
		.createIndex("ix_items_created_at_id")
		.on("items")
		.columns(["created_at", "id"])
		.execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
	await db.schema.dropIndex("ix_items_created_at_id").execute();
	await db.schema.dropTable("items").execute();
}
