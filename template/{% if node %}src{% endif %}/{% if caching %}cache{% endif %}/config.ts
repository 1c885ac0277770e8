import { type Static, Type } from "typebox";
import { SERVICE_NAME } from "../service.ts";

/** The cache's environment variables, with their defaults (see .env.example). */
export const CacheEnvironment = Type.Object({
	REDIS_URL: Type.String({ pattern: "^rediss?://" }),
	// Longest a cached item read can lag behind a change made while Redis was unreachable.
	CACHE_TTL_SECONDS: Type.Integer({ minimum: 1, default: 300 }),
	// Redis calls (cache, rate limits) give up after this, and the request goes on without.
	CACHE_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 0.25 }),
	// Prefix of this service's keys: services (or environments) can share a Redis.
	CACHE_NAMESPACE: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,49}$", default: SERVICE_NAME }),
});

export interface CacheConfig {
	redisUrl: string;
	ttlSeconds: number;
	timeoutSeconds: number;
	namespace: string;
}

export function cacheConfig(values: Static<typeof CacheEnvironment>): CacheConfig {
	return {
		redisUrl: values.REDIS_URL,
		ttlSeconds: values.CACHE_TTL_SECONDS,
		timeoutSeconds: values.CACHE_TIMEOUT_SECONDS,
		namespace: values.CACHE_NAMESPACE,
	};
}
