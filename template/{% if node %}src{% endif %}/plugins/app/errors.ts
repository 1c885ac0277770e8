import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { isDatabaseUnavailable, isDataException } from "../../lib/database-errors.ts";
import {
	AppError,
	CODE_BY_STATUS,
	type ErrorDetail,
	errorBody,
	invalid,
	unavailable,
} from "../../lib/errors.ts";

interface ValidationProblem {
	instancePath: string;
	message?: string | undefined;
	params: Record<string, unknown>;
}

/** The member or parameter a schema violation is about: "name", "limit", "body"... */
function fieldOf(problem: ValidationProblem, context: string | undefined): string {
	const member = problem.params.missingProperty ?? problem.params.additionalProperty ?? undefined;
	const path = problem.instancePath.split("/").filter(Boolean);
	if (typeof member === "string") path.push(member);
	return path.length > 0 ? path.join(".") : (context ?? "request");
}

function describe(problem: ValidationProblem): string {
	if (problem.params.additionalProperty !== undefined) return "Unknown member.";
	return problem.message ?? "Invalid value.";
}

/** Every failure, from any layer, as one of the contract's errors. */
export function toAppError(error: FastifyError | Error): AppError {
	if (error instanceof AppError) return error;
	const fastifyError = error as FastifyError;
	if (fastifyError.validation) {
		const details: ErrorDetail[] = fastifyError.validation.map((problem) => ({
			field: fieldOf(problem as ValidationProblem, fastifyError.validationContext),
			message: describe(problem as ValidationProblem),
		}));
		return new AppError("VALIDATION_ERROR", { details });
	}
	if (fastifyError.code === "FST_ERR_CTP_BODY_TOO_LARGE" || fastifyError.statusCode === 413) {
		return new AppError("PAYLOAD_TOO_LARGE");
	}
	if (fastifyError.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
		return invalid("body", "The body must be application/json.");
	}
	if (fastifyError.code?.startsWith("FST_ERR_CTP_") || error instanceof SyntaxError) {
		return invalid("body", "Malformed JSON.");
	}
	if (isDatabaseUnavailable(error)) return unavailable(["database"], "unavailable");
	if (isDataException(error)) return invalid("request", "A value cannot be stored.");
	const status = fastifyError.statusCode ?? 500;
	if (status >= 400 && status < 500) {
		return new AppError(CODE_BY_STATUS.get(status) ?? "VALIDATION_ERROR");
	}
	return new AppError("INTERNAL_ERROR");
}

export function sendError(
	request: FastifyRequest,
	reply: FastifyReply,
	error: AppError,
): FastifyReply {
	return reply
		.code(error.statusCode)
		.headers(error.headers)
		.type("application/json; charset=utf-8")
		.send(errorBody(error, request.id));
}

// Fastify answers a known path with an unknown method as 404; the contract wants 405.
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

function pathPattern(url: string): RegExp {
	const escaped = url.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/:\w+/g, "[^/]+");
	return new RegExp(`^${escaped}$`);
}

export default fp(
	async (fastify) => {
		const routes: { pattern: RegExp; methods: string[] }[] = [];
		fastify.addHook("onRoute", (route) => {
			if (route.url.includes("*")) return; // catch-alls (the CORS preflight) allow nothing
			const methods = [route.method].flat().filter((method) => METHODS.includes(method));
			routes.push({ pattern: pathPattern(route.url), methods });
		});

		function allowedMethods(path: string): string[] {
			const allowed = routes
				.filter((route) => route.pattern.test(path))
				.flatMap((route) => route.methods);
			return METHODS.filter((method) => allowed.includes(method));
		}

		/** 404 for a path no route serves; 405 naming the methods when some route serves it. */
		function routingError(request: FastifyRequest): AppError {
			const path = request.url.split("?", 1)[0] ?? request.url;
			const allowed = allowedMethods(path);
			if (allowed.length === 0) return new AppError("NOT_FOUND");
			return new AppError("METHOD_NOT_ALLOWED", { headers: { allow: allowed.join(", ") } });
		}

		fastify.setErrorHandler((error: FastifyError, request, reply) => {
			// No route matched, yet the body was parsed (e.g. QUERY without a content type) and
			// failed: the routing answer is the truthful one.
			const appError = request.is404 ? routingError(request) : toAppError(error);
			if (appError.code === "INTERNAL_ERROR") {
				// The client gets the generic envelope; the details stay in the log.
				request.log.error({ err: error }, "Unhandled error");
			} else if (appError.code === "SERVICE_UNAVAILABLE" && !(error instanceof AppError)) {
				request.log.warn({ err: error }, "Database unavailable");
			}
			return sendError(request, reply, appError);
		});

		fastify.setNotFoundHandler((request, reply) =>
			sendError(request, reply, routingError(request)),
		);
	},
	{ name: "errors" },
);
