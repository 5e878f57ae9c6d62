import { sql } from "drizzle-orm";

/**
 * A LIMIT written into a prepared statement's text, not sent as a parameter (issue 13). PostgreSQL
 * plans `LIMIT $1` as though it kept a tenth of the rows, so a page statement's generic plan looked
 * many times dearer than one planned for its values, and PostgreSQL planned the statement again on
 * every run: 0.9 ms of its 1.6 ms per pipeline page. Written in, the generic plan wins after five
 * runs and later runs skip planning. A page's row limit is thus part of its statement's shape.
 */
export function literalLimit(rows: number): number {
  if (!Number.isSafeInteger(rows) || rows < 0) throw new RangeError(`A limit is a whole number of rows, not ${rows}`);
  // Drizzle writes an object given as the limit into the text as it is (its own placeholders are
  // objects too): typed as the number it stands for.
  return sql.raw(String(rows)) as unknown as number;
}
