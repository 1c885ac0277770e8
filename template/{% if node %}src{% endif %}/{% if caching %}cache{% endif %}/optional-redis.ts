import type { FastifyBaseLogger } from "fastify";
import { Redis } from "ioredis";

// After a failure, calls take their fallback at once for this long before Redis is tried again.
const RETRY_AFTER_FAILURE_MS = 2000;

/**
 * Redis for what the service can do without: the item cache and shared rate-limit counts.
 * Redis being down or slow must never fail a request: every call goes through `run`, which
 * gives up after CACHE_TIMEOUT_SECONDS and then leaves Redis alone for a moment, so an
 * outage costs one timeout now and then instead of one per request, and one log line.
 */
export class OptionalRedis {
	readonly client: Redis;
	readonly #log: FastifyBaseLogger;
	#skipUntil = 0;
	#down = false;

	constructor(client: Redis, log: FastifyBaseLogger) {
		this.client = client;
		this.#log = log;
	}

	static create(url: string, timeoutSeconds: number, log: FastifyBaseLogger): OptionalRedis {
		const timeout = Math.max(1, Math.round(timeoutSeconds * 1000));
		const client = new Redis(url, {
			// The first command connects: nothing is contacted before a request needs Redis.
			lazyConnect: true,
			connectTimeout: timeout,
			// Also bounds a command waiting for the connection, so a down Redis costs one timeout.
			commandTimeout: timeout,
			// A failed connection attempt fails the waiting commands at once (the fallback serves).
			maxRetriesPerRequest: 0,
			// Keep reconnecting in the background, at most every two seconds.
			retryStrategy: (attempt) => Math.min(attempt * 200, RETRY_AFTER_FAILURE_MS),
		});
		// Failures reach `run`'s callers; the client's own error events would only repeat them.
		client.on("error", () => undefined);
		return new OptionalRedis(client, log);
	}

	async run<T>(call: (client: Redis) => Promise<T>, fallback: T): Promise<T> {
		if (performance.now() < this.#skipUntil) return fallback;
		let result: T;
		try {
			result = await call(this.client);
		} catch (error) {
			this.#failed(error);
			return fallback;
		}
		if (this.#down) {
			this.#down = false;
			this.#log.info("Redis available again");
		}
		return result;
	}

	/** Rejects unless Redis answers now: readiness asks Redis itself, never the fallback. */
	async ping(): Promise<void> {
		await this.client.ping();
	}

	async close(): Promise<void> {
		this.client.disconnect();
	}

	#failed(error: unknown): void {
		this.#skipUntil = performance.now() + RETRY_AFTER_FAILURE_MS;
		if (!this.#down) {
			this.#down = true;
			this.#log.warn({ err: error }, "Redis unavailable, serving without it");
		}
	}
}
