import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

type Columns = Record<string, PgColumn>;

/** Whole numbers past 2^53 and decimals lose digits as JSON numbers: they travel as text, which their columns read back. */
const AS_TEXT = /^(bigint|numeric)/;

/**
 * A row of `columns` as one JSON object, for rows that come nested in another statement's row
 * (e.g. a deal's pending reviews in the pipeline page's statement, issue 13), keyed by the
 * columns' property names; `rowFromJson` reads it back as the columns' own select would.
 */
export function jsonObjectOf(columns: Columns): SQL {
  const pairs = Object.entries(columns).map(([key, column]) => {
    if (!/^[A-Za-z0-9_]+$/.test(key)) throw new Error(`Not a column key: ${key}`);
    return sql`${sql.raw(`'${key}'`)}, ${AS_TEXT.test(column.getSQLType()) ? sql`${column}::text` : column}`;
  });
  return sql`json_build_object(${sql.join(pairs, sql`, `)})`;
}

/** The row `jsonObjectOf(columns)` built, each value mapped by its column as drizzle maps a selected row's (timestamps to Dates). */
export function rowFromJson<T>(columns: Columns, object: Record<string, unknown>): T {
  const row: Record<string, unknown> = {};
  for (const key in columns) {
    const value = object[key];
    row[key] = value === null || value === undefined ? null : columns[key]!.mapFromDriverValue(value);
  }
  return row as T;
}
