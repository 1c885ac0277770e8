import { Redis } from "ioredis";

/**
 * Deletes the queues of these namespaces (BullMQ's keys, `<namespace>:*`): jobs the tests'
 * writes enqueued and no worker took would otherwise stay in the developer's Redis.
 */
export async function discardQueues(redisUrl: string, namespaces: Iterable<string>): Promise<void> {
	const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
	try {
		for (const namespace of namespaces) {
			for await (const keys of redis.scanStream({ match: `${namespace}:*`, count: 1000 })) {
				if (keys.length > 0) await redis.del(...keys);
			}
		}
	} finally {
		redis.disconnect();
	}
}
