import "reflect-metadata";
import { monthStart } from "@sales/domain";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { readConfig } from "../src/config.ts";
import { API_PROCESS_ENV, apiCommand } from "../scripts/build-api.ts";
import { numberArg, textArg } from "./bench-args.ts";
import { openDatabase } from "../src/db/database.ts";
import { DEMO_PASSWORD } from "../src/seed/seed-demo-data.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer } from "../src/server.ts";

// Usage: DATABASE_URL=postgres://… pnpm bench:reports [--runs 20] [--port 4610] [--only funnel]
//
// Issue 9: every pipeline report for a manager (one team) and for the analyst (company-wide),
// each run one after another at least --runs times, on a database filled by
// `pnpm db:generate-large` (or `db:seed`). Measured from outside: the API runs as its own
// process in production mode, and this process is the client. Beside each report, the same SQL
// statements the API sent for it, replayed straight on PostgreSQL the same number of times: the
// database's share, and the ratio API ÷ SQL is what the API layers add. Last, EXPLAIN (ANALYZE,
// BUFFERS) of the slowest statement of the slowest reports. A benchmark, not a test: it prints
// figures and fails nothing. `--only` runs the reports whose name contains its text, and then
// explains each of them rather than the three slowest.
const runs = numberArg("--runs", 20);
const port = numberArg("--port", 4610);
const only = textArg("--only", null);
const config = readConfig();
if (config.database.driver !== "postgres") {
  console.error("Set DATABASE_URL: the report benchmark runs on PostgreSQL (e.g. after pnpm db:generate-large).");
  process.exit(1);
}
const postgresConfig = config.database;
const databaseUrl = postgresConfig.url;

interface Report {
  name: string;
  query: string;
  variables: (period: { from: string; to: string }) => Record<string, unknown>;
}

const PERIOD_ARGS = "$from: LocalDate!, $to: LocalDate!";
const MONEY = "amount currency";
const STEPS = "steps { step count }";

// Each report as a portal page would ask for it: every figure, and the first page of its lists.
const ALL_REPORTS: Report[] = [
  {
    name: "funnel (cohort)",
    query: `query(${PERIOD_ARGS}) { pipelineFunnel(from: $from, to: $to, view: COHORT) {
      total { ${STEPS} leadToWon { value } } byTier { tier ${STEPS} } byChannel { channel ${STEPS} } } }`,
    variables: (period) => period,
  },
  {
    name: "funnel (activity)",
    query: `query(${PERIOD_ARGS}) { pipelineFunnel(from: $from, to: $to, view: ACTIVITY) {
      total { ${STEPS} } byTier { tier ${STEPS} } byChannel { channel ${STEPS} } } }`,
    variables: (period) => period,
  },
  {
    name: "win/loss",
    query: `query(${PERIOD_ARGS}) { winLoss(from: $from, to: $to) {
      won { count amount { ${MONEY} } } lost { count amount { ${MONEY} } } winRate { value } winRateByValue { currency value }
      lossReasons { reason count } averageDiscount { discount { currency value } } belowFloor { count } } }`,
    variables: (period) => period,
  },
  {
    name: "velocity",
    query: `query(${PERIOD_ARGS}) { pipelineVelocity(from: $from, to: $to) {
      total { daysInStage { stage medianDays p90Days } salesCycle { medianDays } openOpportunities { count } velocity { winRate { value } byCurrency { currency perDay { ${MONEY} } } } }
      byTeam { team { name } daysInStage { stage medianDays } velocity { byCurrency { currency perDay { ${MONEY} } } } }
      byRep(first: 20) { rep { displayName } openOpportunities { count } velocity { byCurrency { currency perDay { ${MONEY} } } } } } }`,
    variables: (period) => period,
  },
  {
    name: "forecast (6 months)",
    query: `query { pipelineForecast { byMonth { month count total { ${MONEY} } weighted { ${MONEY} } byStage { stage count } }
      closeDatePassed { count } } }`,
    variables: () => ({}),
  },
  {
    name: "pipeline changes (last 7 days)",
    query: `query($since: DateTime!) { pipelineChanges(since: $since, first: 50) { summary { kind count }
      changes { edges { node { kind at fromStage toStage closeDateBefore closeDateAfter opportunity { name } actor { displayName } } } } } }`,
    variables: () => ({ since: new Date(Date.now() - 7 * 86_400_000).toISOString() }),
  },
  {
    name: "stalled and at risk",
    query: `query { pipelineRisks(first: 20) { stalled { totalCount items { daysInStage opportunity { name } } }
      reviewsWaiting { totalCount } decisionsWaiting { totalCount } closeDatePassed { totalCount } } }`,
    variables: () => ({}),
  },
  {
    name: "follow-up discipline",
    query: `query(${PERIOD_ARGS}) { followUpDiscipline(from: $from, to: $to, first: 20) {
      total { doneOnTime { count } doneLate { count } missed { count } overdueNow { count } unattended { count } firstContactSla { value } }
      byTier { tier missed { count } } reps { nodes { rep { displayName } total { missed { count } } } } } }`,
    variables: (period) => period,
  },
  {
    name: "rep scorecard",
    query: `query(${PERIOD_ARGS}) { repScorecard(from: $from, to: $to, first: 20) { reps { nodes { rep { displayName }
      leadsOwned { tier count } firstContactRate { value } overdueNow { count } openPipeline { amounts { ${MONEY} } }
      weightedForecast { amounts { ${MONEY} } } wonValue { amounts { ${MONEY} } } winRate { value } } } } }`,
    variables: (period) => period,
  },
];

const REPORTS = ALL_REPORTS.filter((report) => only === null || report.name.includes(only));
if (REPORTS.length === 0) {
  console.error(`No report's name contains "${only}": ${ALL_REPORTS.map((report) => report.name).join(", ")}`);
  process.exit(1);
}

const ACCOUNTS = [
  { label: "manager (one team)", email: "manager.east@demo.example.com" },
  { label: "analyst (company-wide)", email: "analyst@demo.example.com" },
];

const api = await startApi();
// The API's own connection settings (JIT off, see database.ts), so the two sides plan alike.
const sqlClient = postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { jit: "off" } });
try {
  // The reports' quarter: the three whole months before the current one.
  const today = new Date().toISOString().slice(0, 10);
  const period = { from: monthStart(today, -3), to: monthStart(today) };
  console.log(`Reports over [${period.from}, ${period.to}), ${runs} runs each, API in production mode (pid ${api.process.pid}) at ${api.url}\n`);
  const recorded = await recordStatements(period);

  const rows: { account: string; report: string; api: Stats; sql: Stats; statements: { query: string; params: unknown[] }[] }[] = [];
  for (const account of ACCOUNTS) {
    const token = await login(api.url, account.email);
    for (const report of REPORTS) {
      const body = { query: report.query, variables: report.variables(period) };
      await post(api.url, body, token); // warm-up
      const apiTimes: number[] = [];
      for (let i = 0; i < runs; i++) apiTimes.push(await timed(() => post(api.url, body, token)));
      const statements = recorded.get(`${account.email} ${report.name}`) ?? [];
      const sqlTimes: number[] = [];
      for (let i = 0; i < runs; i++) {
        sqlTimes.push(await timed(() => replay(statements)));
      }
      rows.push({ account: account.label, report: report.name, api: stats(apiTimes), sql: stats(sqlTimes), statements });
    }
  }

  console.log("| viewer | report | API p50 | API p95 | SQL p50 | SQL p95 | API ÷ SQL (p50) |");
  console.log("|---|---|---|---|---|---|---|");
  for (const row of rows) {
    console.log(
      `| ${row.account} | ${row.report} | ${ms(row.api.p50)} | ${ms(row.api.p95)} | ${ms(row.sql.p50)} | ${ms(row.sql.p95)} | ${(row.api.p50 / Math.max(row.sql.p50, 0.001)).toFixed(2)} |`,
    );
  }

  console.log(`\n${only === null ? "The slowest reports'" : "Each report's"} slowest statement, EXPLAIN (ANALYZE, BUFFERS):`);
  for (const row of [...rows].sort((a, b) => b.api.p95 - a.api.p95).slice(0, only === null ? 3 : rows.length)) {
    const slowest = await slowestStatement(row.statements);
    if (!slowest) continue;
    const plan = await inReportTransaction(row.statements, (tx) => tx.unsafe(`explain (analyze, buffers) ${slowest.query}`, slowest.params as never[]));
    const lines = plan.map((line) => String(Object.values(line)[0]));
    console.log(`\n${row.report}, ${row.account} (API p95 ${ms(row.api.p95)}):`);
    console.log(summarisePlan(lines));
  }
} finally {
  await sqlClient.end({ timeout: 5 });
  api.process.kill("SIGTERM");
}

/**
 * The SQL the API sends for each report and account, captured once by an in-process server on
 * the same database (not timed): what the SQL column replays.
 */
async function recordStatements(period: { from: string; to: string }): Promise<Map<string, { query: string; params: unknown[] }[]>> {
  let recording: { query: string; params: unknown[] }[] | null = null;
  const database = openDatabase({ ...postgresConfig, maxConnections: 2 }, { onQuery: (query, params) => recording?.push({ query, params }) });
  const server = await createServer({ config: { ...config, production: true }, database, logger: createLogger({ level: "silent", production: true }) });
  const running = await server.listen(0, "127.0.0.1");
  const byReport = new Map<string, { query: string; params: unknown[] }[]>();
  try {
    for (const account of ACCOUNTS) {
      const token = await login(running.url, account.email);
      // What every request sends before its work (authentication): left out of each report's SQL.
      recording = [];
      await post(running.url, { query: "{ __typename }", variables: {} }, token);
      const perRequest = new Set(recording.map((statement) => statement.query));
      for (const report of REPORTS) {
        recording = [];
        await post(running.url, { query: report.query, variables: report.variables(period) }, token);
        byReport.set(`${account.email} ${report.name}`, recording.filter((statement) => !perRequest.has(statement.query)));
        recording = null;
      }
    }
  } finally {
    await running.stop();
    await database.close();
  }
  return byReport;
}

type Statement = { query: string; params: unknown[] };
function isSetting(statement: Statement): boolean {
  return /^\s*set local /i.test(statement.query);
}

/**
 * A report's statements as the API runs them: in one transaction, after the settings it makes
 * for them (`set local`, reports/report-transaction.ts), which would do nothing outside one.
 */
function inReportTransaction<T>(statements: Statement[], work: (tx: postgres.TransactionSql) => Promise<T>): Promise<T> {
  return sqlClient.begin(async (tx) => {
    for (const setting of statements.filter(isSetting)) await tx.unsafe(setting.query, setting.params as never[]);
    return work(tx);
  }) as Promise<T>;
}

function replay(statements: Statement[]) {
  return inReportTransaction(statements, async (tx) => {
    for (const statement of statements.filter((statement) => !isSetting(statement))) await tx.unsafe(statement.query, statement.params as never[]);
  });
}

async function slowestStatement(statements: Statement[]) {
  let slowest: (Statement & { ms: number }) | null = null;
  for (const statement of statements.filter((statement) => !isSetting(statement))) {
    const took = await timed(() => inReportTransaction(statements, (tx) => tx.unsafe(statement.query, statement.params as never[])));
    if (!slowest || took > slowest.ms) slowest = { ...statement, ms: took };
  }
  return slowest;
}

/** The plan's node lines and totals, without the per-node detail that makes it unreadable. */
function summarisePlan(lines: string[]): string {
  return lines
    .filter((line) => /->|^\S|Execution Time|Planning Time|Buffers: shared/.test(line) && !/^\s+(Output|Sort Key|Group Key|Filter|Hash Cond|Index Cond|Join Filter|Rows Removed)/.test(line))
    .slice(0, 40)
    .join("\n");
}

async function startApi(): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, await apiCommand(), {
    // LOG_LEVEL warn: a line per request would bury the figures this prints.
    env: { ...API_PROCESS_ENV, ...process.env, NODE_ENV: "production", AUTH_SECRET: randomBytes(32).toString("base64url"), PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 120; attempt++) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { url, process: child };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGTERM");
  throw new Error("The API did not answer /healthz within a minute");
}

async function post(url: string, body: { query: string; variables: Record<string, unknown> }, token?: string) {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const result = (await response.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (result.errors) throw new Error(`${body.query.slice(0, 60)}…: ${result.errors[0]!.message}`);
  return result.data!;
}

async function login(url: string, email: string): Promise<string> {
  const data = await post(url, {
    query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
    variables: { email, password: DEMO_PASSWORD },
  }).catch(() => {
    console.error(`Cannot log in as ${email}. Fill the database first: pnpm db:generate-large (or pnpm db:seed).`);
    process.exit(1);
  });
  return (data.login as { token: string }).token;
}

interface Stats {
  p50: number;
  p95: number;
}

function stats(times: number[]): Stats {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95) };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

function ms(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}
