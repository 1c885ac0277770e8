/**
 * Calls to other services: timeouts, retries with backoff, a circuit breaker per service, and
 * this request's ID and trace context passed along.
 *
 * The application has one client, which pools connections (`fastify.httpClient`):
 *
 *     const response = await fastify.httpClient.fetch(`${pricingUrl}/api/v1/prices/${id}`);
 *     if (!response.ok) ...
 *     const { data } = (await response.json()) as { data: Price };
 *
 * Only idempotent calls (GET, PUT, DELETE...) are retried: a POST that timed out may have
 * been carried out. A service that stays unreachable, or whose circuit is open, rejects with
 * an UpstreamUnavailableError, which this service answers with a 503 in the error envelope.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { Agent, fetch, Headers, type RequestInit, Response } from "undici";
import { CircuitBreaker, type CircuitLog } from "./circuit-breaker.ts";
import type { OutboundConfig } from "./config.ts";
import { CircuitOpenError, UpstreamConnectionError, UpstreamTimeoutError } from "./errors.ts";

// Safe to send again (RFC 9110, section 9.2.2): only these are retried.
const IDEMPOTENT_METHODS = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);
// Overloaded, restarting, or lost by a gateway: likely to work a moment later.
const RETRYABLE_STATUSES = new Set([502, 503, 504]);
// Longest wait between two attempts, whatever the backoff or a Retry-After header says.
const MAX_BACKOFF_SECONDS = 5;
// undici's codes for a connection, or an answer, that took longer than its timeout.
const TIMEOUT_CODES = new Set([
	"UND_ERR_CONNECT_TIMEOUT",
	"UND_ERR_HEADERS_TIMEOUT",
	"UND_ERR_BODY_TIMEOUT",
]);
const REQUEST_ID_HEADER = "x-request-id";

export interface HttpClientOptions {
	config: OutboundConfig;
	/** Sent as User-Agent: the called service's logs say who called. */
	serviceName: string;
	log: CircuitLog;
	/** The ID of the request being served, if any: the called service logs it too. */
	requestId?: () => string | undefined;
}

/** The network failure behind a rejected fetch, as undici or the system names it. */
function failureCode(error: unknown): string | undefined {
	for (let cause = error; cause instanceof Error; cause = cause.cause) {
		const code = (cause as { code?: unknown }).code;
		if (typeof code === "string") return code;
	}
	return undefined;
}

export class HttpClient {
	readonly #config: OutboundConfig;
	readonly #serviceName: string;
	readonly #log: CircuitLog;
	readonly #requestId: () => string | undefined;
	readonly #agent: Agent;
	readonly #breakers = new Map<string, CircuitBreaker>();

	constructor(options: HttpClientOptions) {
		this.#config = options.config;
		this.#serviceName = options.serviceName;
		this.#log = options.log;
		this.#requestId = options.requestId ?? (() => undefined);
		const timeoutMs = options.config.timeoutSeconds * 1000;
		this.#agent = new Agent({
			connect: { timeout: options.config.connectTimeoutSeconds * 1000 },
			headersTimeout: timeoutMs,
			bodyTimeout: timeoutMs,
		});
	}

	/** The circuit of the service at this URL's origin (scheme, host and port). */
	breakerOf(url: URL): CircuitBreaker {
		let breaker = this.#breakers.get(url.origin);
		if (breaker === undefined) {
			breaker = new CircuitBreaker(url.origin, {
				failureThreshold: this.#config.circuitFailureThreshold,
				resetSeconds: this.#config.circuitResetSeconds,
				log: this.#log,
			});
			this.#breakers.set(url.origin, breaker);
		}
		return breaker;
	}

	/**
	 * fetch(), made resilient. The body is read before the response is returned, as a retry
	 * would need: a service stalling mid-body times out here, not in the caller's hands. Send
	 * bodies as strings or buffers, which every attempt can send again.
	 */
	async fetch(input: string | URL, init: RequestInit = {}): Promise<Response> {
		const url = new URL(input);
		const method = (init.method ?? "GET").toUpperCase();
		const breaker = this.breakerOf(url);
		const attempts = IDEMPOTENT_METHODS.has(method) ? this.#config.maxAttempts : 1;
		const headers = this.#headers(init);
		for (let attempt = 1; ; attempt++) {
			if (!breaker.tryAcquire()) throw new CircuitOpenError(breaker);
			let delaySeconds: number;
			let reason: string;
			try {
				const response = await fetch(url, { ...init, method, headers, dispatcher: this.#agent });
				const body = await response.arrayBuffer();
				// A 4xx is the caller's mistake: the other service answered, so it is up.
				if (response.status >= 500) breaker.recordFailure();
				else breaker.recordSuccess();
				if (attempt === attempts || !RETRYABLE_STATUSES.has(response.status)) {
					return new Response(body.byteLength > 0 ? body : null, {
						status: response.status,
						statusText: response.statusText,
						headers: response.headers,
					});
				}
				delaySeconds = this.#backoff(attempt, response.headers.get("retry-after"));
				reason = `status ${response.status}`;
			} catch (error) {
				const code = failureCode(error);
				if (init.signal?.aborted || code === undefined) {
					// Cancelled by the caller, or never sent (a bad URL or body): no verdict on
					// the other service.
					breaker.release();
					throw error;
				}
				breaker.recordFailure();
				if (attempt === attempts) {
					throw TIMEOUT_CODES.has(code)
						? new UpstreamTimeoutError(breaker.name, error)
						: new UpstreamConnectionError(breaker.name, error);
				}
				delaySeconds = this.#backoff(attempt);
				reason = code;
			}
			this.#log.info(
				{
					method,
					upstream: breaker.name,
					attempt,
					reason,
					delaySeconds: Math.round(delaySeconds * 1000) / 1000,
				},
				"Retrying a call to another service",
			);
			await sleep(delaySeconds * 1000, undefined, init.signal ? { signal: init.signal } : {});
		}
	}

	/** Stop pooling connections: in-flight calls finish, new ones are refused. */
	close(): Promise<void> {
		return this.#agent.close();
	}

	#headers(init: RequestInit): Headers {
		const headers = new Headers(init.headers);
		if (!headers.has("user-agent")) headers.set("user-agent", this.#serviceName);
		const requestId = this.#requestId();
		if (requestId !== undefined && !headers.has(REQUEST_ID_HEADER)) {
			headers.set(REQUEST_ID_HEADER, requestId);
		}
		return headers;
	}

	/** Exponential backoff with full jitter, so callers that failed together spread out. */
	#backoff(attempt: number, retryAfter: string | null = null): number {
		if (retryAfter !== null && /^\d+$/.test(retryAfter)) {
			return Math.min(Number(retryAfter), MAX_BACKOFF_SECONDS);
		}
		const ceiling = Math.min(this.#config.backoffSeconds * 2 ** (attempt - 1), MAX_BACKOFF_SECONDS);
		return Math.random() * ceiling;
	}
}
