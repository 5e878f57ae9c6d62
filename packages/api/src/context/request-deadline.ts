import { performance } from "node:perf_hooks";
import type { Database } from "../db/database.ts";
import { STATEMENT_TARGET } from "../db/prepared-once.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/** The ways a request reaches the database; each is where a new statement begins. */
const STATEMENT_STARTS = new Set<PropertyKey>(["select", "selectDistinct", "selectDistinctOn", "execute", "insert", "update", "delete", "transaction", "query", "$count", "with"]);

/**
 * A request's time limit (issue 10, finding 2). graphql-js cannot stop an execution half way,
 * so the limit is kept where the work is: once the request has run past it, every new statement
 * it tries to start fails with REQUEST_TIMEOUT, and what is left of the execution ends at once
 * with those errors. A statement already running is bounded by PostgreSQL's `statement_timeout`
 * (set to the same limit on the API's pool); a transaction already begun runs to its end, so no
 * write is left half done.
 */
export function databaseWithDeadline(db: Database, timeoutMs: number, startedAt = performance.now()): Database {
  const deadline = startedAt + timeoutMs;
  return new Proxy(db, {
    get(target, property, receiver) {
      if ((STATEMENT_STARTS.has(property) || property === STATEMENT_TARGET) && performance.now() > deadline) throw requestTimedOut(timeoutMs);
      // A statement prepared once (db/prepared-once.ts) runs on the database itself, not on this request's wrapper.
      if (property === STATEMENT_TARGET) return target;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** PostgreSQL cancelled one of the request's statements for running past the same limit. */
export function statementTimedOut(): AppError {
  return new AppError(ErrorCode.REQUEST_TIMEOUT, "A statement of the request ran past the request time limit and was cancelled: ask for less (smaller pages, a narrower filter or period)");
}

export function requestTimedOut(timeoutMs: number): AppError {
  return new AppError(
    ErrorCode.REQUEST_TIMEOUT,
    `The request ran past its time limit of ${timeoutMs.toLocaleString("en")} ms and was stopped: ask for less (smaller pages, a narrower filter or period)`,
    [],
    undefined,
    { timeoutMs },
  );
}
