// Usage: pnpm db:generate-large [--leads N] [--reset]   (DATABASE_URL must point at PostgreSQL)
// Fills the database with N leads (default 1,000,000) and a proportional pipeline; see
// generate-large-dataset.ts. Refuses without DATABASE_URL (the embedded PGlite is far too slow
// for this and is what the demo seed is for), under NODE_ENV=production, and when the database
// already has data unless --reset is given.
import { performance } from "node:perf_hooks";
import { GenerateLargeRefusal, generateLargeDataset } from "./generate-large-dataset.ts";
import { LARGE_TABLES } from "./large-dataset.ts";

const DEFAULT_LEADS = 1_000_000;

const args = process.argv.slice(2);
const unknown = args.filter((arg, i) => !["--leads", "--reset", "--inline", "--single"].includes(arg) && args[i - 1] !== "--leads");
if (unknown.length > 0 || args.includes("--help")) {
  console.error(`Usage: pnpm db:generate-large [--leads N] [--reset]\nUnknown argument: ${unknown.join(" ")}`);
  process.exit(2);
}
if (process.env.NODE_ENV === "production") fail("Refusing to run with NODE_ENV=production: this command fills a database with generated data.");
const url = process.env.DATABASE_URL;
if (!url) {
  fail(
    "DATABASE_URL is not set. db:generate-large loads PostgreSQL with COPY and does not run on the embedded PGlite database; " +
      "point it at a PostgreSQL database, e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/sales_large (createdb first).",
  );
}
const leadCount = readLeadCount();

const started = performance.now();
console.log(`Generating ${leadCount.toLocaleString("en")} leads into ${redact(url)}…`);
try {
  const summary = await generateLargeDataset({
    url,
    leadCount,
    reset: args.includes("--reset"),
    worker: !args.includes("--inline"),
    ...(args.includes("--single") && { mode: "single" as const }),
    log: (line) => console.log(line),
  });
  const { seconds } = summary;
  console.log(
    `\nDone in ${((performance.now() - started) / 1000).toFixed(1)} s (${summary.mode} load; setup ${seconds.setup.toFixed(1)} s, ` +
      `COPY, indexes and VACUUM ANALYZE ${seconds.load.toFixed(1)} s).`,
  );
  for (const table of ["teams", "users", ...LARGE_TABLES] as const) {
    const rate = table === "teams" || table === "users" ? "" : `  ${summary.rowsPerSecond[table].toLocaleString("en").padStart(9)} rows/s`;
    console.log(`  ${table.padEnd(26)} ${summary.rows[table].toLocaleString("en").padStart(11)}${rate}`);
  }
  console.log(`\nAccounts (password for all: ${summary.password}):`);
  const reps = new Map<string, string[]>();
  for (const account of summary.accounts) {
    if (account.role === "REP" && !account.email.match(/^rep[123]\.(east|south)@/)) {
      reps.set(account.team!, [...(reps.get(account.team!) ?? []), account.email]);
      continue;
    }
    console.log(`  ${account.role.padEnd(8)} ${account.email.padEnd(34)} ${account.team ?? "all teams"}`);
  }
  for (const [team, emails] of reps) console.log(`  REP      ${emails[0]} … ${emails.at(-1)} (${emails.length})  ${team}`);
} catch (error) {
  if (error instanceof GenerateLargeRefusal) fail(error.message);
  throw error;
}

function readLeadCount(): number {
  const flag = args.indexOf("--leads");
  if (flag < 0) return DEFAULT_LEADS;
  const raw = args[flag + 1] ?? "";
  const count = Number(raw.replaceAll("_", "").replaceAll(",", ""));
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) fail(`--leads must be a whole number from 1 to 10,000,000, got "${raw}".`);
  return count;
}

function redact(value: string): string {
  return value.replace(/\/\/([^:@/]+):[^@/]*@/, "//$1:***@");
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
