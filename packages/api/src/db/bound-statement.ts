import { sql, type SQL } from "drizzle-orm";

/**
 * A statement as the driver logged it (`$1`, `$2` … placeholders and their values) bound again
 * into one SQL value, so it can be run once more exactly as sent, e.g. under EXPLAIN.
 */
export function boundStatement(query: string, params: readonly unknown[]): SQL {
  const parts = query.split(/\$(\d+)/);
  return sql.join(parts.map((part, i) => (i % 2 === 0 ? sql.raw(part) : sql`${params[Number(part) - 1]}`)));
}
