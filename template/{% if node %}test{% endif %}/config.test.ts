import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig } from "../src/config.ts";

const DATABASE_URL = "postgresql://user:secret@127.0.0.1:5432/db";

test("defaults match .env.example", () => {
	const config = loadConfig({ DATABASE_URL }, null);
	assert.equal(config.appEnv, "development");
	assert.equal(config.host, "127.0.0.1");
	assert.equal(config.port, 8000);
	assert.equal(config.logLevel, "INFO");
	assert.equal(config.dbPoolSize, 10);
	assert.equal(config.dbPoolTimeoutSeconds, 5);
	assert.deepEqual(config.corsOrigins, []);
	assert.deepEqual(config.rateLimit, { requests: 100, seconds: 60 });
	assert.equal(config.maxBodyBytes, 1_048_576);
	assert.equal(config.shutdownTimeoutSeconds, 20);
	assert.equal(config.webConcurrency, 1);
});

test("values are read and converted", () => {
	const config = loadConfig(
		{
			DATABASE_URL,
			PORT: "9000",
			CORS_ORIGINS: "https://a.example, https://b.example",
			RATE_LIMIT: "10/second",
		},
		null,
	);
	assert.equal(config.port, 9000);
	assert.deepEqual(config.corsOrigins, ["https://a.example", "https://b.example"]);
	assert.deepEqual(config.rateLimit, { requests: 10, seconds: 1 });
});

test("bad or missing values are refused, naming the variable", () => {
	const cases: [Record<string, string>, string][] = [
		[{}, "DATABASE_URL"],
		[{ DATABASE_URL: "mysql://x/y" }, "DATABASE_URL"],
		[{ DATABASE_URL, PORT: "not-a-port" }, "PORT"],
		[{ DATABASE_URL, PORT: "70000" }, "PORT"],
		[{ DATABASE_URL, LOG_LEVEL: "LOUD" }, "LOG_LEVEL"],
		[{ DATABASE_URL, APP_ENV: "staging" }, "APP_ENV"],
		[{ DATABASE_URL, RATE_LIMIT: "lots" }, "RATE_LIMIT"],
		[{ DATABASE_URL, RATE_LIMIT: "0/minute" }, "RATE_LIMIT"],
		[{ DATABASE_URL, DB_POOL_SIZE: "0" }, "DB_POOL_SIZE"],
		[{ DATABASE_URL, WEB_CONCURRENCY: "0" }, "WEB_CONCURRENCY"],
		[{ DATABASE_URL, SHUTDOWN_TIMEOUT_SECONDS: "-1" }, "SHUTDOWN_TIMEOUT_SECONDS"],
	];
	for (const [env, variable] of cases) {
		assert.throws(
			() => loadConfig(env, null),
			(error: Error) => {
				assert.ok(error instanceof ConfigError);
				assert.match(error.message, new RegExp(`^  ${variable}: `, "m"));
				return true;
			},
		);
	}
});

test(".env is read when present, and real environment variables win", () => {
	const directory = mkdtempSync(path.join(tmpdir(), "config-"));
	const envFile = path.join(directory, ".env");
	writeFileSync(envFile, `DATABASE_URL=${DATABASE_URL}\nPORT=7000\nHOST=0.0.0.0\n`);
	const config = loadConfig({ PORT: "7001" }, envFile);
	assert.equal(config.databaseUrl, DATABASE_URL);
	assert.equal(config.host, "0.0.0.0");
	assert.equal(config.port, 7001);
});

test("the server refuses to start on a bad value: a message, no stack trace", () => {
	const server = path.join(import.meta.dirname, "..", "src", "server.ts");
	const result = spawnSync(process.execPath, [server], {
		cwd: mkdtempSync(path.join(tmpdir(), "no-dotenv-")),
		env: { PATH: process.env.PATH, DATABASE_URL, PORT: "not-a-port" },
		encoding: "utf8",
		timeout: 20_000,
	});
	assert.notEqual(result.status, 0);
	assert.match(result.stderr, /PORT/);
	assert.doesNotMatch(result.stderr, /\n\s+at /);
});
