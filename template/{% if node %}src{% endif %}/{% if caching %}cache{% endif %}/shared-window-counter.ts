import {
	LocalWindowCounter,
	type WindowCount,
	type WindowCounter,
	windowOf,
} from "../lib/fixed-window.ts";
import type { OptionalRedis } from "./optional-redis.ts";

/**
 * Fixed windows counted in Redis, so a limit holds across worker processes and replicas:
 * one key per counted key and window. While Redis is unavailable this process counts on
 * its own, so callers stay limited, if only per process.
 */
export class SharedWindowCounter implements WindowCounter {
	readonly #redis: OptionalRedis;
	readonly #prefix: string;
	readonly #windowMs: number;
	readonly #local: LocalWindowCounter;

	constructor(redis: OptionalRedis, prefix: string, windowMs: number) {
		this.#redis = redis;
		this.#prefix = prefix;
		this.#windowMs = windowMs;
		this.#local = new LocalWindowCounter(windowMs);
	}

	async hit(key: string): Promise<WindowCount> {
		const { index, resetInMs } = windowOf(this.#windowMs);
		const redisKey = `${this.#prefix}:${index}:${key}`;
		const hits = await this.#redis.run(async (client) => {
			// The key outlives its window only by a second: memory stays bounded.
			const replies = await client
				.multi()
				.incr(redisKey)
				.pexpire(redisKey, this.#windowMs + 1000)
				.exec();
			return Number(replies?.[0]?.[1]);
		}, null);
		return hits === null ? this.#local.hit(key) : { hits, resetInMs };
	}
}
