import { ApolloServerErrorCode } from "@apollo/server/errors";
import type { ErrorRequestHandler } from "express";
import type { Logger } from "../logging/logger.ts";
import { noteBodyError, noteRequestFailure } from "../logging/request-log.ts";

/**
 * The last Express handler: a request that fails before GraphQL runs still gets a GraphQL-shaped
 * answer, and nothing of it is printed. Express's own handler would print `err.stack`, and a
 * body-parser error carries the raw body and a message quoting it (Node's JSON.parse puts a
 * piece of its input in the message): a password from a malformed login body reached the log
 * that way (issue 10, finding 9).
 */
export function answerHttpErrors(logger: Logger): ErrorRequestHandler {
  // Four parameters, or Express would not take it for an error handler.
  return (error, _req, res, _next) => {
    const refused = refusedBody(error);
    if (refused && !res.headersSent) {
      // A client's mistake: its line says which kind, never the body or the parser's message.
      noteBodyError(res, refused.kind, ApolloServerErrorCode.BAD_REQUEST);
      res.status(refused.status).json({ errors: [{ message: refused.message, extensions: { code: ApolloServerErrorCode.BAD_REQUEST } }] });
      return;
    }
    // Outside /graphql there is no request line to carry it; the logger describes `err` safely.
    if (!noteRequestFailure(res, error)) logger.error({ err: error }, "request failed");
    // Too late for an answer: cut the connection, as Express's own handler would (after printing the stack).
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(500).json({ errors: [{ message: "Internal server error", extensions: { code: "INTERNAL_SERVER_ERROR" } }] });
  };
}

/**
 * body-parser's refusals (http-errors with a `type` and a 4xx `status`), answered with our own
 * words. Too large stays 413, as HTTP names it; the others keep body-parser's status (400, 415).
 */
function refusedBody(error: unknown): { kind: string; status: number; message: string } | null {
  if (typeof error !== "object" || error === null) return null;
  const { type, status, limit } = error as { type?: unknown; status?: unknown; limit?: unknown };
  if (typeof type !== "string" || typeof status !== "number" || status < 400 || status >= 500) return null;
  switch (type) {
    case "entity.parse.failed":
      return { kind: type, status: 400, message: "The request body is not valid JSON" };
    case "entity.too.large":
      return { kind: type, status: 413, message: `The request body is larger than the limit of ${typeof limit === "number" ? limit : "?"} bytes` };
    case "charset.unsupported":
    case "encoding.unsupported":
      return { kind: type, status: 415, message: "The request body's charset or content encoding is not supported: send UTF-8 JSON" };
    default:
      return { kind: type, status, message: "The request body could not be read" };
  }
}
