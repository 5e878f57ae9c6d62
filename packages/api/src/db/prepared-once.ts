import type { Database } from "./database.ts";

/**
 * What a database wrapper answers when a statement prepared once is about to run on the
 * database underneath it: the wrapper checks what it checks for every statement it starts (the
 * request's time limit, context/request-deadline.ts) and hands over the database it wraps.
 */
export const STATEMENT_TARGET = Symbol("statement target");

/** A query built with `sql.placeholder`s and `.prepare`d; run with the placeholders' values. */
interface PreparedQuery<Values, Result> {
  execute(values: Values): Promise<Result>;
}

/**
 * A hot statement built once per database instead of on every call (issue 13: building the
 * SQL text again for every request was a measurable part of its CPU time). `build` makes the
 * query on the database it is given, with `sql.placeholder` for every value that changes
 * between calls, and `.prepare`s it, so PostgreSQL parses and plans it once per connection too
 * (db/named-statement.ts). Only for a `Database`, never a transaction: the query stays bound to
 * the database it was built on, so it would run outside the transaction.
 */
export function preparedOnce<Values, Result>(build: (db: Database) => PreparedQuery<Values, Result>): (db: Database, values: Values) => Promise<Result> {
  const built = new WeakMap<Database, PreparedQuery<Values, Result>>();
  return (db, values) => {
    const target = (db as Database & { [STATEMENT_TARGET]?: Database })[STATEMENT_TARGET] ?? db;
    let query = built.get(target);
    if (!query) {
      query = build(target);
      built.set(target, query);
    }
    return query.execute(values);
  };
}
