import { type Item, type ItemsRepository, storedId } from "../plugins/app/items-repository.ts";
import type { ReadThroughCache } from "./read-through-cache.ts";

const cacheKey = (id: string) => `items:${storedId(id)}`;

/**
 * The repository with read-through caching of single items: `get` answers from the cache
 * when it holds the item, else from the database, kept; writes invalidate after they commit.
 */
export function withCachedReads(
	repository: ItemsRepository,
	cache: ReadThroughCache,
): ItemsRepository {
	return {
		...repository,

		async get(id: string): Promise<Item | undefined> {
			const cached = await cache.lookup(cacheKey(id));
			if (cached.value !== null) return JSON.parse(cached.value) as Item;
			const item = await repository.get(id);
			if (item) await cache.fill(cached, JSON.stringify(item));
			return item;
		},

		async update(id, changes) {
			const item = await repository.update(id, changes);
			if (item) await cache.invalidate(cacheKey(id));
			return item;
		},

		async delete(id: string): Promise<boolean> {
			const deleted = await repository.delete(id);
			if (deleted) await cache.invalidate(cacheKey(id));
			return deleted;
		},
	};
}
