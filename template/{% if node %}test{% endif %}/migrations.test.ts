import assert from "node:assert/strict";
import { test } from "node:test";
import { createDatabase } from "../src/db/connection.ts";
import { createMigrator } from "../src/db/migrator.ts";
import { createTestDatabase, dropDatabase } from "./helper.ts";

test("migrations go up, down and up again", async (t) => {
	const url = await createTestDatabase("migrations");
	const db = createDatabase({ databaseUrl: url, dbPoolSize: 2, dbPoolTimeoutSeconds: 5 });
	t.after(async () => {
		await db.destroy();
		await dropDatabase(url);
	});
	const migrator = createMigrator(db);
	const tables = async () =>
		(await db.introspection.getTables()).filter((table) => table.name === "items").length;

	assert.equal((await migrator.migrateToLatest()).error, undefined);
	assert.equal(await tables(), 1);
	for (let index = 0; index < (await migrator.getMigrations()).length; index++) {
		assert.equal((await migrator.migrateDown()).error, undefined);
	}
	assert.equal(await tables(), 0);
	assert.equal((await migrator.migrateToLatest()).error, undefined);
	assert.equal(await tables(), 1);
});
