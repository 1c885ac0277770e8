import { Type } from "typebox";
import { ERROR_STATUS, type ErrorCode } from "../lib/errors.ts";

export const ErrorDetail = Type.Object(
	{ field: Type.String(), message: Type.String() },
	{ $id: "ErrorDetail", additionalProperties: false },
);

export const ErrorBody = Type.Object(
	{
		code: Type.String({ examples: ["VALIDATION_ERROR"] }),
		message: Type.String(),
		details: Type.Array(Type.Ref("ErrorDetail")),
		timestamp: Type.String({ format: "date-time" }),
		requestId: Type.String(),
	},
	{ $id: "ErrorBody", additionalProperties: false },
);

export const ErrorEnvelope = Type.Object(
	{ error: Type.Ref("ErrorBody") },
	{ $id: "ErrorEnvelope", additionalProperties: false },
);

type ErrorStatus = (typeof ERROR_STATUS)[ErrorCode];

/**
 * The `response` entries of a route that can fail with these statuses, each with the
 * envelope. Any operation can fail unexpectedly, so 500 is always there.
 */
export function errorResponses(...statuses: ErrorStatus[]) {
	const responses: Record<number, { $ref: string; description: string }> = {};
	const codes = Object.entries(ERROR_STATUS) as [ErrorCode, ErrorStatus][];
	for (const status of [...new Set([...statuses, 500])].sort()) {
		const code = codes.find(([, value]) => value === status)?.[0] ?? "INTERNAL_ERROR";
		responses[status] = { $ref: "ErrorEnvelope#", description: code };
	}
	return responses;
}
