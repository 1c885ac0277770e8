import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { Static } from "typebox";
import { Type } from "typebox";
import { passwordProblem } from "../../../../auth/passwords.ts";
import { invalid } from "../../../../lib/errors.ts";
import type { TokenPair } from "../../../../plugins/app/auth-service.ts";
import {
	LoginForm,
	LoginRequest,
	OAuth2TokenResponse,
	RefreshRequest,
	RegisterRequest,
	TokenRead,
} from "../../../../schemas/auth.ts";
import { DataEnvelope } from "../../../../schemas/envelopes.ts";
import { errorResponses } from "../../../../schemas/errors.ts";
import { normalizedEmail, UserRead, userRead } from "../../../../schemas/users.ts";

const FORM = "application/x-www-form-urlencoded";
// A login form has three or four fields; parsing stops well beyond that.
const MAX_FORM_FIELDS = 10;
const tags = ["auth"];

function envelope(tokens: TokenPair) {
	const { access, refreshToken } = tokens;
	const data = {
		accessToken: access.token,
		tokenType: "Bearer" as const,
		expiresIn: access.expiresIn,
		refreshToken,
	};
	return { data, meta: {} };
}

/** Accounts: register, log in (JSON, or the OAuth2 password form), refresh, log out. */
const auth: FastifyPluginAsyncTypebox = async (fastify) => {
	const service = fastify.authService;

	// Only here: the OAuth2 password grant is a form (RFC 6749 §4.3).
	fastify.addContentTypeParser(FORM, { parseAs: "string" }, (_request, body, done) => {
		const fields = new URLSearchParams(body as string);
		if ([...fields.keys()].length > MAX_FORM_FIELDS) {
			done(invalid("body", "Too many form fields."), undefined);
			return;
		}
		done(null, Object.fromEntries(fields));
	});

	fastify.post(
		"/register",
		{
			schema: {
				tags,
				summary: "Create an account (role `user`)",
				operationId: "register",
				body: RegisterRequest,
				response: {
					201: { ...DataEnvelope(UserRead), description: "The account created." },
					...errorResponses(400, 409, 413, 429, 503),
				},
			},
		},
		async (request, reply) => {
			const email = normalizedEmail(request.body.email);
			const problem = passwordProblem(request.body.password, email);
			if (problem !== undefined) throw invalid("password", problem);
			const user = await service.register(email, request.body.password);
			reply.code(201).header("location", "/api/v1/users/me");
			return { data: userRead(user), meta: {} };
		},
	);

	fastify.post(
		"/login",
		{
			schema: {
				tags,
				summary: "Log in: an access token and a refresh token",
				description:
					"JSON bodies get the usual envelope. The OAuth2 password form (what `/docs` sends) " +
					"gets RFC 6749's token response: `access_token`, `token_type`, `expires_in`, " +
					"`refresh_token`, without an envelope.",
				operationId: "login",
				body: {
					content: {
						"application/json": { schema: LoginRequest },
						[FORM]: { schema: LoginForm },
					},
				},
				response: {
					200: {
						description: "Tokens: enveloped for JSON logins, RFC 6749's response for forms.",
						content: {
							"application/json": {
								schema: Type.Union([DataEnvelope(TokenRead), OAuth2TokenResponse]),
							},
						},
					},
					...errorResponses(400, 401, 413, 429, 503),
				},
			},
		},
		async (request) => {
			const fromForm = request.headers["content-type"]?.startsWith(FORM) ?? false;
			// Validated by the schema of its content type; without a body there is none to apply.
			const body = request.body as Static<typeof LoginRequest> | Static<typeof LoginForm> | null;
			if (body === null || typeof body !== "object") {
				throw invalid("body", "Send the credentials as JSON or as the OAuth2 password form.");
			}
			const [given, field] =
				"username" in body ? [body.username, "username"] : [body.email, "email"];
			// The address resolved by the trusted proxy, when there is one (trustProxy).
			const tokens = await service.login(normalizedEmail(given, field), body.password, request.ip);
			if (!fromForm) return envelope(tokens);
			return {
				access_token: tokens.access.token,
				token_type: "Bearer" as const,
				expires_in: tokens.access.expiresIn,
				refresh_token: tokens.refreshToken,
			};
		},
	);

	fastify.post(
		"/refresh",
		{
			schema: {
				tags,
				summary: "Exchange a refresh token for new tokens (the one sent is used up)",
				operationId: "refresh",
				body: RefreshRequest,
				response: {
					200: { ...DataEnvelope(TokenRead), description: "New tokens." },
					...errorResponses(400, 401, 413, 429, 503),
				},
			},
		},
		async (request) => envelope(await service.refresh(request.body.refreshToken)),
	);

	fastify.post(
		"/logout",
		{
			schema: {
				tags,
				summary: "Revoke the refresh token and every token rotated from the same login",
				operationId: "logout",
				body: RefreshRequest,
				response: {
					204: { ...Type.Null(), description: "Logged out (also when the token was unknown)." },
					...errorResponses(400, 413, 429, 503),
				},
			},
		},
		async (request, reply) => {
			await service.logout(request.body.refreshToken);
			return reply.code(204).send(null);
		},
	);
};

export default auth;
export const autoPrefix = "/api/v1/auth";
