import { promises as fs } from "node:fs";
import path from "node:path";
import type { Kysely } from "kysely";
import { FileMigrationProvider, Migrator } from "kysely/migration";

// src/migrations when run from source, dist/migrations when run from the build.
const MIGRATIONS_FOLDER = path.join(import.meta.dirname, "..", "migrations");

export function createMigrator<T>(db: Kysely<T>): Migrator {
	return new Migrator({
		db,
		provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_FOLDER }),
	});
}
