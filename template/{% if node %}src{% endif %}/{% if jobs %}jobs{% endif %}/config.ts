import { type Static, Type } from "typebox";
import { SERVICE_NAME } from "../service.ts";

/** The job queue's environment variables, with their defaults (see .env.example). */
export const JobsEnvironment = Type.Object({
	REDIS_URL: Type.String({ pattern: "^rediss?://" }),
	// Prefix of this service's queue names: services (or environments) can share a Redis.
	JOBS_NAMESPACE: Type.String({ pattern: "^[a-z0-9][a-z0-9-]{0,49}$", default: SERVICE_NAME }),
	JOB_MAX_ATTEMPTS: Type.Integer({ minimum: 1, maximum: 100, default: 5 }),
	JOB_RETRY_BASE_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 1 }),
	JOB_RETRY_MAX_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 60 }),
	// A job whose worker stopped renewing its lock this long ago (it died) goes to another.
	JOB_VISIBILITY_TIMEOUT_SECONDS: Type.Number({ exclusiveMinimum: 0, default: 300 }),
});

export interface RetryPolicy {
	maxAttempts: number;
	baseDelaySeconds: number;
	maxDelaySeconds: number;
}

export interface JobsConfig {
	redisUrl: string;
	namespace: string;
	retry: RetryPolicy;
	visibilityTimeoutSeconds: number;
}

export function jobsConfig(values: Static<typeof JobsEnvironment>): JobsConfig {
	return {
		redisUrl: values.REDIS_URL,
		namespace: values.JOBS_NAMESPACE,
		retry: {
			maxAttempts: values.JOB_MAX_ATTEMPTS,
			baseDelaySeconds: values.JOB_RETRY_BASE_SECONDS,
			maxDelaySeconds: values.JOB_RETRY_MAX_SECONDS,
		},
		visibilityTimeoutSeconds: values.JOB_VISIBILITY_TIMEOUT_SECONDS,
	};
}
