// Failures meaning "the database cannot be reached right now", not "this request is wrong":
// no connection, a dropped connection, or no free pooled connection in time.
const NETWORK_CODES = new Set([
	"ECONNREFUSED",
	"ECONNRESET",
	"ETIMEDOUT",
	"EHOSTUNREACH",
	"ENETUNREACH",
	"ENOTFOUND",
	"EAI_AGAIN",
	"EPIPE",
]);
// SQLSTATE classes 08 (connection exception), 53 (insufficient resources), 57P0x (shutdown).
const UNAVAILABLE_SQLSTATE = /^(08|53|57P0)/;
const UNAVAILABLE_MESSAGES =
	/timeout exceeded when trying to connect|Connection terminated|Client has encountered a connection error|the database system is (starting up|shutting down)/i;

export function isDatabaseUnavailable(error: unknown): boolean {
	if (!(error instanceof Error)) return false;
	const code = (error as { code?: unknown }).code;
	if (typeof code === "string" && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATE.test(code))) {
		return true;
	}
	if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
	return UNAVAILABLE_MESSAGES.test(error.message);
}

/** SQLSTATE class 22 (data exception): a value the database refuses is the client's mistake. */
export function isDataException(error: unknown): boolean {
	const code = (error as { code?: unknown } | null)?.code;
	return typeof code === "string" && code.startsWith("22") && code.length === 5;
}

export const UNIQUE_VIOLATION = "23505";
