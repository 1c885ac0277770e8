import type { RetryPolicy } from "./config.ts";

/**
 * Milliseconds to wait before the attempt after `attempt` (counted from 1): exponential
 * backoff, capped; the jitter spreads out jobs that failed together.
 */
export function delayAfter(
	policy: RetryPolicy,
	attempt: number,
	random: () => number = Math.random,
): number {
	const ceiling = Math.min(policy.maxDelaySeconds, policy.baseDelaySeconds * 2 ** (attempt - 1));
	return Math.round((ceiling / 2 + random() * (ceiling / 2)) * 1000);
}
