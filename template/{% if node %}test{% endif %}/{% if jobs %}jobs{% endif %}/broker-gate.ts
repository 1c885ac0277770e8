import { once } from "node:events";
import net from "node:net";
import { eventually } from "./eventually.ts";

/**
 * A loopback address standing in for the broker: down until opened, then the broker itself,
 * until shut. While closed, every connection to `url` is ended as soon as it is made, as by a
 * broker that is down; while open, connections are forwarded to the real broker. The broker
 * stays up for the other tests, and the client under test meets an outage of exactly the
 * length the test chooses.
 */
export class BrokerGate {
	/** The broker's URL with the gate's address in place of the broker's. */
	readonly url: string;
	readonly #server: net.Server;
	readonly #broker: { host: string; port: number };
	readonly #connections = new Set<net.Socket>();
	#isOpen = false;
	#refusals = 0;

	private constructor(server: net.Server, brokerUrl: URL) {
		this.#server = server;
		this.#broker = { host: brokerUrl.hostname, port: Number(brokerUrl.port) };
		const address = server.address() as net.AddressInfo;
		const gateUrl = new URL(brokerUrl);
		gateUrl.host = `127.0.0.1:${address.port}`;
		this.url = gateUrl.toString();
		server.on("connection", (client) => this.#accept(client));
	}

	/** A closed gate in front of the broker at `brokerUrl`, which must name its port. */
	static async start(brokerUrl: string): Promise<BrokerGate> {
		const broker = new URL(brokerUrl);
		if (broker.port === "") throw new Error(`the broker's URL must name its port: ${brokerUrl}`);
		const server = net.createServer();
		server.listen(0, "127.0.0.1");
		await once(server, "listening");
		return new BrokerGate(server, broker);
	}

	open(): void {
		this.#isOpen = true;
	}

	/** Closed again, cutting the connections it forwards: the broker went down. */
	shut(): void {
		this.#isOpen = false;
		for (const connection of this.#connections) connection.destroy();
	}

	/** Until `count` connections were refused: the client went on trying after each. */
	async waitForRefusals(count: number, timeoutMs = 30_000): Promise<void> {
		await eventually(
			() => (this.#refusals >= count ? true : undefined),
			timeoutMs,
			() => `${this.#refusals} of ${count} connection attempts came within ${timeoutMs} ms`,
		);
	}

	/** Stops listening and cuts every forwarded connection. */
	async close(): Promise<void> {
		for (const connection of this.#connections) connection.destroy();
		this.#server.close();
		await once(this.#server, "close");
	}

	#accept(client: net.Socket): void {
		if (!this.#isOpen) {
			this.#refusals += 1;
			client.destroy();
			return;
		}
		const broker = net.connect(this.#broker);
		for (const [from, to] of [
			[client, broker],
			[broker, client],
		] as const) {
			this.#connections.add(from);
			// Either side closing or failing closes the other: the client sees what it would.
			from.on("close", () => {
				this.#connections.delete(from);
				to.destroy();
			});
			from.on("error", () => to.destroy());
			from.pipe(to);
		}
	}
}
