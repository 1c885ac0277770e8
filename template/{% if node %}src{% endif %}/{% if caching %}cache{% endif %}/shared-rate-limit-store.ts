import type { OptionalRedis } from "./optional-redis.ts";
import { SharedWindowCounter } from "./shared-window-counter.ts";

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit whose counts are shared through Redis by every process
 * and replica (see SharedWindowCounter), one key per client and window.
 */
export function sharedRateLimitStore(redis: OptionalRedis, namespace: string) {
	const counters = new Map<number, SharedWindowCounter>();
	const counterOf = (windowMs: number) => {
		let counter = counters.get(windowMs);
		if (!counter) {
			counter = new SharedWindowCounter(redis, `${namespace}:rate-limit`, windowMs);
			counters.set(windowMs, counter);
		}
		return counter;
	};

	return class SharedRateLimitStore {
		incr(client: string, callback: Callback, timeWindow: number): void {
			counterOf(timeWindow)
				.hit(client)
				.then(({ hits, resetInMs }) => callback(null, { current: hits, ttl: resetInMs }));
		}

		child(): SharedRateLimitStore {
			return this;
		}
	};
}
