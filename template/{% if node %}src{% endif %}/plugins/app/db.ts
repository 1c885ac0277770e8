import fp from "fastify-plugin";
import type { Kysely } from "kysely";
import { createDatabase } from "../../db/connection.ts";
import type { Database } from "../../db/schema.ts";

declare module "fastify" {
	interface FastifyInstance {
		db: Kysely<Database>;
	}
}

/** The pooled connections live exactly as long as the application. */
export default fp(
	async (fastify) => {
		const db = createDatabase(fastify.config, (error) =>
			fastify.log.warn({ err: error }, "Idle database connection failed"),
		);
		fastify.decorate("db", db);
		fastify.addHook("onClose", async () => {
			await db.destroy();
		});
	},
	{ name: "db", dependencies: ["config"] },
);
