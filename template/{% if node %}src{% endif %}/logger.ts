import { type DestinationStream, type Logger, type LoggerOptions, pino } from "pino";
import type { LogLevel } from "./config.ts";
import { SERVICE_NAME } from "./service.ts";

// Our level names, as the other stacks of this service family write them.
const LEVEL_NAMES: Record<string, string> = {
	trace: "DEBUG",
	debug: "DEBUG",
	info: "INFO",
	warn: "WARNING",
	error: "ERROR",
	fatal: "CRITICAL",
};
const PINO_LEVELS: Record<LogLevel, string> = {
	DEBUG: "debug",
	INFO: "info",
	WARNING: "warn",
	ERROR: "error",
};

/**
 * JSON lines with `timestamp`, `level`, `logger` and `message`. A line names its logger with
 * a `logger` member of its own (the access log does); every other line is the service's.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
	const options: LoggerOptions = {
		level: PINO_LEVELS[level],
		base: null,
		messageKey: "message",
		timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
		formatters: { level: (label) => ({ level: LEVEL_NAMES[label] ?? label.toUpperCase() }) },
		// The log call's own members win, so `{ logger: "access" }` replaces the default.
		mixin: () => ({ logger: SERVICE_NAME }),
		mixinMergeStrategy: (mergeObject, mixinObject) => ({ ...mixinObject, ...mergeObject }),
	};
	return destination ? pino(options, destination) : pino(options);
}
