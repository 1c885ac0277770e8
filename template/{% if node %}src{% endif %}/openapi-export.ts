/**
 * Write the OpenAPI document to a file, or check that the committed one is current.
 *   node src/openapi-export.ts openapi.json          # write
 *   node src/openapi-export.ts openapi.json --check  # exit 1 when stale
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Fastify from "fastify";
import fp from "fastify-plugin";
import serviceApp, { serverOptions } from "./app.ts";
import { loadConfig } from "./config.ts";
import { createLogger } from "./logger.ts";

// The document does not depend on configuration, and nothing connects while exporting.
const config = loadConfig(
	{ DATABASE_URL: "postgresql://export@localhost/export", LOG_LEVEL: "ERROR" },
	null,
);

async function render(): Promise<string> {
	const app = Fastify(serverOptions(config, createLogger(config.logLevel)));
	await app.register(fp(serviceApp), { config });
	await app.ready();
	const document = app.swagger();
	await app.close();
	return `${JSON.stringify(document, null, 2)}\n`;
}

const [file, flag] = process.argv.slice(2);
if (!file) {
	console.error("usage: openapi-export <file> [--check]");
	process.exit(2);
}
const document = await render();
if (flag !== "--check") {
	writeFileSync(file, document);
} else if (!existsSync(file) || readFileSync(file, "utf8") !== document) {
	console.error(`${file} is stale: run \`make openapi\` and commit the result.`);
	process.exit(1);
} else {
	console.log(`${file} is up to date.`);
}
