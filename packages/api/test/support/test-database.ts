import { randomUUID } from "node:crypto";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, inject } from "vitest";
import { openDatabase, type DatabaseConfig, type DatabaseHandle } from "../../src/db/database.ts";
import { withDatabase } from "./postgres-global-setup.ts";

export type TestDriver = "pglite" | "postgres";

export interface RecordedStatement {
  query: string;
  params: unknown[];
}

export interface TestDatabase {
  readonly driver: TestDriver;
  readonly handle: DatabaseHandle;
  /** How to reach this database from another process (null for the in-memory PGlite). */
  readonly url: string | null;
  /** Runs `work` and reports how many SQL statements it sent. */
  countStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }>;
  /** Runs `work` and returns the SQL statements it sent, with their parameters (e.g. to EXPLAIN one). */
  recordStatements<T>(work: () => Promise<T>): Promise<{ result: T; statements: RecordedStatement[] }>;
  /** Empties every table, so a test starts from nothing. */
  truncateAll(): Promise<void>;
}

/**
 * A migrated database of this test file's own, open for the whole file: an in-memory PGlite,
 * or a clone of the run's PostgreSQL template (dropped at the end of the run).
 */
export function useTestDatabase(driver: TestDriver): TestDatabase {
  let handle: DatabaseHandle | undefined;
  let url: string | null = null;
  let counting: number | null = null;
  let recording: RecordedStatement[] | null = null;
  const onQuery = (query: string, params: unknown[]) => {
    if (counting !== null) counting++;
    recording?.push({ query, params });
  };
  beforeAll(async () => {
    const config: DatabaseConfig = driver === "pglite" ? { driver, dataDir: null } : await clonePostgres();
    url = config.driver === "postgres" ? config.url : null;
    handle = openDatabase(config, { onQuery });
    if (driver === "pglite") await handle.migrate();
  });
  afterAll(async () => {
    await handle?.close();
  });
  return {
    driver,
    get handle() {
      if (!handle) throw new Error("The test database is opened in beforeAll");
      return handle;
    },
    get url() {
      return url;
    },
    async countStatements(work) {
      counting = 0;
      try {
        const result = await work();
        return { result, statements: counting };
      } finally {
        counting = null;
      }
    },
    async recordStatements(work) {
      recording = [];
      try {
        const result = await work();
        return { result, statements: recording };
      } finally {
        recording = null;
      }
    },
    async truncateAll() {
      await this.handle.db.execute(
        sql`truncate table ended_sessions, proposal_reviews, proposal_versions, proposals, opportunity_stage_changes, opportunities, idempotency_keys, import_batches, api_tokens, login_attempts, lead_duplicates, audit_events, follow_ups, lead_assessments, leads, users, teams restart identity cascade`,
      );
    },
  };
}

async function clonePostgres(): Promise<DatabaseConfig> {
  const target = inject("postgresTemplate");
  if (!target) throw new Error("No PostgreSQL for this run: set TEST_POSTGRES_URL (the test script does when a server answers)");
  const name = `${target.template.replace(/_template$/, "")}_${randomUUID().slice(0, 8)}`;
  const admin = postgres(target.serverUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${target.template}"`);
  } finally {
    await admin.end();
  }
  return { driver: "postgres", url: withDatabase(target.serverUrl, name), maxConnections: 5 };
}
