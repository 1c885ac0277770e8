import { AssertionError } from "node:assert";
import { setTimeout as sleep } from "node:timers/promises";

// Often enough that a wait ends soon after its condition holds, seldom enough to cost nothing.
const POLL_INTERVAL_MS = 20;

/**
 * What `probe` returns (or resolves to) once it is something, polling; after `timeoutMs`, an
 * AssertionError with `failure()`, written then so it can tell what had happened meanwhile.
 */
export async function eventually<T>(
	probe: () => T | undefined | Promise<T | undefined>,
	timeoutMs: number,
	failure: () => string,
): Promise<T> {
	const deadline = performance.now() + timeoutMs;
	for (;;) {
		const result = await probe();
		if (result !== undefined) return result;
		if (performance.now() > deadline) throw new AssertionError({ message: failure() });
		await sleep(POLL_INTERVAL_MS);
	}
}
