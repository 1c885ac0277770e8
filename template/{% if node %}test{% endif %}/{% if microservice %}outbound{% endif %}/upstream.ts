/**
 * Another service for the outbound tests: a real HTTP server on loopback, told what to answer.
 *
 * Each path answers from a script of replies, the last repeated forever, so a test can make a
 * service that fails twice then recovers, or one that never answers in time. Every request it
 * receives is recorded, headers included.
 */
import { once } from "node:events";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { LoopbackServer } from "../loopback.ts";

export interface Reply {
	status?: number;
	delayMs?: number;
	headers?: Record<string, string>;
}

export interface Received {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
}

export class Upstream extends LoopbackServer {
	readonly received: Received[] = [];
	readonly #scripts = new Map<string, Reply[]>();

	/** A service on a free loopback port, already answering 200 on every path. */
	static start(): Promise<Upstream> {
		return new Upstream().listen();
	}

	/** Answer these replies in turn on this path, then the last one for ever. */
	script(path: string, ...replies: Reply[]): void {
		this.#scripts.set(path, replies);
	}

	callsTo(path: string): Received[] {
		return this.received.filter((request) => request.path === path);
	}

	#nextReply(path: string): Reply {
		const script = this.#scripts.get(path) ?? [];
		return (script.length > 1 ? script.shift() : script[0]) ?? {};
	}

	protected async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
		await once(request.resume(), "end"); // the body, read and dropped
		const path = request.url ?? "/";
		this.received.push({ method: request.method ?? "GET", path, headers: request.headers });
		const { status = 200, delayMs = 0, headers = {} } = this.#nextReply(path);
		await sleep(delayMs);
		if (response.destroyed) return; // the client gave up waiting: what a timeout test wants
		const body = JSON.stringify({ data: { status }, meta: {} });
		response.writeHead(status, { ...headers, "content-type": "application/json" }).end(body);
	}
}
