// Fills a PostgreSQL database with a large data set (issue 9, `pnpm db:generate-large`): the
// rows come from LargeDatasetGenerator (in a worker thread) and go in with COPY … FROM STDIN,
// never one service call per row.
//
// The load runs in transactions that each drop the secondary indexes of their own tables,
// COPY into them and re-create the indexes from the catalog's own definitions (pg_indexes)
// before they commit, so a failure, Ctrl-C or crash never leaves a table without its indexes.
// As a superuser, two such transactions run side by side (leads on one connection, the other
// tables on the second, so PostgreSQL works on both cores) with session_replication_role =
// replica, which keeps the foreign keys in place but skips their per-row checks, as
// pg_restore --disable-triggers does: the generator only writes ids it generated (the test
// checks every foreign key). Both commit only once both have succeeded. Without superuser
// rights everything runs in one transaction that also drops and re-adds the foreign keys.
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import postgres from "postgres";
import { openDatabase } from "../db/database.ts";
import { hashPassword } from "../users/password.ts";
import { DEMO_PASSWORD, type DemoAccount } from "./demo-people.ts";
import { largeDatasetPeople, type LargePeople } from "./large-dataset-people.ts";
import { largeBatches } from "./large-dataset-source.ts";
import { DAY } from "./large-dataset-time.ts";
import { LARGE_DATASET_COLUMNS, LARGE_TABLES, type LargeBatch, type LargeTable } from "./large-dataset.ts";

export interface GenerateLargeOptions {
  /** A PostgreSQL URL (postgres.js); PGlite is not supported. */
  url: string;
  leadCount: number;
  /** Empty every table first; without it, a database that has data is refused. */
  reset?: boolean;
  /** The data's clock (default: now, to the millisecond). */
  now?: Date;
  /** Leads per batch: each batch is one COPY per table. */
  batchLeads?: number;
  /** Generate in a worker thread while the main thread streams COPY (default true). */
  worker?: boolean;
  /** "parallel" needs a superuser; "single" is one transaction on one connection (default: parallel when allowed). */
  mode?: "parallel" | "single";
  /** Progress lines; silent when absent. */
  log?: (line: string) => void;
}

export interface GenerateLargeSummary {
  mode: "parallel" | "single";
  rows: Record<LargeTable | "teams" | "users", number>;
  /** Seconds per phase (the load includes re-creating the indexes and VACUUM ANALYZE), and in total. */
  seconds: { setup: number; load: number; total: number };
  /** Per table, rows per second of its COPY time. */
  rowsPerSecond: Record<LargeTable, number>;
  accounts: DemoAccount[];
  password: string;
}

/** A refusal the command prints as is (no stack trace); the database is left as it was. */
export class GenerateLargeRefusal extends Error {}

/**
 * Which tables each parallel transaction fills, about half the work each: leads (their
 * generated search column and its GIN index are the costliest part) with their assessments,
 * and the rest.
 */
const PARALLEL_GROUPS: readonly (readonly LargeTable[])[] = [
  ["leads", "lead_assessments"],
  LARGE_TABLES.filter((table) => table !== "leads" && table !== "lead_assessments"),
];

interface Definition {
  table: string;
  name: string;
  sql: string;
}

interface Progress {
  rows: GenerateLargeSummary["rows"];
  copyMs: Record<LargeTable, number>;
  log: (line: string) => void;
}

/**
 * Migrates the database at `url`, then fills it with `leadCount` leads and their pipeline.
 * Refuses under NODE_ENV=production and when the database already has data (unless `reset`).
 */
export async function generateLargeDataset(options: GenerateLargeOptions): Promise<GenerateLargeSummary> {
  if (process.env.NODE_ENV === "production") throw new GenerateLargeRefusal("Refusing to generate data with NODE_ENV=production.");
  const log = options.log ?? (() => {});
  const started = performance.now();
  const now = options.now ?? new Date();
  const batchLeads = options.batchLeads ?? 20_000;

  const migrated = openDatabase({ driver: "postgres", url: options.url, maxConnections: 1 });
  try {
    await migrated.migrate();
  } finally {
    await migrated.close();
  }
  const sql = postgres(options.url, { max: PARALLEL_GROUPS.length, onnotice: () => {}, idle_timeout: 0 });
  try {
    await checkColumns(sql);
    const existing = await countExisting(sql);
    if (!options.reset && (existing.leads > 0 || existing.teams > 0 || existing.users > 0)) {
      throw new GenerateLargeRefusal(
        `The database already has ${existing.leads.toLocaleString("en")} leads, ${existing.teams} teams and ${existing.users} users. ` +
          "Run again with --reset to empty every table first, or point DATABASE_URL at an empty database.",
      );
    }
    const [role] = await sql<{ superuser: boolean }[]>`select current_setting('is_superuser') = 'on' as superuser`;
    const superuser = role!.superuser;
    const mode = options.mode ?? (superuser ? "parallel" : "single");
    if (mode === "parallel" && !superuser) throw new GenerateLargeRefusal("The parallel load needs a superuser (session_replication_role).");
    if (mode === "single") log("Not a superuser: loading in one transaction on one connection (slower).");

    const people = largeDatasetPeople();
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    const progress: Progress = {
      rows: Object.fromEntries([...LARGE_TABLES, "teams", "users"].map((t) => [t, 0])) as GenerateLargeSummary["rows"],
      copyMs: Object.fromEntries(LARGE_TABLES.map((t) => [t, 0])) as Record<LargeTable, number>,
      log,
    };
    const seconds = { setup: 0, load: 0, total: 0 };
    const batches = () => largeBatches({ leadCount: options.leadCount, now, teams: people.teams, batchLeads, worker: options.worker ?? true });
    const reportEvery = progressReporter(options.leadCount, progress, started);

    if (mode === "parallel") {
      await sql.begin(async (tx) => {
        if (options.reset) await emptyEverything(tx, log);
        await insertPeople(tx, people, passwordHash, now, progress);
      });
      seconds.setup = (performance.now() - started) / 1000;
      const loadStarted = performance.now();
      // The leads transaction may run well ahead of the other: after its COPY comes the longest index build.
      const fanOut = new FanOut(batches(), [3, 25]);
      const finished = PARALLEL_GROUPS.map(() => deferred());
      const everyoneFinished = Promise.all(finished.map((f) => f.promise));
      everyoneFinished.catch(() => {}); // each transaction rethrows it itself
      const pump = fanOut.run();
      const leadsDone = PARALLEL_GROUPS.map(() => 0);
      await Promise.all([
        pump,
        ...PARALLEL_GROUPS.map((tables, group) =>
          sql
            .begin(async (tx) => {
              await tx`set local session_replication_role = replica`;
              await tuneTransaction(tx);
              const indexes = await dropIndexes(tx, tables);
              for await (const batch of fanOut.queue(group)) {
                await copyTables(tx, batch, tables, progress);
                leadsDone[group] = batch.leadsDone;
                reportEvery(Math.min(...leadsDone));
              }
              const what = tables.join(", ");
              log(`${elapsed(started)}  loaded ${what}; re-creating ${indexes.length} indexes`);
              await createAll(tx, indexes, log);
              if (tables.includes("leads")) await countLoadedLeads(tx);
              log(`${elapsed(started)}  ${what} indexed; waiting to commit together`);
              finished[group]!.resolve();
              // Commit only when every transaction got here; if one failed, all roll back.
              await everyoneFinished;
            })
            .catch((error: unknown) => {
              finished[group]!.reject(error);
              fanOut.abort();
              throw error;
            }),
        ),
      ]);
      seconds.load = (performance.now() - loadStarted) / 1000;
    } else {
      await sql.begin(async (tx) => {
        if (options.reset) await emptyEverything(tx, log);
        await insertPeople(tx, people, passwordHash, now, progress);
        await tuneTransaction(tx);
        const foreignKeys = await dropForeignKeys(tx, LARGE_TABLES);
        const indexes = await dropIndexes(tx, LARGE_TABLES);
        seconds.setup = (performance.now() - started) / 1000;
        const loadStarted = performance.now();
        for await (const batch of batches()) {
          await copyTables(tx, batch, LARGE_TABLES, progress);
          reportEvery(batch.leadsDone);
        }
        log(`${elapsed(started)}  loaded; re-creating ${indexes.length} indexes and ${foreignKeys.length} foreign keys`);
        await createAll(tx, indexes, log);
        await createAll(tx, foreignKeys.map((fk) => ({ ...fk, sql: `alter table ${quote(fk.table)} add constraint ${quote(fk.name)} ${fk.sql}` })), log);
        seconds.load = (performance.now() - loadStarted) / 1000;
      });
    }

    // Planner statistics, and the visibility map a database in use gets from autovacuum: without
    // it every index-only scan reads the heap too, and the reports would be measured on a state
    // no real database stays in. VACUUM cannot run inside a transaction, hence after the commit.
    const vacuumStarted = performance.now();
    await sql.unsafe(`vacuum (analyze) ${["teams", "users", ...LARGE_TABLES].map(quote).join(", ")}`);
    log(`${elapsed(started)}  vacuumed and analysed`);
    seconds.load += (performance.now() - vacuumStarted) / 1000;

    seconds.total = (performance.now() - started) / 1000;
    const rowsPerSecond = Object.fromEntries(
      LARGE_TABLES.map((t) => [t, progress.copyMs[t] > 0 ? Math.round(progress.rows[t] / (progress.copyMs[t] / 1000)) : 0]),
    ) as Record<LargeTable, number>;
    return { mode, rows: progress.rows, seconds, rowsPerSecond, accounts: people.accounts, password: DEMO_PASSWORD };
  } finally {
    await sql.end({ timeout: 5 });
  }
}

async function tuneTransaction(tx: postgres.TransactionSql): Promise<void> {
  // Nothing waits on this commit's WAL flush; index builds sort in memory.
  await tx`set local synchronous_commit = off`;
  await tx`set local maintenance_work_mem = '512MB'`;
}

/** What migration 0021's triggers keep in lead_counts, which a replica role's session does not fire. */
async function countLoadedLeads(tx: postgres.TransactionSql): Promise<void> {
  await tx`insert into lead_counts (team_id, owner_id, tier, status, leads)
    select team_id, owner_id, tier, status, count(*)::integer from leads where merged_into_id is null group by team_id, owner_id, tier, status`;
}

async function emptyEverything(tx: postgres.TransactionSql, log: (line: string) => void): Promise<void> {
  const tables = await tx<{ name: string }[]>`select tablename as name from pg_tables where schemaname = current_schema()`;
  if (tables.length > 0) await tx.unsafe(`truncate table ${tables.map((t) => quote(t.name)).join(", ")} restart identity cascade`);
  log(`Emptied ${tables.length} tables (--reset).`);
}

async function insertPeople(tx: postgres.TransactionSql, people: LargePeople, passwordHash: string, now: Date, progress: Progress): Promise<void> {
  // Teams and accounts exist from before the first lead.
  const since = new Date(now.getTime() - 800 * DAY);
  for (const team of people.teams) {
    const calendar = team.calendar === null ? null : tx.json(team.calendar as unknown as postgres.JSONValue);
    await tx`insert into teams (id, name, calendar, created_at, updated_at) values (${team.id}, ${team.name}, ${calendar}, ${since}, ${since})`;
  }
  const users = people.users.map((user) => ({
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    team_id: user.teamId,
    password_hash: passwordHash,
    created_at: since,
    updated_at: since,
  }));
  await tx`insert into users ${tx(users)}`;
  progress.rows.teams = people.teams.length;
  progress.rows.users = users.length;
}

/** The plain secondary indexes of `tables` as pg_indexes defines them (not primary keys or unique constraints), dropped. */
async function dropIndexes(tx: postgres.TransactionSql, tables: readonly LargeTable[]): Promise<Definition[]> {
  const indexes = await tx<Definition[]>`
    select i.tablename as table, i.indexname as name, i.indexdef as sql
    from pg_indexes i
    where i.schemaname = current_schema() and i.tablename = any(${tables as LargeTable[]})
      and not exists (select 1 from pg_constraint c where c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))::regclass)
    order by i.tablename = 'leads' and i.indexdef like '%USING gin%' desc, i.tablename, i.indexname`;
  for (const index of indexes) await tx.unsafe(`drop index ${quote(index.name)}`);
  return indexes;
}

/** The foreign keys of `tables` as pg_get_constraintdef gives them, dropped. */
async function dropForeignKeys(tx: postgres.TransactionSql, tables: readonly LargeTable[]): Promise<Definition[]> {
  const foreignKeys = await tx<Definition[]>`
    select c.conrelid::regclass::text as table, c.conname as name, pg_get_constraintdef(c.oid) as sql
    from pg_constraint c
    where c.contype = 'f' and c.connamespace = current_schema()::regnamespace and c.conrelid::regclass::text = any(${tables as LargeTable[]})
    order by 1, 2`;
  for (const fk of foreignKeys) await tx.unsafe(`alter table ${quote(fk.table)} drop constraint ${quote(fk.name)}`);
  return foreignKeys;
}

async function createAll(tx: postgres.TransactionSql, definitions: readonly Definition[], log: (line: string) => void): Promise<void> {
  for (const definition of definitions) {
    const started = performance.now();
    await tx.unsafe(definition.sql);
    log(`          ${definition.name} ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function copyTables(tx: postgres.TransactionSql, batch: LargeBatch, tables: readonly LargeTable[], progress: Progress): Promise<void> {
  for (const table of tables) {
    if (batch.rows[table] === 0) continue;
    const started = performance.now();
    const columns = Object.keys(LARGE_DATASET_COLUMNS[table]).map(quote).join(", ");
    const stream = await tx.unsafe(`copy ${quote(table)} (${columns}) from stdin with (format binary)`).writable();
    await pipeline(Readable.from(batch.chunks[table]), stream);
    batch.chunks[table] = []; // the other transaction never needs them; free them while it catches up
    progress.copyMs[table] += performance.now() - started;
    progress.rows[table] += batch.rows[table];
  }
}

/**
 * Fails with a clear message when the schema moved on from the generator: a column it writes is
 * gone or has another type (binary COPY needs the exact one), or a required column is not written.
 */
async function checkColumns(sql: postgres.Sql): Promise<void> {
  const columns = await sql<{ table: string; column: string; type: string; required: boolean }[]>`
    select table_name as table, column_name as column, udt_name as type,
           (is_nullable = 'NO' and column_default is null and is_identity = 'NO' and is_generated = 'NEVER') as required
    from information_schema.columns
    where table_schema = current_schema() and table_name = any(${LARGE_TABLES as LargeTable[]})`;
  const problems: string[] = [];
  for (const table of LARGE_TABLES) {
    const known = new Map(columns.filter((c) => c.table === table).map((c) => [c.column, c]));
    const written: Record<string, string> = LARGE_DATASET_COLUMNS[table];
    for (const [column, type] of Object.entries(written)) {
      const found = known.get(column);
      if (!found) problems.push(`${table}.${column} does not exist`);
      else if (found.type !== type) problems.push(`${table}.${column} is ${found.type}, not ${type}`);
    }
    for (const c of known.values()) if (c.required && !(c.column in written)) problems.push(`${table}.${c.column} is required but not generated`);
  }
  if (problems.length > 0) {
    throw new GenerateLargeRefusal(`The schema and the generator (src/seed/large-dataset.ts) disagree: ${problems.join("; ")}.`);
  }
}

async function countExisting(sql: postgres.Sql): Promise<{ leads: number; teams: number; users: number }> {
  const [row] = await sql<{ leads: number; teams: number; users: number }[]>`
    select (select count(*) from leads)::int as leads, (select count(*) from teams)::int as teams, (select count(*) from users)::int as users`;
  return row!;
}

/** A progress line at most every two seconds, and at the end: rows and rows/s per table, elapsed time. */
function progressReporter(total: number, progress: Progress, started: number): (leadsDone: number) => void {
  let last = 0;
  return (done) => {
    const at = performance.now();
    if (at - last < 3_000 && done < total) return;
    last = at;
    const seconds = (at - started) / 1000;
    const tables = LARGE_TABLES.filter((t) => progress.rows[t] > 0)
      .map((t) => `${t} ${compact(progress.rows[t])} (${compact(progress.rows[t] / seconds)}/s)`)
      .join(", ");
    progress.log(`${elapsed(started)} ${String(Math.floor((done / total) * 100)).padStart(3)}%  ${tables}`);
  };
}

/**
 * Hands every batch to each consumer's queue, pulling the next one from the source only while
 * every queue holds fewer than its limit (memory stays bounded, and the generator never runs
 * far ahead of the consumer with the lowest limit).
 */
class FanOut {
  private readonly queues: LargeBatch[][];
  private ended = false;
  private aborted = false;
  private failure: unknown = null;
  private wakeConsumers: (() => void)[] = [];
  private wakePump: (() => void) | null = null;

  constructor(
    private readonly source: AsyncIterable<LargeBatch>,
    private readonly limits: readonly number[],
  ) {
    this.queues = limits.map(() => []);
  }

  async run(): Promise<void> {
    try {
      for await (const batch of this.source) {
        if (this.aborted) break;
        for (const queue of this.queues) queue.push(batch);
        this.notifyConsumers();
        while (!this.aborted && this.queues.some((queue, i) => queue.length >= this.limits[i]!)) {
          await new Promise<void>((resolve) => (this.wakePump = resolve));
        }
        if (this.aborted) break;
      }
    } catch (error) {
      this.failure = error;
      throw error;
    } finally {
      this.ended = true;
      this.notifyConsumers();
    }
  }

  async *queue(index: number): AsyncIterable<LargeBatch> {
    const queue = this.queues[index]!;
    for (;;) {
      while (queue.length === 0 && !this.ended && !this.aborted) await new Promise<void>((resolve) => this.wakeConsumers.push(resolve));
      if (this.aborted) throw new Error("Stopped: another part of the load failed");
      const batch = queue.shift();
      this.wakePump?.();
      this.wakePump = null;
      if (batch) {
        yield batch;
        continue;
      }
      if (this.failure) throw this.failure;
      return;
    }
  }

  abort(): void {
    this.aborted = true;
    this.wakePump?.();
    this.wakePump = null;
    this.notifyConsumers();
  }

  private notifyConsumers(): void {
    const wake = this.wakeConsumers;
    this.wakeConsumers = [];
    for (const resolve of wake) resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
/** 1.23M, 45.6k, 789. */
const compact = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e4 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n)));
const elapsed = (since: number) => `${((performance.now() - since) / 1000).toFixed(1).padStart(6)} s`;
