import { Placeholder, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/**
 * Runs a query as a prepared statement on postgres.js, which keeps it per connection by its
 * text: PostgreSQL parses and plans it once, and later runs skip the describe round trip.
 * Drizzle's postgres-js session asks for that only when a query is `.prepare`d with a name
 * (otherwise `client.unsafe(…, { prepare: false })` sends it unnamed, parsed every time); the
 * name itself is not sent, postgres.js names statements on its own. PGlite runs it as before.
 * Only for hot statements whose text takes a handful of shapes: every distinct text stays
 * prepared on each pooled connection until the connection is recycled.
 */
export function runNamed<T>(query: { prepare(name: string): { execute(): Promise<T> } }, name: string): Promise<T> {
  return query.prepare(name).execute();
}

/**
 * `column = any($1)` with the keys as one array parameter: one statement text whatever the
 * number of keys (drizzle's `inArray` writes one parameter per key, a new text for every batch
 * size), so a DataLoader's batch stays one prepared statement. The keys may be a placeholder
 * of a statement prepared once (db/prepared-once.ts).
 */
export function anyOf(column: PgColumn, keys: readonly string[] | Placeholder): SQL {
  const array = keys instanceof Placeholder ? keys : sql.param([...keys]);
  return sql`${column} = any(${array}::${sql.raw(column.getSQLType())}[])`;
}
