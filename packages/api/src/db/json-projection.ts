import { sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";

/** The keys of a JSON value a reader reads: each with the keys read below it, or `true` for the whole value. */
export type JsonSelection = { readonly [key: string]: JsonSelection | true };

/** GraphQL names, which the projection writes into the statement's text as its keys. */
const KEY = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * The part of a jsonb value (a column holding an object, or null) that `selection` reads, built
 * by PostgreSQL: each object narrowed to the keys asked for, lists and leaves whole (issue 13: the
 * review queue parsed each version's whole priced content, about 3 KB, to show one total of it;
 * parsing was a fifth of that page's CPU). A value that is not an object where the selection
 * expects one (a part stored as null) comes back as it is, so its reader answers it as before.
 */
export function jsonProjection(column: PgColumn | SQL, selection: JsonSelection): SQL {
  const keys = Object.keys(selection);
  // Each top-level part is taken out of the stored value once, in a subquery: every `->` on a
  // stored value decompresses all of it (about 10 µs for 3 KB), while the part it returns is
  // plain memory that the rest of the projection reads cheaply.
  const parts = keys.map((key, index) => sql`${column} -> ${literal(key)} as ${sql.raw(`part_${index}`)}`);
  const pairs = keys.map((key, index) => {
    const below = selection[key]!;
    const part = sql.raw(`part_${index}`);
    return sql`${literal(key)}, ${below === true ? part : narrowed(part, below)}`;
  });
  const from = parts.length > 0 ? sql` from (select ${sql.join(parts, sql`, `)} offset 0) as parts` : sql``;
  return sql`(case when ${column} is null then null else (select jsonb_build_object(${sql.join(pairs, sql`, `)})${from}) end)`;
}

function narrowed(value: SQL, selection: JsonSelection): SQL {
  const pairs = Object.entries(selection).map(([key, below]) => {
    const child = sql`(${value} -> ${literal(key)})`;
    return sql`${literal(key)}, ${below === true ? child : narrowed(child, below)}`;
  });
  return sql`(case jsonb_typeof(${value}) when 'object' then jsonb_build_object(${sql.join(pairs, sql`, `)}) else ${value} end)`;
}

/** A key written into the statement's text, not sent as a parameter: it is part of the statement's shape. */
function literal(key: string): SQL {
  if (!KEY.test(key)) throw new Error(`Not a JSON key a query can name: ${key}`);
  return sql.raw(`'${key}'`);
}

const shapes = new WeakMap<JsonSelection, string>();

/** The keys a projection reads, as they name its statement's shape (db/prepared-by-shape.ts); written once per selection. */
export function jsonSelectionShape(selection: JsonSelection): string {
  let shape = shapes.get(selection);
  if (shape === undefined) shapes.set(selection, (shape = JSON.stringify(selection)));
  return shape;
}
