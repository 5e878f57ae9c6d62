import type { SQL } from "drizzle-orm";
import type { Executor } from "./database.ts";

/**
 * Rows of a raw SQL query on either driver: postgres.js returns them as the result itself,
 * PGlite under `rows`; the difference is settled here and nowhere else.
 */
export async function rawRows<T>(db: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
