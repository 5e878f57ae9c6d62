import { getTableColumns, sql } from "drizzle-orm";
import type { PgInsertValue, PgTable } from "drizzle-orm/pg-core";
import type { Executor } from "./database.ts";

/**
 * Bulk insert for large loads (the demo seed's 100,000+ leads): each statement carries its rows
 * as one JSON document that Postgres unpacks with `jsonb_to_recordset`, several times faster
 * than `insertInChunks`, whose VALUES list Drizzle builds value by value. Every row must give
 * the same columns (the first row's), none of them undefined; columns no row gives take their
 * defaults. Dates travel as ISO strings, bigints as strings, arrays and objects as JSON.
 */
export async function insertJsonRows<T extends PgTable>(
  db: Executor,
  table: T,
  rows: PgInsertValue<T>[],
  rowsPerStatement = 5_000,
): Promise<void> {
  if (rows.length === 0) return;
  const given = new Set(Object.keys(rows[0]!));
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => given.has(key));
  if (columns.length !== given.size) throw new Error(`insertJsonRows: ${[...given].join(", ")} are not all columns of the table`);
  const names = sql.join(
    columns.map(([, column]) => sql.identifier(column.name)),
    sql`, `,
  );
  const recordType = sql.raw(columns.map(([, column]) => `"${column.name}" ${column.getSQLType()}`).join(", "));
  for (let start = 0; start < rows.length; start += rowsPerStatement) {
    const chunk = rows.slice(start, start + rowsPerStatement).map((row) => {
      const values = row as Record<string, unknown>;
      const record: Record<string, unknown> = {};
      for (const [key, column] of columns) {
        const value = values[key];
        if (value === undefined) throw new Error(`insertJsonRows: a row has no value for ${key}`);
        record[column.name] = value;
      }
      return record;
    });
    const json = JSON.stringify(chunk, (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
    await db.execute(sql`insert into ${table} (${names}) select ${names} from jsonb_to_recordset(${json}::jsonb) as r(${recordType})`);
  }
}
