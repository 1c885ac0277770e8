let lastIssued = 0;

/**
 * A moment as the API writes timestamps: RFC 3339 in UTC with microseconds
 * ('2026-11-22T10:00:00.123001+00:00'); `micros` are those beyond the Date's milliseconds.
 */
export function rfc3339(moment: Date, micros = 0): string {
	return `${moment.toISOString().slice(0, 23)}${String(micros).padStart(3, "0")}+00:00`;
}

/**
 * Now, in RFC 3339 (see rfc3339). Strictly increasing within the process: a second write
 * in the same millisecond gets the next microsecond, so rows created back to back keep
 * their order in the newest-first listing.
 */
export function utcNow(): string {
	const micros = Math.max(Date.now() * 1000, lastIssued + 1);
	lastIssued = micros;
	return rfc3339(new Date(Math.floor(micros / 1000)), micros % 1000);
}
