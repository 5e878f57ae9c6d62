import { GraphQLError } from "graphql";

/** The stable `extensions.code` values a client can act on (architecture.md, "Errors"). */
export enum ErrorCode {
  BAD_USER_INPUT = "BAD_USER_INPUT",
  UNAUTHENTICATED = "UNAUTHENTICATED",
  FORBIDDEN = "FORBIDDEN",
  NOT_FOUND = "NOT_FOUND",
  CONFLICT = "CONFLICT",
  INVALID_TRANSITION = "INVALID_TRANSITION",
}

export interface FieldProblem {
  field: string;
  message: string;
  /** The domain's stable reason, e.g. OUT_OF_RANGE, when the problem came from a domain validator. */
  code?: string;
}

/** A failure the caller caused, with the field(s) to fix when there are any. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, problems: FieldProblem[] = [], httpStatus?: number) {
    super(message, {
      extensions: {
        code,
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

  static notFound(what: string, field: string): AppError {
    return new AppError(ErrorCode.NOT_FOUND, `${what} not found`, [{ field, message: "does not exist" }]);
  }
}
