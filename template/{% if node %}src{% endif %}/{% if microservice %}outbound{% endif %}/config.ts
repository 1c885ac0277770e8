import { type Static, Type } from "typebox";

/**
 * Calls to other services (outbound/http-client.ts), with their defaults (see .env.example):
 * a slow neighbour must not hold this service's requests, and a failing one must not be
 * hammered.
 */
export const OutboundEnvironment = Type.Object({
	OUTBOUND_CONNECT_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 60, default: 2 }),
	OUTBOUND_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 300, default: 10 }),
	OUTBOUND_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 10, default: 3 }),
	OUTBOUND_BACKOFF_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 10, default: 0.2 }),
	CIRCUIT_FAILURE_THRESHOLD: Type.Integer({ minimum: 1, maximum: 1000, default: 5 }),
	CIRCUIT_RESET_SECONDS: Type.Number({ exclusiveMinimum: 0, maximum: 3600, default: 30 }),
});

export interface OutboundConfig {
	connectTimeoutSeconds: number;
	timeoutSeconds: number;
	maxAttempts: number;
	backoffSeconds: number;
	circuitFailureThreshold: number;
	circuitResetSeconds: number;
}

export function outboundConfig(values: Static<typeof OutboundEnvironment>): OutboundConfig {
	return {
		connectTimeoutSeconds: values.OUTBOUND_CONNECT_TIMEOUT_SECONDS,
		timeoutSeconds: values.OUTBOUND_TIMEOUT_SECONDS,
		maxAttempts: values.OUTBOUND_MAX_ATTEMPTS,
		backoffSeconds: values.OUTBOUND_BACKOFF_SECONDS,
		circuitFailureThreshold: values.CIRCUIT_FAILURE_THRESHOLD,
		circuitResetSeconds: values.CIRCUIT_RESET_SECONDS,
	};
}
