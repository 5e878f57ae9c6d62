import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { ArgumentValidationError, AuthenticationError, AuthorizationError } from "type-graphql";
import { AppError, ErrorCode } from "./app-error.ts";

/**
 * The one place where errors become what a client sees: our own errors keep their code and
 * fields, type-graphql's are mapped to our codes, and anything unexpected is masked in
 * production (it is logged with the request id by `logUnexpectedErrors`).
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

export function logUnexpectedErrors(
  log: (message: string, error: unknown) => void,
): ApolloServerPlugin<{ requestId: string }> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!isExpected(original)) log(`Unexpected error in request ${contextValue.requestId}`, original);
          }
        },
      };
    },
  };
}

/** Errors a client caused: graphql's own (parse, validation) and those we raise with a code. */
function isExpected(error: unknown): boolean {
  if (error instanceof AppError) return true;
  if (error instanceof AuthorizationError || error instanceof AuthenticationError) return true;
  if (error instanceof ArgumentValidationError) return true;
  if (!isGraphQLError(error)) return false;
  const code = error.extensions?.code;
  return error.originalError === undefined || (typeof code === "string" && code !== "INTERNAL_SERVER_ERROR");
}

/**
 * A GraphQLError from either build of graphql-js, told by its shape: graphql 16 ships a CommonJS
 * and an ES module build, and when both are loaded (Apollo's from one, ours from the other, as
 * under Vite) `instanceof` fails, which had masked a typo in a query as an internal error.
 */
function isGraphQLError(error: unknown): error is Pick<GraphQLError, "extensions" | "originalError"> {
  return error instanceof GraphQLError || (error instanceof Error && "extensions" in error && "locations" in error && "path" in error);
}
