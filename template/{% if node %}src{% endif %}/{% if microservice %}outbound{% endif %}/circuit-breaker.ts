/**
 * A circuit breaker: stop calling a service that keeps failing, and try it again later.
 *
 * Closed: calls go through; `failureThreshold` failures in a row open the circuit.
 * Open: calls are refused at once, for `resetSeconds`, sparing the failing service the load
 * and this service's callers the wait. Then half-open: one trial call goes through; its
 * success closes the circuit, its failure opens it for another `resetSeconds`.
 */

export type CircuitState = "closed" | "open" | "half-open";

export interface CircuitLog {
	info(fields: object, message: string): void;
	warn(fields: object, message: string): void;
}

export interface CircuitBreakerOptions {
	failureThreshold: number;
	resetSeconds: number;
	/** Seconds on a monotonic clock; tests move their own by hand. */
	clock?: () => number;
	log?: CircuitLog;
}

const monotonicSeconds = () => performance.now() / 1000;

/** The circuit of one downstream service. */
export class CircuitBreaker {
	readonly name: string;
	readonly failureThreshold: number;
	readonly resetSeconds: number;
	readonly #clock: () => number;
	readonly #log: CircuitLog | undefined;
	#failures = 0;
	#openedAt: number | undefined;
	#trialInFlight = false;

	constructor(name: string, options: CircuitBreakerOptions) {
		this.name = name;
		this.failureThreshold = options.failureThreshold;
		this.resetSeconds = options.resetSeconds;
		this.#clock = options.clock ?? monotonicSeconds;
		this.#log = options.log;
	}

	get state(): CircuitState {
		if (this.#openedAt === undefined) return "closed";
		if (this.#clock() - this.#openedAt < this.resetSeconds) return "open";
		return "half-open";
	}

	/** How long until the circuit lets a trial call through (0 when it would now). */
	retryAfterSeconds(): number {
		if (this.#openedAt === undefined) return 0;
		return Math.max(0, this.#openedAt + this.resetSeconds - this.#clock());
	}

	/** Whether a call may go now; a half-open circuit lets one trial call at a time. */
	tryAcquire(): boolean {
		const state = this.state;
		if (state === "closed") return true;
		if (state === "half-open" && !this.#trialInFlight) {
			this.#trialInFlight = true;
			return true;
		}
		return false;
	}

	/** Give a call's permission back without a verdict (the call was cancelled). */
	release(): void {
		this.#trialInFlight = false;
	}

	recordSuccess(): void {
		if (this.#openedAt !== undefined) this.#log?.info({ circuit: this.name }, "Circuit closed");
		this.#failures = 0;
		this.#openedAt = undefined;
		this.#trialInFlight = false;
	}

	recordFailure(): void {
		this.#failures += 1;
		// A failed trial reopens at once; a closed circuit opens at the threshold.
		if (this.#trialInFlight || this.#failures >= this.failureThreshold) {
			if (this.#openedAt === undefined || this.#trialInFlight) {
				this.#log?.warn({ circuit: this.name, failures: this.#failures }, "Circuit opened");
			}
			this.#openedAt = this.#clock();
			this.#trialInFlight = false;
		}
	}
}
