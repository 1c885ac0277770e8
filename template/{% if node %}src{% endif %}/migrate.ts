/**
 * Apply database migrations: `node src/migrate.ts [up|down|latest]` (default: latest).
 * Reads DATABASE_URL (and .env); runs from dist as `node dist/migrate.js` in the image.
 */
import { ConfigError, loadDatabaseConfig } from "./config.ts";
import { createDatabase } from "./db/connection.ts";
import { createMigrator } from "./db/migrator.ts";

const direction = process.argv[2] ?? "latest";
if (!["up", "down", "latest"].includes(direction)) {
	console.error(`Unknown direction ${direction}: use up, down or latest.`);
	process.exit(2);
}

let config: ReturnType<typeof loadDatabaseConfig>;
try {
	config = loadDatabaseConfig();
} catch (error) {
	if (!(error instanceof ConfigError)) throw error;
	console.error(error.message);
	process.exit(1);
}

const db = createDatabase(config);
const migrator = createMigrator(db);
const { error, results } =
	direction === "up"
		? await migrator.migrateUp()
		: direction === "down"
			? await migrator.migrateDown()
			: await migrator.migrateToLatest();
await db.destroy();

for (const result of results ?? []) {
	console.log(`${result.migrationName}: ${result.direction} ${result.status}`);
}
if (results?.length === 0) console.log("Nothing to migrate.");
if (error) {
	console.error(`Migration failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
}
