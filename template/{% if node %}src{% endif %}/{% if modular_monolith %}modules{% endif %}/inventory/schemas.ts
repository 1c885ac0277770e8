import { Type } from "typebox";

// Fits the 32-bit INTEGER column of every supported database.
const MAX_QUANTITY = 1_000_000_000;

export const StockUpdate = Type.Object(
	// An integer in JSON: "12", 1.5 and true are refused, not read as 12 or 1.
	{ quantity: Type.Integer({ minimum: 0, maximum: MAX_QUANTITY, examples: [12] }) },
	{ additionalProperties: false },
);

export const StockRead = Type.Object({
	itemId: Type.String({ format: "uuid" }),
	quantity: Type.Integer({ description: "Units on hand; 0 for an item never counted." }),
	updatedAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()], {
		description: "When it last changed; null if never set.",
	}),
});
