import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from "type-graphql";
import { statementTimedOut } from "../context/request-deadline.ts";
import { pgErrorOf } from "../db/pg-error.ts";
import { AppError, ErrorCode } from "./app-error.ts";

/**
 * The one place where errors become what a client sees: our own errors keep their code and
 * fields, type-graphql's are mapped to our codes, and anything unexpected is masked in
 * production (its request's log line describes it: logging/request-log.ts).
 */
export function createErrorFormatter(production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof AuthorizationError) {
      return { ...formatted, message: "You are not allowed to do this", extensions: { code: ErrorCode.FORBIDDEN } };
    }
    if (original instanceof AuthenticationError) {
      return { ...formatted, extensions: { code: ErrorCode.UNAUTHENTICATED } };
    }
    if (original instanceof ArgumentValidationError) {
      const problems = original.extensions.validationErrors.map((v) => ({
        field: v.property,
        message: Object.values(v.constraints ?? {}).join("; ") || "is invalid",
      }));
      return { ...formatted, ...AppError.badInput(problems).toJSON() };
    }
    // PostgreSQL's statement_timeout (the request time limit) cancelled it: the client asked too much, nothing broke.
    if (pgErrorOf(original)?.code === QUERY_CANCELED) {
      return { ...statementTimedOut().toJSON(), locations: formatted.locations, path: formatted.path };
    }
    // The database went away (restarting, failing over, or an operator ended the connection): the
    // request may succeed if sent again, which INTERNAL_SERVER_ERROR would not tell the client.
    if (lostDatabaseConnection(error)) {
      return { ...AppError.databaseUnavailable().toJSON(), locations: formatted.locations, path: formatted.path };
    }
    // graphql-js gives up on a variable after 50 bad items and says so without a code (found by `pnpm fuzz`).
    if (formatted.message.startsWith("Too many errors processing variables")) {
      return { ...formatted, extensions: { code: ErrorCode.BAD_USER_INPUT } };
    }
    const coercedField = formatted.extensions?.code === ErrorCode.BAD_USER_INPUT && !formatted.extensions.field && fieldOfVariableError(formatted.message);
    if (coercedField) return { ...formatted, extensions: { ...formatted.extensions, field: coercedField } };
    if (isExpected(original) || !production) return formatted;
    return {
      message: "Internal server error",
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: "INTERNAL_SERVER_ERROR" },
    };
  };
}

const QUERY_CANCELED = "57014";

/**
 * How a lost database connection shows: postgres.js's own codes for a connection that closed or
 * could not open, the socket's, and PostgreSQL's for a server shutting down or starting up
 * (57P01 admin_shutdown is what pg_terminate_backend and a restart send) and its class 08.
 */
const LOST_CONNECTION_CODES = new Set([
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "57P01",
  "57P02",
  "57P03",
]);
const CONNECTION_EXCEPTION_CLASS = "08";

/**
 * Whether the error, or one it wraps, says the database connection was lost or could not be made:
 * drizzle wraps the driver's error in `cause`, and Apollo wraps a context that failed to build
 * (the viewer is read from the database first) in a GraphQLError's `originalError`.
 */
export function lostDatabaseConnection(error: unknown): boolean {
  for (let depth = 0, current: unknown = error; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (LOST_CONNECTION_CODES.has(code) || (code.length === 5 && code.startsWith(CONNECTION_EXCEPTION_CLASS)))) return true;
    current = (current as { originalError?: unknown }).originalError ?? current.cause;
  }
  return false;
}

/**
 * HTTP 503 for a request that failed because the database was lost, so load balancers and HTTP
 * clients that retry on it do. formatError cannot set a status; Apollo takes it from the
 * `extensions.http` of the error thrown, which the driver's errors do not have: a failed
 * operation gets it from its response, and a context that failed to build (Apollo then answers
 * from the error alone, with 500 unless it says otherwise) gets it on the error itself.
 */
export function databaseUnavailableStatus(): ApolloServerPlugin {
  return {
    async contextCreationDidFail({ error }) {
      if (lostDatabaseConnection(error) && !("extensions" in error)) Object.assign(error, { extensions: { http: { status: SERVICE_UNAVAILABLE } } });
    },
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, response }) {
          if (errors.some(lostDatabaseConnection)) response.http.status = SERVICE_UNAVAILABLE;
        },
      };
    },
  };
}

const SERVICE_UNAVAILABLE = 503;

/**
 * graphql-js rejects a variable that does not fit its type (an unknown enum value, a string
 * where a number belongs) before any resolver runs, naming the place only in its message:
 * `Variable "$input" got invalid value "X" at "input.channel"; ...`. Clients read the field
 * from `extensions.field` like every other bad input, so it is lifted out of the message.
 */
function fieldOfVariableError(message: string): string | null {
  const match = /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)";/.exec(message) ?? /^Variable "\$(\w+)" got invalid value/.exec(message);
  if (!match) return null;
  return match[2] ?? match[1]!;
}

/** Errors a client caused: graphql's own (parse, validation) and those we raise with a code. */
export function isExpected(error: unknown): boolean {
  if (error instanceof AppError) return true;
  if (error instanceof AuthorizationError || error instanceof AuthenticationError) return true;
  if (error instanceof ArgumentValidationError) return true;
  if (!(error instanceof GraphQLError)) return false;
  const code = error.extensions?.code;
  return error.originalError === undefined || (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR");
}

