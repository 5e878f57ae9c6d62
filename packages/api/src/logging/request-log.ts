import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { RequestHandler, Response } from "express";
import type { OperationTypeNode } from "graphql";
import { randomUUID } from "node:crypto";
import type { RequestContext } from "../context/request-context.ts";
import type { UserRow } from "../users/user.table.ts";
import { isExpected } from "../errors/format-error.ts";
import { describeError } from "./describe-error.ts";
import type { Logger } from "./logger.ts";

/**
 * What the one log line of a GraphQL request says, gathered while it runs: by Express (id,
 * timing, status, a body that could not be read) and by Apollo (operation, error codes,
 * viewer). Never the query text, the variables or the body (issue 10, finding 9).
 */
interface RequestRecord {
  requestId: string;
  startedAt: number;
  operationName: string | null;
  operationType: OperationTypeNode | null;
  errorCodes: Set<string>;
  viewer: Pick<UserRow, "id" | "role"> | null;
  /** body-parser's kind of failure (`entity.parse.failed`, `entity.too.large`), when the body was refused. */
  bodyError: string | null;
  unexpected: { error: unknown; path?: string }[];
}

const byResponse = new WeakMap<Response, RequestRecord>();
/**
 * Apollo hands its plugins the context, not the response, and a shallow copy of it at that
 * (one per operation): the record rides on the context under this symbol, which the copy keeps.
 */
const RECORD = Symbol("request log record");
type Tracked = { [RECORD]?: RequestRecord };

/** A client's own `x-request-id` is kept (it ties our line to its and a proxy's) when it looks like an id. */
const CLIENT_REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * First on /graphql: gives the request its id (echoed in the `x-request-id` response header, for
 * a client to quote), and writes its line when the response is done or the client went away.
 * The line is at `error` level when something unexpected failed, with each failure described by
 * `describeError` (class, code, PostgreSQL's SQLSTATE, constraint and table; a stack only in
 * development), else at `info`.
 */
export function logRequests(logger: Logger, options: { production: boolean }): RequestHandler {
  return (req, res, next) => {
    const clientId = req.get("x-request-id");
    const record: RequestRecord = {
      requestId: clientId !== undefined && CLIENT_REQUEST_ID.test(clientId) ? clientId : randomUUID(),
      // Elapsed time, not the request's business clock (which tests fix).
      startedAt: performance.now(),
      operationName: null,
      operationType: null,
      errorCodes: new Set(),
      viewer: null,
      bodyError: null,
      unexpected: [],
    };
    byResponse.set(res, record);
    res.set("x-request-id", record.requestId);
    res.on("close", () => {
      const errors = record.unexpected.map(({ error, path }) => ({ ...(path && { path }), ...describeError(error, { stack: !options.production }) }));
      const line = {
        requestId: record.requestId,
        operationName: record.operationName,
        operationType: record.operationType,
        status: res.statusCode,
        durationMs: Math.round((performance.now() - record.startedAt) * 10) / 10,
        errorCodes: [...record.errorCodes],
        viewerId: record.viewer?.id ?? null,
        viewerRole: record.viewer?.role ?? null,
        ...(record.bodyError !== null && { bodyError: record.bodyError }),
        ...(!res.writableFinished && { aborted: true }),
        ...(errors.length > 0 && { errors }),
      };
      if (errors.length > 0) logger.error(line, "graphql request failed");
      else logger.info(line, "graphql request");
    });
    next();
  };
}

/** The request id `logRequests` gave this request; audit events and the log line share it. */
export function requestIdOf(res: Response): string {
  const record = byResponse.get(res);
  if (!record) throw new Error("logRequests must run before the GraphQL context is built");
  return record.requestId;
}

/**
 * Wraps Apollo's context function, so the plugin finds the request's record from the context,
 * and a context that fails to build (a refused token) still leaves its code on the line.
 */
export function trackContext<Args extends { res: Response }, Context extends object>(build: (args: Args) => Promise<Context>) {
  return async (args: Args): Promise<Context> => {
    const record = byResponse.get(args.res);
    try {
      const context = await build(args);
      return record ? Object.assign(context, { [RECORD]: record }) : context;
    } catch (error) {
      if (record) recordFailure(record, error);
      throw error;
    }
  };
}

/** Notes what the request's line says about the GraphQL operation once Apollo has answered. */
export function requestLogPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async unexpectedErrorProcessingRequest({ requestContext, error }) {
      const record = (requestContext.contextValue as Tracked)[RECORD];
      if (record) recordFailure(record, error);
    },
    async requestDidStart({ contextValue }) {
      const record = (contextValue as Tracked)[RECORD];
      if (!record) return;
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            if (!isExpected(original)) record.unexpected.push({ error: original, path: error.path?.join(".") });
          }
        },
        async willSendResponse({ response, operationName, operation, contextValue: context }) {
          record.operationName = operationName ?? null;
          record.operationType = operation?.operation ?? null;
          record.viewer = context.viewer && { id: context.viewer.id, role: context.viewer.role };
          if (response.body.kind !== "single") return;
          for (const error of response.body.singleResult.errors ?? []) record.errorCodes.add(String(error.extensions?.code ?? "INTERNAL_SERVER_ERROR"));
        },
      };
    },
  };
}

/** For the Express error handler: the body was refused, of this kind, with this code. */
export function noteBodyError(res: Response, kind: string, code: string): void {
  const record = byResponse.get(res);
  if (!record) return;
  record.bodyError = kind;
  record.errorCodes.add(code);
}

/**
 * For the Express error handler: a failure outside GraphQL. Returns false when the response has
 * no record (a route other than /graphql), so the caller logs the error itself.
 */
export function noteRequestFailure(res: Response, error: unknown): boolean {
  const record = byResponse.get(res);
  if (record) recordFailure(record, error);
  return record !== undefined;
}

function recordFailure(record: RequestRecord, error: unknown): void {
  const expected = isExpected(error);
  // As Apollo answers it: an error without a code is an internal one.
  const code = expected ? (error as { extensions?: { code?: unknown } }).extensions?.code : undefined;
  record.errorCodes.add(typeof code === "string" ? code : "INTERNAL_SERVER_ERROR");
  if (!expected) record.unexpected.push({ error });
}
