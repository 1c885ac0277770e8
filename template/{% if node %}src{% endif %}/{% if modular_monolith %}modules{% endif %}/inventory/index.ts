import fp from "fastify-plugin";
import { ItemDeleted } from "../items/public.ts";
import { stockRepository } from "./repository.ts";
import routes from "./routes.ts";

/**
 * The inventory module: how many of each item are in stock. A bounded context of its own,
 * knowing items only through ../items/public.ts: it checks there that an item exists (and
 * that the caller may see it), and forgets an item's stock when the items module announces
 * its deletion. Encapsulated: its repository is its own, handed to its routes.
 */
export default fp(
	async (fastify) => {
		const repository = stockRepository(fastify.db);
		fastify.domainEvents.subscribe(ItemDeleted, (transaction, event) =>
			repository.deleteOfItem(transaction, event.itemId),
		);
		await fastify.register(routes, { prefix: "/api/v1/items", repository });
	},
	{
		name: "inventory-module",
		dependencies: ["db", "domain-events", "items-module"],
		encapsulate: true,
	},
);
