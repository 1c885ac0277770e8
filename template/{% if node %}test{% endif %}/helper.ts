import { Writable } from "node:stream";
import type { TestContext } from "node:test";
import Fastify, { type FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import pg from "pg";
import serviceApp, { serverOptions } from "../src/app.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { createDatabase } from "../src/db/connection.ts";
import { createMigrator } from "../src/db/migrator.ts";
import { createLogger } from "../src/logger.ts";

// `make test` sets it (see the Makefile for its default).
const testDatabaseUrl = process.env.TEST_DATABASE_URL;
if (!testDatabaseUrl)
	throw new Error("TEST_DATABASE_URL is not set: run the tests with `make test`");
export const TEST_DATABASE_URL = testDatabaseUrl;
// A port nothing listens on: the database is "down" for the outage tests.
export const UNREACHABLE_DATABASE_URL = "postgresql://nobody:nothing@127.0.0.1:9/unreachable";

function databaseUrl(name: string): string {
	const url = new URL(TEST_DATABASE_URL);
	url.pathname = `/${name}`;
	return url.toString();
}

/**
 * An empty database of its own for one test file (dropping any leftover), so files that
 * node --test runs in parallel processes never see each other's rows.
 */
export async function createTestDatabase(suffix: string): Promise<string> {
	const name = `${new URL(TEST_DATABASE_URL).pathname.slice(1)}_${suffix}`;
	const admin = new pg.Client({ connectionString: databaseUrl("postgres") });
	await admin.connect();
	try {
		await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
		await admin.query(`CREATE DATABASE "${name}"`);
	} finally {
		await admin.end();
	}
	return databaseUrl(name);
}

/** createTestDatabase, with every migration applied. */
export async function migratedTestDatabase(suffix: string): Promise<string> {
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

/** Between tests of one file: every table empty again. */
export async function truncateAll(url: string): Promise<void> {
	const client = new pg.Client({ connectionString: url });
	await client.connect();
	try {
		await client.query("TRUNCATE items");
	} finally {
		await client.end();
	}
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
