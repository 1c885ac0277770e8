let lastIssued = 0;

/**
 * Now, as the API writes timestamps: RFC 3339 in UTC with microseconds
 * ('2026-11-22T10:00:00.123001+00:00'). Strictly increasing within the process: a second
 * write in the same millisecond gets the next microsecond, so rows created back to back
 * keep their order in the newest-first listing.
 */
export function utcNow(): string {
	const micros = Math.max(Date.now() * 1000, lastIssued + 1);
	lastIssued = micros;
	const milliseconds = new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23);
	return `${milliseconds}${String(micros % 1000).padStart(3, "0")}+00:00`;
}
