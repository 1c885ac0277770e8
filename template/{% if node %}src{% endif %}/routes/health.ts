import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { sql } from "kysely";
import { Type } from "typebox";
import { unavailable } from "../lib/errors.ts";
import { DataEnvelope } from "../schemas/envelopes.ts";
import { errorResponses } from "../schemas/errors.ts";

// A probe that hangs is worse than one that fails: orchestrators time out anyway.
const DEPENDENCY_CHECK_TIMEOUT_MS = 2000;

function withinTimeout<T>(work: Promise<T>, milliseconds: number): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(
			() => reject(new Error(`No answer within ${milliseconds} ms`)),
			milliseconds,
		);
	});
	return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Liveness and readiness probes; never rate limited, so they never report a false outage. */
const probes: FastifyPluginAsyncTypebox = async (fastify) => {
	// Each dependency /ready checks, by the name it reports when that one fails.
	const checks: Record<string, () => Promise<unknown>> = {
		database: () => sql`SELECT 1`.execute(fastify.db),
	};

	fastify.get(
		"/health",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["operations"],
				summary: "Liveness: the process is up (checks no dependency)",
				operationId: "health",
				response: {
					200: {
						...DataEnvelope(Type.Object({ status: Type.Literal("ok") })),
						description: "The process is up.",
					},
					...errorResponses(),
				},
			},
		},
		async () => ({ data: { status: "ok" as const }, meta: {} }),
	);

	fastify.get(
		"/ready",
		{
			config: { rateLimit: false },
			schema: {
				tags: ["operations"],
				summary: "Readiness: every dependency that requests need answers",
				operationId: "ready",
				response: {
					200: {
						...DataEnvelope(Type.Record(Type.String(), Type.String())),
						description: "Every dependency answers.",
					},
					...errorResponses(503),
				},
			},
		},
		async (request) => {
			const names = Object.keys(checks);
			const results = await Promise.allSettled(
				names.map((name) =>
					withinTimeout((checks[name] as () => Promise<unknown>)(), DEPENDENCY_CHECK_TIMEOUT_MS),
				),
			);
			const failing = names.filter((name, index) => {
				const result = results[index];
				if (result?.status !== "rejected") return false;
				request.log.warn({ err: result.reason, dependency: name }, "Readiness check failed");
				return true;
			});
			if (failing.length > 0) throw unavailable(failing, "unreachable");
			return {
				data: { status: "ready", ...Object.fromEntries(names.map((name) => [name, "ok"])) },
				meta: {},
			};
		},
	);
};

export default probes;
