import { GraphQLError } from "graphql";

/** The stable `extensions.code` values a client can act on (architecture.md, "Errors"). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  INVALID_TRANSITION = "INVALID_TRANSITION",
  /** Refused before running: past a depth, alias, directive or cost limit (README, "Request limits"). */
  REQUEST_TOO_COMPLEX = "REQUEST_TOO_COMPLEX",
  /** Stopped after running past the request time limit; what it read so far is not returned. */
  REQUEST_TIMEOUT = "REQUEST_TIMEOUT",
  /** Too many failed logins from this account or address: nothing was checked; retry after `retryAfterSeconds`. */
  TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS",
  /**
   * The database could not be reached, or dropped the connection, during the request (HTTP 503,
   * `retryable: true`): retry it; a write retried with its idempotencyKey is not done twice.
   */
  DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE",
}

export interface FieldProblem {
  field: string;
  message: string;
  /** The domain's stable reason, e.g. OUT_OF_RANGE, when the problem came from a domain validator. */
  code?: string;
}

/** A failure the caller caused, with the field(s) to fix when there are any. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, problems: FieldProblem[] = [], httpStatus?: number, details: Record<string, unknown> = {}) {
    super(message, {
      extensions: {
        code,
        ...details,
        ...(problems.length > 0 && { field: problems[0]!.field, fields: problems }),
        // Apollo sets the HTTP status from this and leaves it out of the response body.
        ...(httpStatus !== undefined && { http: { status: httpStatus } }),
      },
    });
  }

  static unauthenticated(message: string): AppError {
    return new AppError(ErrorCode.UNAUTHENTICATED, message, [], 401);
  }

  static forbidden(message: string, field?: string): AppError {
    return new AppError(ErrorCode.FORBIDDEN, message, field ? [{ field, message }] : []);
  }

  static conflict(message: string, field: string): AppError {
    return new AppError(ErrorCode.CONFLICT, message, [{ field, message }]);
  }

  static badInput(problems: FieldProblem[]): AppError {
    const summary = problems.map((p) => `${p.field}: ${p.message}`).join("; ");
    return new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${summary}`, problems);
  }

  /** HTTP 429, like a rate limit: the request was refused before the password was looked at. */
  static tooManyAttempts(retryAfterSeconds: number): AppError {
    const wait = retryAfterSeconds === 1 ? "1 second" : `${retryAfterSeconds} seconds`;
    return new AppError(ErrorCode.TOO_MANY_ATTEMPTS, `Too many failed logins: try again in ${wait}`, [], 429, { retryAfterSeconds });
  }

  /** Not the caller's fault and not a bug: the status (503) is set by errors/format-error.ts's plugin. */
  static databaseUnavailable(): AppError {
    return new AppError(ErrorCode.DATABASE_UNAVAILABLE, "The database is unavailable right now: try again in a moment", [], undefined, { retryable: true });
  }

  static notFound(what: string, field: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`, [{ field, message: "does not exist" }]);
  }
}
