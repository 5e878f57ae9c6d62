import { sql, type SQL } from "drizzle-orm";
import { check, timestamp, uuid, type PgColumn } from "drizzle-orm/pg-core";

/**
 * Milliseconds, not Postgres' default microseconds: JS Dates hold milliseconds, and a keyset
 * cursor built from a truncated timestamp would skip or repeat rows.
 */
export const timestamptz = (name: string) =>
  timestamp(name, { withTimezone: true, precision: 3, mode: "date" });

export const createdAt = () => timestamptz("created_at").notNull().defaultNow();
export const updatedAt = () => timestamptz("updated_at").notNull().defaultNow();
export const primaryId = () => uuid("id").primaryKey().defaultRandom();

/**
 * States are text with a CHECK constraint rather than Postgres enums: drizzle-kit applies
 * pending migrations in one transaction, where an enum's `ADD VALUE` cannot be used.
 */
export function oneOf(name: string, column: PgColumn, values: readonly string[]): ReturnType<typeof check> {
  return check(name, sql`${column} in (${sqlLiterals(values)})`);
}

/** A text[] column whose every element is one of `values` (e.g. the buying signals on a follow-up). */
export function allOf(name: string, column: PgColumn, values: readonly string[]): ReturnType<typeof check> {
  return check(name, sql`${column} <@ array[${sqlLiterals(values)}]::text[]`);
}

function sqlLiterals(values: readonly string[]): SQL {
  for (const value of values) {
    if (!/^[A-Za-z0-9_]+$/.test(value)) throw new Error(`Not a state name: ${value}`);
  }
  return sql.raw(values.map((value) => `'${value}'`).join(", "));
}
