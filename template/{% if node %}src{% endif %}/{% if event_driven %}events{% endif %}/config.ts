import { type Static, Type } from "typebox";

/** The outbox relay's environment variables, with their defaults (see .env.example). */
export const OutboxEnvironment = Type.Object({
	// Events published per transaction, and how often an idle relay looks again: the longest
	// it leaves a new event waiting.
	OUTBOX_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 100 }),
	OUTBOX_POLL_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 60, default: 0.5 }),
});

export interface OutboxConfig {
	batchSize: number;
	pollSeconds: number;
}

export function outboxConfig(values: Static<typeof OutboxEnvironment>): OutboxConfig {
	return { batchSize: values.OUTBOX_BATCH_SIZE, pollSeconds: values.OUTBOX_POLL_SECONDS };
}
