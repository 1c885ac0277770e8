import { Writable } from "node:stream";
import { after, before, beforeEach, type TestContext } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import serviceApp, { serverOptions } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { createDatabase } from "../src/db/connection.ts";
import { createMigrator } from "../src/db/migrator.ts";
import { createLogger } from "../src/logger.ts";
import { createEmptyDatabase, dropDatabase, UNREACHABLE_DATABASE_URL } from "./database.ts";

// `make test` sets it (see the Makefile for its default).
const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (!testDatabaseUrl)
	throw new Error("TEST_DATABASE_URL is not set: run the tests with `make test`");
export const TEST_DATABASE_URL = testDatabaseUrl;
export { UNREACHABLE_DATABASE_URL } from "./database.ts";

/** An empty database named after TEST_DATABASE_URL's and `suffix` (dropping any leftover). */
export function createTestDatabase(suffix: string): Promise<string> {
	return createEmptyDatabase(TEST_DATABASE_URL, suffix);
}

export { dropDatabase };

/** createTestDatabase, with every migration applied. */
async function migratedTestDatabase(suffix: string): Promise<string> {
	const url = await createTestDatabase(suffix);
	const db = createDatabase({ databaseUrl: url, dbPoolSize: 2, dbPoolTimeoutSeconds: 5 });
	try {
		const { error } = await createMigrator(db).migrateToLatest();
		if (error) throw error;
	} finally {
		await db.destroy();
	}
	return url;
}

/** Every table empty again. */
async function emptyTables(url: string): Promise<void> {
	const db = createDatabase({ databaseUrl: url, dbPoolSize: 1, dbPoolTimeoutSeconds: 5 });
	try {
		await db.deleteFrom("items").execute();
	} finally {
		await db.destroy();
	}
}

export interface TestDatabase {
	/** Set once the file's first test is about to run. */
	readonly url: string;
}

/**
 * A migrated database of this test file's own: created before its first test, dropped after
 * its last. node --test runs files in parallel processes, so they never see each other's
 * rows; `emptyBetweenTests` keeps the tests of one file apart as well.
 */
export function useTestDatabase(
	suffix: string,
	{ emptyBetweenTests = false }: { emptyBetweenTests?: boolean } = {},
): TestDatabase {
	const database = { url: "" };
	before(async () => {
		database.url = await migratedTestDatabase(suffix);
	});
	if (emptyBetweenTests) beforeEach(() => emptyTables(database.url));
	after(() => dropDatabase(database.url));
	return database;
}

export function testConfig(env: Record<string, string> = {}): Config {
	return loadConfig(
		{
			APP_ENV: "test",
			LOG_LEVEL: "ERROR",
			RATE_LIMIT: "1000/second",
			DATABASE_URL: UNREACHABLE_DATABASE_URL,
			...env,
		},
		null,
	);
}

/** Log lines written while a test runs, parsed. */
export class LogCapture extends Writable {
	readonly lines: Record<string, unknown>[] = [];

	override _write(chunk: Buffer, _encoding: string, done: () => void): void {
		for (const line of chunk.toString().split("\n").filter(Boolean))
			this.lines.push(JSON.parse(line));
		done();
	}
}

export interface BuildOptions {
	logs?: LogCapture;
	/** Routes only a test needs (e.g. one that throws), added before the app is ready. */
	extend?: (app: FastifyInstance) => void;
}

/** The application as server.ts builds it, closed when the test ends; call with app.inject(). */
export async function build(
	t: TestContext,
	env: Record<string, string> = {},
	options: BuildOptions = {},
): Promise<FastifyInstance> {
	const config = testConfig(env);
	const app = Fastify(serverOptions(config, createLogger(config.logLevel, options.logs)));
	await app.register(fp(serviceApp), { config });
	options.extend?.(app);
	await app.ready();
	t.after(() => app.close());
	return app;
}

export const ITEMS = "/api/v1/items";
