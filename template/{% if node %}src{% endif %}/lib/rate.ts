const PERIOD_SECONDS: Record<string, number> = { second: 1, minute: 60, hour: 3600, day: 86400 };
const RATE = /^\s*(\d+)\s*\/\s*(\d*)\s*(second|minute|hour|day)s?\s*$/i;

/** RATE_LIMIT parsed: `requests` per `seconds`. */
export interface Rate {
	requests: number;
	seconds: number;
}

/** '100/minute', '10/second', '1000/5 minutes'; undefined when the text is not a rate. */
export function parseRate(text: string): Rate | undefined {
	const match = RATE.exec(text);
	if (!match) return undefined;
	const [, count, multiplier, unit] = match;
	const requests = Number(count);
	const period = PERIOD_SECONDS[(unit ?? "").toLowerCase()];
	if (requests < 1 || period === undefined) return undefined;
	return { requests, seconds: Number(multiplier || 1) * period };
}
