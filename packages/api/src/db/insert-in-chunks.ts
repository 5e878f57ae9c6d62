import { getTableColumns } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./database.ts";

/** Postgres takes at most 65,535 bind parameters per statement; stay well under it. */
const MAX_PARAMETERS = 60_000;

/** Bulk insert split into as few statements as the parameter limit allows. */
export async function insertInChunks<T extends PgTable>(db: Executor, table: T, rows: PgInsertValue<T>[]): Promise<void> {
  const rowsPerStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(getTableColumns(table)).length));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    await db.insert(table).values(rows.slice(start, start + rowsPerStatement));
  }
}
