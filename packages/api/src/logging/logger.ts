import { pino, type DestinationStream, type Level, type Logger } from "pino";
import { describeError, scrubMessage } from "./describe-error.ts";

export type { Logger } from "pino";

/** LOG_LEVEL's values: pino's levels, and `silent` for none. */
export type LogLevel = Level | "silent";
export const LOG_LEVELS: readonly LogLevel[] = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

/**
 * Keys whose values never reach a log line, at the top of a logged object or up to two levels
 * down (`headers.authorization`, `req.body.password`). Nothing here logs headers or bodies: this
 * is the net under that rule, for whoever logs an object carelessly later (issue 10, finding 9).
 */
const SECRET_KEYS = ["authorization", "cookie", "set-cookie", "password", "newPassword", "currentPassword", "token"];
const REDACTED_PATHS = SECRET_KEYS.flatMap((key) => {
  // pino's path syntax takes a name with a hyphen only in brackets.
  const name = /^\w+$/.test(key) ? key : `["${key}"]`;
  const step = name.startsWith("[") ? name : `.${name}`;
  return [name, `*${step}`, `*.*${step}`];
});

/**
 * The API's logger: one JSON object a line on stdout (or `destination`), in every environment,
 * so what a developer reads is what production ships. Errors logged under `err` or `error` go
 * through `describeError`, never pino's default serializer, which would copy every property of
 * a database error, the statement's parameters included.
 */
export function createLogger(options: { level: LogLevel; production: boolean }, destination?: DestinationStream): Logger {
  const serializeError = (error: unknown) => describeError(error, { stack: !options.production });
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: "[REDACTED]" },
      serializers: { err: serializeError, error: serializeError },
    },
    // Written synchronously, so the last lines before `process.exit` are not lost.
    destination ?? pino.destination({ dest: 1, sync: true }),
  );
}

/**
 * Apollo's own messages (startup, shutdown, a plugin that threw) as our lines. One of them embeds
 * an error, `Unexpected error processing request: ${error}`, whose message can end in a failed
 * statement's parameters, so text is scrubbed like an error message and errors are described.
 */
export function apolloLogger(logger: Logger) {
  const at = (level: "debug" | "info" | "warn" | "error") => (message: unknown) => {
    if (message instanceof Error) logger[level]({ source: "apollo", err: message }, "Apollo Server error");
    else logger[level]({ source: "apollo" }, scrubMessage(String(message), true));
  };
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") };
}
