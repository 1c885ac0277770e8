import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import fp from "fastify-plugin";

// Fastify's default Ajv removes unknown members and coerces types everywhere. Bodies are
// JSON and must arrive exactly as the schema says (unknown members are 400); query strings,
// path parameters and headers are text, so those are coerced ("20" -> 20, never "1.5" -> 1).
const bodyAjv = addFormats.default(
	new Ajv({ coerceTypes: false, useDefaults: false, removeAdditional: false, allErrors: false }),
);
const textAjv = addFormats.default(
	new Ajv({ coerceTypes: true, useDefaults: true, removeAdditional: false, allErrors: false }),
);

export default fp(
	async (fastify) => {
		fastify.setValidatorCompiler(({ schema, httpPart }) =>
			(httpPart === "body" ? bodyAjv : textAjv).compile(schema),
		);
	},
	{ name: "validation" },
);
