import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** Both drivers' databases share this type, so services never know which one they run on. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a service needs to read or write: the database, or the transaction it runs inside. */
export type Executor = Database | Transaction;

export type DatabaseConfig =
  | { driver: "postgres"; url: string; maxConnections?: number }
  | { driver: "pglite"; dataDir: string | null /* null: in memory */ };

export interface DatabaseHandle {
  db: Database;
  driver: DatabaseConfig["driver"];
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../../drizzle", import.meta.url));

export interface DatabaseOptions {
  /** Called with every SQL statement sent and its parameters; tests count and explain statements with it. */
  onQuery?: (query: string, params: unknown[]) => void;
}

export function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): DatabaseHandle {
  const logger = options.onQuery && { logQuery: options.onQuery };
  if (config.driver === "postgres") {
    const client = postgres(config.url, {
      max: config.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres(client, { schema, logger });
    return {
      db,
      driver: "postgres",
      migrate: () => migratePostgres(db, { migrationsFolder: MIGRATIONS_FOLDER }),
      close: () => client.end({ timeout: 5 }),
    };
  }
  const client = config.dataDir === null ? new PGlite() : new PGlite(config.dataDir);
  const db = drizzlePglite(client, { schema, logger });
  return {
    db,
    driver: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    close: () => client.close(),
  };
}
