/** The contract's error codes, their statuses and the wording clients see by default. */
export const ERROR_STATUS = {
	VALIDATION_ERROR: 400,
	NOT_FOUND: 404,
	METHOD_NOT_ALLOWED: 405,
	CONFLICT: 409,
	PAYLOAD_TOO_LARGE: 413,
	RATE_LIMITED: 429,
	INTERNAL_ERROR: 500,
	SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
	VALIDATION_ERROR: "The request is invalid.",
	NOT_FOUND: "The requested resource does not exist.",
	METHOD_NOT_ALLOWED: "This method is not allowed on this resource.",
	CONFLICT: "The request conflicts with the current state of the resource.",
	PAYLOAD_TOO_LARGE: "The request body is too large.",
	RATE_LIMITED: "Too many requests; retry later.",
	INTERNAL_ERROR: "An unexpected error occurred.",
	SERVICE_UNAVAILABLE: "The service is temporarily unavailable.",
};

export const CODE_BY_STATUS = new Map<number, ErrorCode>(
	Object.entries(ERROR_STATUS).map(([code, status]) => [status, code as ErrorCode]),
);

export interface ErrorDetail {
	field: string;
	message: string;
}

// Clients may retry a 503 after this long; long enough for a database failover to start.
export const RETRY_AFTER_SECONDS = 5;

/** An expected failure, answered with its code; anything else is a 500. */
export class AppError extends Error {
	readonly code: ErrorCode;
	readonly details: ErrorDetail[];
	readonly headers: Record<string, string>;

	constructor(
		code: ErrorCode,
		options: { message?: string; details?: ErrorDetail[]; headers?: Record<string, string> } = {},
	) {
		super(options.message ?? DEFAULT_MESSAGES[code]);
		this.code = code;
		this.details = options.details ?? [];
		this.headers = options.headers ?? {};
	}

	get statusCode(): number {
		return ERROR_STATUS[this.code];
	}
}

export function invalid(field: string, message: string): AppError {
	return new AppError("VALIDATION_ERROR", { details: [{ field, message }] });
}

/** A 503 naming the dependencies that cannot serve the request right now. */
export function unavailable(dependencies: string[], reason: string): AppError {
	const [only] = dependencies;
	return new AppError("SERVICE_UNAVAILABLE", {
		message:
			dependencies.length === 1
				? `The ${only} is unavailable; retry later.`
				: "Dependencies are unavailable; retry later.",
		details: dependencies.map((field) => ({ field, message: reason })),
		headers: { "retry-after": String(RETRY_AFTER_SECONDS) },
	});
}

/** The error envelope: exactly the members the contract names. */
export function errorBody(error: AppError, requestId: string) {
	return {
		error: {
			code: error.code,
			message: error.message,
			details: error.details,
			timestamp: new Date().toISOString(),
			requestId,
		},
	};
}
