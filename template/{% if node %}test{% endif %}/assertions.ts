import assert from "node:assert/strict";
import type { LightMyRequestResponse } from "fastify";

const ERROR_MEMBERS = ["code", "details", "message", "requestId", "timestamp"];

/** ERR-ENVELOPE: exactly the contract's members, the right code, the request ID echoed. */
export function assertError(
	response: LightMyRequestResponse,
	status: number,
	code: string,
	field?: string,
): { details: { field: string; message: string }[]; message: string } {
	assert.equal(response.statusCode, status, response.body);
	assert.match(String(response.headers["content-type"]), /^application\/json/);
	const body = response.json();
	assert.deepEqual(Object.keys(body), ["error"]);
	assert.deepEqual(Object.keys(body.error).sort(), ERROR_MEMBERS);
	assert.equal(body.error.code, code);
	assert.ok(body.error.message);
	assert.ok(Array.isArray(body.error.details));
	assert.ok(!Number.isNaN(Date.parse(body.error.timestamp)));
	assert.equal(body.error.requestId, response.headers["x-request-id"]);
	assert.ok(!response.body.includes("    at "), "no stack trace");
	if (field !== undefined) {
		const fields = body.error.details.map((detail: { field: string }) => detail.field);
		assert.ok(fields.includes(field), `${field} not among ${fields}`);
	}
	return body.error;
}

/** TIMESTAMPS-RFC3339: an offset is always present. */
export function assertTimestamp(value: string): void {
	assert.match(value, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
}
