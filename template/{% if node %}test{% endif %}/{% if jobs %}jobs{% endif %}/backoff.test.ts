import assert from "node:assert/strict";
import { test } from "node:test";
import { delayAfter } from "../../src/jobs/backoff.ts";

test("the backoff doubles from the base up to the cap, with jitter in its upper half", () => {
	const policy = { maxAttempts: 10, baseDelaySeconds: 1, maxDelaySeconds: 8 };
	for (const [attempt, ceilingMs] of [
		[1, 1000],
		[2, 2000],
		[3, 4000],
		[4, 8000],
		[5, 8000],
		[9, 8000],
	] as const) {
		const [least, most] = [0, 1].map((random) => delayAfter(policy, attempt, () => random));
		assert.deepEqual([least, most], [ceilingMs / 2, ceilingMs]);
		const delay = delayAfter(policy, attempt);
		assert.ok(delay >= ceilingMs / 2 && delay <= ceilingMs, `${delay} ms after attempt ${attempt}`);
	}
});
