import { PGlite } from "@electric-sql/pglite";
import type { ExtractTablesWithRelations } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { listenOnPglite, listenOnPostgres, type NotificationHandlers, type NotificationListener } from "./notifications.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** Both drivers' databases share this type, so services never know which one they run on. */
export type Database = PgDatabase<PgQueryResultHKT, Schema>;
export type Transaction = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** What a service needs to read or write: the database, or the transaction it runs inside. */
export type Executor = Database | Transaction;

export type DatabaseConfig =
  | {
      driver: "postgres";
      url: string;
      maxConnections?: number;
      /** Read replicas of `url` (DATABASE_REPLICA_URLS); reports read from them, nothing writes to them. */
      replicaUrls?: readonly string[];
      /**
       * Where NOTIFY is listened for (DATABASE_LISTEN_URL), when `url` goes through a pooler in
       * transaction mode, whose server connections change under a LISTEN; defaults to `url`.
       */
      listenUrl?: string;
    }
  | { driver: "pglite"; dataDir: string | null /* null: in memory */ };

export interface DatabaseHandle {
  /** The primary: every write, and every read that must see the request's own writes. */
  db: Database;
  /**
   * Where a read-only report runs: one of the replicas (picked per call, spreading the load), or
   * the primary when there are none. Drizzle's `withReplicas` routes only query-builder selects
   * to replicas and sends raw `execute` to the primary, and the reports are raw SQL aggregates,
   * so the choice is made here instead.
   */
  reportDb(): Database;
  driver: DatabaseConfig["driver"];
  migrate(): Promise<void>;
  /** NOTIFY on `channel` from the primary, until the listener or the handle is closed. */
  listen(channel: string, handlers: NotificationHandlers): Promise<NotificationListener>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL("../../../../drizzle", import.meta.url));

/** Which connection pool a statement went to. */
export type DatabaseRole = "primary" | "replica";

export interface DatabaseOptions {
  /** Called with every SQL statement sent and its parameters; tests count and explain statements with it. */
  onQuery?: (query: string, params: unknown[], role: DatabaseRole) => void;
  /**
   * PostgreSQL cancels a statement running longer (the API passes its request time limit; the
   * seed and migrations, whose statements are long by nature, pass none). PGlite has no such bound.
   */
  statementTimeoutMs?: number;
}

/** Seconds before a lost connection's next attempt after `attempts` failed ones in a row: 0.2, 0.4, 0.8, then 1, each jittered down by up to half. */
function reconnectDelaySeconds(attempts: number): number {
  return Math.min(0.1 * 2 ** attempts, 1) * (0.5 + Math.random() / 2);
}

export function openDatabase(config: DatabaseConfig, options: DatabaseOptions = {}): DatabaseHandle {
  const { onQuery, statementTimeoutMs } = options;
  const loggerFor = (role: DatabaseRole) => onQuery && { logQuery: (query: string, params: unknown[]) => onQuery(query, params, role) };
  if (config.driver === "postgres") {
    const connect = (url: string, role: DatabaseRole) => {
      // JIT compilation pays off for hour-long analytics, not for our statements: it kicked in on
      // the report aggregates (estimated cost past 100k) and added 70–130 ms to a 50 ms query.
      const client = postgres(url, {
        max: config.maxConnections ?? 10,
        onnotice: () => {},
        connection: { jit: "off", ...(statementTimeoutMs !== undefined && { statement_timeout: statementTimeoutMs }) },
        // While the server is away a request waits for its connection's next attempt: postgres.js
        // backs off up to 20 s between attempts, which held requests past their time limit and
        // delayed recovery by as much once the server was back (README, "Operations: faults").
        backoff: reconnectDelaySeconds,
      });
      return { client, db: drizzlePostgres(client, { schema, logger: loggerFor(role) }) };
    };
    const primary = connect(config.url, "primary");
    const replicas = (config.replicaUrls ?? []).map((url) => connect(url, "replica"));
    const listeners = new Set<NotificationListener>();
    return {
      db: primary.db,
      reportDb: () => (replicas.length === 0 ? primary.db : replicas[Math.floor(Math.random() * replicas.length)]!.db),
      driver: "postgres",
      migrate: () => migratePostgres(primary.db, { migrationsFolder: MIGRATIONS_FOLDER }),
      listen: async (channel, handlers) => {
        const listener = await listenOnPostgres(config.listenUrl ?? config.url, channel, handlers, reconnectDelaySeconds);
        listeners.add(listener);
        return {
          close: () => {
            listeners.delete(listener);
            return listener.close();
          },
        };
      },
      close: async () => {
        await Promise.all([...[...listeners].map((listener) => listener.close()), ...[primary, ...replicas].map(({ client }) => client.end({ timeout: 5 }))]);
      },
    };
  }
  const client = config.dataDir === null ? new PGlite() : new PGlite(config.dataDir);
  const db = drizzlePglite(client, { schema, logger: loggerFor("primary") });
  return {
    db,
    reportDb: () => db,
    driver: "pglite",
    migrate: () => migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER }),
    listen: (channel, handlers) => listenOnPglite(client, channel, handlers),
    close: () => client.close(),
  };
}
