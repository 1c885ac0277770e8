import type { OptionalRedis } from "./optional-redis.ts";

type Callback = (error: Error | null, result: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that counts in Redis, so the limit holds across worker
 * processes and replicas: fixed windows, one key per client and window. While Redis is
 * unavailable each process counts on its own, so clients stay limited, if only per process.
 */
export function sharedRateLimitStore(redis: OptionalRedis, namespace: string) {
	const local = new Map<string, number>();
	let localWindow = -1;

	function countLocally(client: string, window: number): number {
		if (window !== localWindow) {
			// Counts of past windows are never read again: memory stays bounded.
			local.clear();
			localWindow = window;
		}
		const hits = (local.get(client) ?? 0) + 1;
		local.set(client, hits);
		return hits;
	}

	return class SharedRateLimitStore {
		incr(client: string, callback: Callback, timeWindow: number): void {
			const now = Date.now();
			const window = Math.floor(now / timeWindow);
			const key = `${namespace}:rate-limit:${window}:${client}`;
			const ttl = (window + 1) * timeWindow - now;
			redis
				.run(async (connection) => {
					// The key outlives its window only by a second: memory stays bounded.
					const replies = await connection
						.multi()
						.incr(key)
						.pexpire(key, timeWindow + 1000)
						.exec();
					return Number(replies?.[0]?.[1]);
				}, null)
				.then((hits) => callback(null, { current: hits ?? countLocally(client, window), ttl }));
		}

		child(): SharedRateLimitStore {
			return this;
		}
	};
}
