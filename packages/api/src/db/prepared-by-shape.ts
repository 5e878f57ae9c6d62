import { sql, type Placeholder, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { VIEWER_ID_PLACEHOLDERS } from "../access/prepared-for-viewer.ts";
import type { Database } from "./database.ts";
import { runNamed } from "./named-statement.ts";
import { preparedOnce } from "./prepared-once.ts";

/** Where a statement's values go: into its text as parameters, or as placeholders of a statement prepared once. */
export interface Bind<Values> {
  value<T>(name: keyof Values, value: T): T | Placeholder;
  /** A value written as `column` stores it (a timestamp or a bigint as PostgreSQL reads it). */
  column(name: keyof Values, value: unknown, column: PgColumn): SQL;
  /** The viewer's ids for `visibleTo`: placeholders, or (when absent) the viewer's own. */
  viewerIds?: { viewerId: Placeholder; teamId: Placeholder };
}

const inlineBind: Bind<unknown> = {
  value: (_name, value) => value,
  column: (_name, value, column) => sql`${sql.param(value, column)}`,
};
const placeholderBind: Bind<unknown> = {
  value: (name) => sql.placeholder(name as string),
  column: (name, _value, column) => sql`${sql.param(sql.placeholder(name as string), column)}`,
  viewerIds: VIEWER_ID_PLACEHOLDERS,
};

/** Values written into the statement's text, for a statement built for one request. */
export function inline<Values>(): Bind<Values> {
  return inlineBind as Bind<Values>;
}

interface Preparable<Values, Row> {
  prepare(name: string): { execute(values?: Values): Promise<Row[]> };
}

/** Shapes a statement is kept prepared for; one past them is built for its request alone. */
const MAX_SHAPES = 200;

/**
 * A list page's statement built once per shape (issue 13: building it again for every request
 * was a measurable part of a page's CPU time). The caller names the shape — the viewer's role,
 * which filters are given, whether there is a cursor, the order, the columns and relations read —
 * so that everything else is a value; `build` writes the statement with `bind` deciding where each
 * value goes. Past `MAX_SHAPES` (an analyst combining filters every which way) a statement is
 * built for its request alone, so the prepared ones stay bounded.
 */
export function preparedByShape<Values extends { viewerId: string | null; teamId: string | null }, Row>(name: string) {
  const byShape = new Map<string, (db: Database, values: Values) => Promise<Row[]>>();
  return (db: Database, shape: string, build: (db: Database, bind: Bind<Values>) => Preparable<Values, Row>, values: Values): Promise<Row[]> => {
    let run = byShape.get(shape);
    if (!run) {
      if (byShape.size >= MAX_SHAPES) return runNamed(build(db, inline()), name);
      run = preparedOnce((target) => build(target, placeholderBind as Bind<Values>).prepare(name));
      byShape.set(shape, run);
    }
    return run(db, values);
  };
}
