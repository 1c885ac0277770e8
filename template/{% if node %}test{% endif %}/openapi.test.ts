import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";
import { build } from "./helper.ts";

type Operation = {
	responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
};

test("every operation documents its errors with the envelope, and no framework error schema", async (t) => {
	const app = await build(t);
	const document = (await app.inject({ url: "/openapi.json" })).json();
	const schemas = document.components.schemas;

	for (const [route, pathItem] of Object.entries(
		document.paths as Record<string, Record<string, Operation>>,
	)) {
		for (const [method, operation] of Object.entries(pathItem)) {
			const statuses = Object.keys(operation.responses);
			assert.ok(statuses.includes("500"), `${method} ${route}`);
			assert.ok(!statuses.includes("422"), `${method} ${route}`);
			for (const status of statuses.filter((code) => code >= "400")) {
				const reference =
					operation.responses[status]?.content?.["application/json"]?.schema.$ref ?? "";
				assert.deepEqual(Object.keys(schemas[reference.split("/").at(-1) ?? ""].properties), [
					"error",
				]);
			}
		}
	}
	assert.deepEqual(Object.keys(schemas).sort(), ["ErrorBody", "ErrorDetail", "ErrorEnvelope"]);
});

test("the served document is the committed openapi.json", async (t) => {
	const app = await build(t);
	const served = (await app.inject({ url: "/openapi.json" })).json();
	const committed = JSON.parse(
		readFileSync(path.join(import.meta.dirname, "..", "openapi.json"), "utf8"),
	);
	assert.deepEqual(served, committed);
});
