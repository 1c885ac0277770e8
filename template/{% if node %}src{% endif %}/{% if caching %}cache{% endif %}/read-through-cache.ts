import type { OptionalRedis } from "./optional-redis.ts";

/**
 * Stores ARGV[2] for ARGV[3] seconds, unless KEYS[2] (the generation) moved since the lookup.
 *
 * Plain cache-aside has a race: a read misses, loads the row, and stores it only after a
 * write has committed and invalidated the key; the old value is then served until the TTL
 * ends. So every key has a generation counter: `invalidate` bumps it, and `fill` stores a
 * value only if the generation is still the one `lookup` saw before the database was read.
 */
const FILL_IF_GENERATION_UNCHANGED = `
if (redis.call('GET', KEYS[2]) or '') == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
end
`;

// A generation must outlive every read that started before it moved; reads take seconds.
const GENERATION_GRACE_SECONDS = 60;

export interface Lookup {
	key: string;
	value: string | null;
	// The key's generation when looked up; null when Redis did not answer (no fill then).
	generation: string | null;
}

/** A read-through cache of JSON representations that a racing read cannot make stale. */
export class ReadThroughCache {
	readonly #redis: OptionalRedis;
	readonly #namespace: string;
	readonly #ttlSeconds: number;

	constructor(redis: OptionalRedis, options: { namespace: string; ttlSeconds: number }) {
		this.#redis = redis;
		this.#namespace = options.namespace;
		this.#ttlSeconds = options.ttlSeconds;
	}

	#valueKey(key: string): string {
		return `${this.#namespace}:cache:${key}`;
	}

	#generationKey(key: string): string {
		return `${this.#namespace}:cache-generation:${key}`;
	}

	async lookup(key: string): Promise<Lookup> {
		const values = await this.#redis.run(
			(client) => client.mget(this.#valueKey(key), this.#generationKey(key)),
			null,
		);
		if (values === null) return { key, value: null, generation: null };
		const [value = null, generation = null] = values;
		return { key, value, generation: generation ?? "" };
	}

	/** Store what the database gave after a miss, unless the key was invalidated since. */
	async fill(lookup: Lookup, value: string): Promise<void> {
		const { generation } = lookup;
		if (generation === null) return;
		await this.#redis.run(
			(client) =>
				client.eval(
					FILL_IF_GENERATION_UNCHANGED,
					2,
					this.#valueKey(lookup.key),
					this.#generationKey(lookup.key),
					generation,
					value,
					this.#ttlSeconds,
				),
			null,
		);
	}

	/**
	 * Drop the value and refuse fills from reads that started before now. Call it after the
	 * change is committed: a read in between would cache the old value. If Redis is
	 * unavailable the stale value can outlive the outage, for the TTL at most.
	 */
	async invalidate(key: string): Promise<void> {
		const generationKey = this.#generationKey(key);
		await this.#redis.run(
			(client) =>
				client
					.multi()
					.incr(generationKey)
					.expire(generationKey, this.#ttlSeconds + GENERATION_GRACE_SECONDS)
					.del(this.#valueKey(key))
					.exec(),
			null,
		);
	}
}
