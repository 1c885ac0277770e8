import { Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import type { DatabaseConfig } from "../config.ts";
import type { Database } from "./schema.ts";

const TIMESTAMPTZ_OID = 1184;

/**
 * PostgreSQL prints timestamptz as '2026-11-22 10:00:00.123+00' in the UTC session below;
 * JavaScript's Date would drop the microseconds the keyset cursor relies on, so keep text
 * and normalise it to RFC 3339: '2026-11-22T10:00:00.123000+00:00'.
 */
export function rfc3339(value: string): string {
	const [date, time = ""] = value.split(" ");
	const [clock = "", fraction = ""] = time.replace(/\+00$/, "").split(".");
	return `${date}T${clock}.${fraction.padEnd(6, "0")}+00:00`;
}

function typeParser(oid: number, format?: "text" | "binary") {
	if (oid === TIMESTAMPTZ_OID) return rfc3339;
	return format === "binary"
		? pg.types.getTypeParser(oid, "binary")
		: pg.types.getTypeParser(oid, "text");
}

export function createPool(config: DatabaseConfig): pg.Pool {
	return new pg.Pool({
		connectionString: config.databaseUrl,
		max: config.dbPoolSize,
		// Covers both connecting and waiting for a free pooled connection: past it, 503.
		connectionTimeoutMillis: config.dbPoolTimeoutSeconds * 1000,
		options: "-c TimeZone=UTC",
		types: { getTypeParser: typeParser } as pg.CustomTypesConfig,
	});
}

export function createDatabase(
	config: DatabaseConfig,
	onIdleError?: (error: Error) => void,
): Kysely<Database> {
	const pool = createPool(config);
	// An idle connection dropped by the server (restart, failover) must not crash the process.
	pool.on("error", (error) => onIdleError?.(error));
	return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
