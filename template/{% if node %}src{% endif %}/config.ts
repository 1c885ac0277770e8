import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { Ajv } from "ajv";
import { type Static, Type } from "typebox";
import { parseRate, type Rate } from "./lib/rate.ts";

/** The environment variables the service reads, with their defaults (see .env.example). */
const DatabaseEnvironment = Type.Object({
	DATABASE_URL: Type.String({ pattern: "^postgres(ql)?://" }),
	DB_POOL_SIZE: Type.Integer({ minimum: 1, default: 10 }),
	DB_POOL_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 5 }),
});

const Environment = Type.Object({
	...DatabaseEnvironment.properties,
	APP_ENV: Type.Union(
		[Type.Literal("development"), Type.Literal("test"), Type.Literal("production")],
		{ default: "development" },
	),
	HOST: Type.String({ minLength: 1, default: "127.0.0.1" }),
	PORT: Type.Integer({ minimum: 1, maximum: 65535, default: 8000 }),
	LOG_LEVEL: Type.Union(
		[Type.Literal("DEBUG"), Type.Literal("INFO"), Type.Literal("WARNING"), Type.Literal("ERROR")],
		{ default: "INFO" },
	),
	CORS_ORIGINS: Type.String({ default: "" }),
	RATE_LIMIT: Type.String({
		pattern: "^\\s*\\d+\\s*/\\s*\\d*\\s*(second|minute|hour|day)s?\\s*$",
		default: "100/minute",
	}),
	MAX_BODY_BYTES: Type.Integer({ minimum: 1, default: 1_048_576 }),
	SHUTDOWN_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 20 }),
	WEB_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 1 }),
});

export type LogLevel = Static<typeof Environment>["LOG_LEVEL"];

export interface DatabaseConfig {
	databaseUrl: string;
	dbPoolSize: number;
	dbPoolTimeoutSeconds: number;
}

export interface Config extends DatabaseConfig {
	appEnv: "development" | "test" | "production";
	host: string;
	port: number;
	logLevel: LogLevel;
	corsOrigins: string[];
	rateLimit: Rate;
	maxBodyBytes: number;
	shutdownTimeoutSeconds: number;
	webConcurrency: number;
}

/** The environment does not describe a valid configuration; the message names each variable. */
export class ConfigError extends Error {}

// Environment values are text: coerce them; unknown variables are none of our business.
const ajv = new Ajv({ coerceTypes: true, useDefaults: true, allErrors: true });
const validateEnvironment = ajv.compile<Static<typeof Environment>>(Environment);
const validateDatabaseEnvironment =
	ajv.compile<Static<typeof DatabaseEnvironment>>(DatabaseEnvironment);

type Environ = Record<string, string | undefined>;

/** Real environment variables win over `.env`, which is read only when present. */
function environment(env: Environ, envFile: string | null): Record<string, unknown> {
	const fromFile = envFile && existsSync(envFile) ? parseEnv(readFileSync(envFile, "utf8")) : {};
	return { ...fromFile, ...env };
}

function check<T>(
	validate: typeof validateEnvironment | typeof validateDatabaseEnvironment,
	values: Record<string, unknown>,
): T {
	if (validate(values)) return values as T;
	const problems = (validate.errors ?? []).map((error) => {
		const name = error.instancePath.slice(1) || String(error.params.missingProperty ?? "");
		return `  ${name}: ${error.message ?? "is invalid"}`;
	});
	throw new ConfigError(`Invalid configuration:\n${[...new Set(problems)].join("\n")}`);
}

/** The database settings alone: all that migrations need. */
export function loadDatabaseConfig(
	env: Environ = process.env,
	envFile: string | null = ".env",
): DatabaseConfig {
	const values = check<Static<typeof DatabaseEnvironment>>(
		validateDatabaseEnvironment,
		environment(env, envFile),
	);
	return {
		databaseUrl: values.DATABASE_URL,
		dbPoolSize: values.DB_POOL_SIZE,
		dbPoolTimeoutSeconds: values.DB_POOL_TIMEOUT_SECONDS,
	};
}

/** Every setting, read once at start-up. */
export function loadConfig(env: Environ = process.env, envFile: string | null = ".env"): Config {
	const values = check<Static<typeof Environment>>(validateEnvironment, environment(env, envFile));
	const rateLimit = parseRate(values.RATE_LIMIT);
	if (rateLimit === undefined) {
		throw new ConfigError(
			"Invalid configuration:\n  RATE_LIMIT: must look like '100/minute' or '10/second'",
		);
	}
	return {
		appEnv: values.APP_ENV,
		host: values.HOST,
		port: values.PORT,
		logLevel: values.LOG_LEVEL,
		databaseUrl: values.DATABASE_URL,
		dbPoolSize: values.DB_POOL_SIZE,
		dbPoolTimeoutSeconds: values.DB_POOL_TIMEOUT_SECONDS,
		corsOrigins: values.CORS_ORIGINS.split(",")
			.map((origin) => origin.trim())
			.filter(Boolean),
		rateLimit,
		maxBodyBytes: values.MAX_BODY_BYTES,
		shutdownTimeoutSeconds: values.SHUTDOWN_TIMEOUT_SECONDS,
		webConcurrency: values.WEB_CONCURRENCY,
	};
}
