import { RETRY_AFTER_SECONDS } from "../lib/errors.ts";
import type { CircuitBreaker } from "./circuit-breaker.ts";

/**
 * Another service gave no answer: unreachable, too slow, or its circuit is open. This
 * service then answers 503 in the error envelope (plugins/app/errors.ts), never a 500; the
 * message names the service's origin for the logs, never for the client.
 */
export class UpstreamUnavailableError extends Error {
	/** The origin (scheme, host and port) of the service called. */
	readonly upstream: string;
	/** How long this service's own callers should wait before trying again. */
	readonly retryAfterSeconds: number;

	constructor(
		upstream: string,
		message: string,
		options: { cause?: unknown; retryAfterSeconds?: number } = {},
	) {
		super(message, { cause: options.cause });
		this.name = new.target.name;
		this.upstream = upstream;
		this.retryAfterSeconds = options.retryAfterSeconds ?? RETRY_AFTER_SECONDS;
	}
}

/** Connecting, or waiting for the answer, took longer than its timeout on the last attempt. */
export class UpstreamTimeoutError extends UpstreamUnavailableError {
	constructor(upstream: string, cause: unknown) {
		super(upstream, `${upstream} did not answer in time`, { cause });
	}
}

/** The connection was refused, reset or lost on the last attempt. */
export class UpstreamConnectionError extends UpstreamUnavailableError {
	constructor(upstream: string, cause: unknown) {
		super(upstream, `${upstream} could not be reached`, { cause });
	}
}

/** The call was refused without being made: that service failed too often lately. */
export class CircuitOpenError extends UpstreamUnavailableError {
	constructor(breaker: CircuitBreaker) {
		super(breaker.name, `The circuit of ${breaker.name} is open`, {
			retryAfterSeconds: breaker.retryAfterSeconds(),
		});
	}
}
