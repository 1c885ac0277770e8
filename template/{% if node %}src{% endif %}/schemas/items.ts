import { Type } from "typebox";

const NAME_MAX_LENGTH = 200;
const DESCRIPTION_MAX_LENGTH = 2000;

// Control characters have no place in a name. NUL is refused everywhere: not every database
// can store it in text, and it only ever arrives by mistake or malice.
const Name = Type.String({
	minLength: 1,
	maxLength: NAME_MAX_LENGTH,
	pattern: "^[^\\x00-\\x1f\\x7f]*$",
	examples: ["Blue widget"],
});
const Description = Type.Union([
	Type.String({ maxLength: DESCRIPTION_MAX_LENGTH, pattern: "^[^\\x00]*$" }),
	Type.Null(),
]);

export const ItemCreate = Type.Object(
	{ name: Name, description: Type.Optional(Description) },
	{ additionalProperties: false },
);

export const ItemUpdate = Type.Object(
	// May be left out, but never set to null.
	{ name: Type.Optional(Name), description: Type.Optional(Description) },
	{
		additionalProperties: false,
		description: "Only the members present are changed; `description: null` clears it.",
	},
);

export const ItemRead = Type.Object({
	id: Type.String({ format: "uuid" }),
	name: Type.String(),
	description: Type.Union([Type.String(), Type.Null()]),
	createdAt: Type.String({ format: "date-time" }),
	updatedAt: Type.String({ format: "date-time" }),
});

export const ItemParams = Type.Object({ item_id: Type.String({ format: "uuid" }) });

export const ConditionalHeaders = Type.Object({
	"if-none-match": Type.Optional(
		Type.String({
			maxLength: 1024,
			description: "ETags of representations the client holds; a match answers 304.",
		}),
	),
});

export const ETAG_HEADER = {
	ETag: { type: "string", description: "Validator of this representation." },
};
