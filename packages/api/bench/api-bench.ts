import type autocannon from "autocannon";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { API_PROCESS_ENV } from "../scripts/build-api.ts";
import { DEMO_PASSWORD } from "../src/seed/demo-people.ts";
import { flagArg, listArg, numberArg, textArg } from "./bench-args.ts";
import { ANSWER_TOLERANCES, BENCH_ACCOUNTS, BENCH_PAGES, requestBody, type BenchAccount, type BenchPage } from "./bench-pages.ts";
import { startApi, startBareServer, startRawServer, stopServer, type BenchServer } from "./bench-processes.ts";
import { count, markdownTable, ms, ratio } from "./bench-table.ts";
import { closedLoop, type LoadResult } from "./closed-loop.ts";
import { summariseProfile, type CpuProfile, type ProfileSummary } from "./cpu-profile-summary.ts";
import { jsonDifferences } from "./json-difference.ts";
import { openLoop, type OpenLoopResult } from "./open-loop.ts";
import { openPostgresWindow, openUsageWindow, waitUntilIdle } from "./process-usage.ts";
import { WRITE_KINDS, writeMix, type WriteCounts } from "./write-mix.ts";

// Usage: DATABASE_URL=postgres://… pnpm bench [--connections 50] [--seconds 15] [--warmup 3]
//   [--rate 300] [--timeout-ms 10000] [--modes closed,open,writes] [--only text] [--processes 2]
//   [--json] [--profile]
//
// Issue 13: the API measured from outside its process, beside a raw baseline. This process is
// the load generator; the API (production mode, its real entry) and the raw baseline
// (node:http + postgres.js, one SQL statement per page, raw-server.ts) each run in a process of
// their own. Before measuring, the raw baseline's answer must equal the API's. Then for each page
// (bench-pages.ts; `--only` keeps those whose name contains its text):
// - closed: autocannon, --connections for --seconds after a --warmup, API, then raw, then the
//   bare stack (bare-server.ts: Apollo's standalone server and type-graphql over the raw
//   statements, the frameworks without the API's own layers): req/s, latency, CPU ms per
//   answered request of each server process and of a PostgreSQL on this machine (/proc: here it
//   shares the CPUs with the servers), the API's peak RSS;
// - open: the pages with a raw twin at a fixed --rate (open-loop.ts), latency from when each
//   request was due, and what was dropped (no answer within --timeout-ms);
// - writes: the leads page with captures, assessments and follow-up completions among the
//   reads, 80/20 (write-mix.ts). It adds leads to the database.
// --processes 2 starts two API processes and spreads the load over both (beside one process).
// --profile instead profiles the API (`node --cpu-prof`) under the leads page (or the first page
// `--only` names) and prints self time by package and by function.
// A benchmark, not a test: it prints figures and fails only when it cannot measure.

const MODES = ["closed", "open", "writes"] as const;
const options = {
  connections: numberArg("--connections", 50),
  seconds: numberArg("--seconds", 15),
  warmupSeconds: numberArg("--warmup", 3),
  rate: numberArg("--rate", 300),
  timeoutMs: numberArg("--timeout-ms", 10_000),
  processes: numberArg("--processes", 1),
  only: textArg("--only", null),
  modes: listArg("--modes", MODES),
  json: flagArg("--json"),
  profile: flagArg("--profile"),
};
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl?.startsWith("postgres")) {
  console.error("Set DATABASE_URL to a PostgreSQL database filled by pnpm db:generate-large (e.g. --leads 100000).");
  process.exit(1);
}
// Its CPU is read from /proc when it runs on this machine.
const postgresIsLocal = ["127.0.0.1", "localhost", "[::1]", ""].includes(new URL(databaseUrl).hostname);
const WRITES_NAME = "mixed 80/20: leads page + capture, assess, complete follow-up";
const pages = BENCH_PAGES.filter((page) => options.only === null || page.name.includes(options.only));
const runWrites = options.modes.includes("writes") && (options.only === null || WRITES_NAME.includes(options.only));
if (pages.length === 0 && !runWrites) {
  console.error(`No page's name contains "${options.only}": ${[...BENCH_PAGES.map((page) => page.name), WRITES_NAME].join("; ")}`);
  process.exit(1);
}

const authSecret = randomBytes(32).toString("base64url");
const servers: BenchServer[] = [];
const stopAll = () => Promise.all(servers.map(stopServer));
process.on("SIGINT", () => void stopAll().then(() => process.exit(130)));

try {
  if (options.profile) await profile(pages[0] ?? BENCH_PAGES[0]!);
  else await benchmark();
} finally {
  await stopAll();
}

interface ServerRun extends LoadResult {
  cpuMsPerRequest: number;
  /** The local PostgreSQL server's CPU per answered request; NaN when it runs elsewhere. */
  postgresCpuMsPerRequest: number;
  rssPeakMb: number;
}

interface ClosedLoopRow {
  page: string;
  api: ServerRun;
  apiScaled?: ServerRun;
  raw?: ServerRun;
  bare?: ServerRun;
}

interface OpenLoopRow extends OpenLoopResult {
  page: string;
  server: "API" | "raw";
  cpuMsPerRequest: number;
  rssPeakMb: number;
}

interface WritesRow {
  name: string;
  run: ServerRun;
  counts: WriteCounts;
}

async function benchmark() {
  const apis: BenchServer[] = [];
  for (let i = 0; i < options.processes; i++) apis.push(remember(await startApi({ databaseUrl: databaseUrl!, authSecret })));
  const raw = remember(await startRawServer({ databaseUrl: databaseUrl!, viewerEmail: BENCH_ACCOUNTS.manager }));
  const bare = remember(await startBareServer({ databaseUrl: databaseUrl!, viewerEmail: BENCH_ACCOUNTS.manager }));
  const api = apis[0]!;
  const tokens = await logins(api.url);
  const repTokens = await Promise.all(Array.from({ length: 10 }, (_, i) => login(api.url, `rep${i + 1}.east@demo.example.com`)));
  const headersFor = (page: BenchPage) => ({ "content-type": "application/json", authorization: `Bearer ${tokens[page.account]}` });

  const machine = await describeMachine();
  log(
    `${machine.date}: ${machine.leads.toLocaleString("en")} leads, ${machine.cpus} CPUs (nproc), load average ${machine.load}; ` +
      `API pid ${apis.map((server) => server.pid).join(", ")} (production mode, MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX ?? API_PROCESS_ENV.MALLOC_ARENA_MAX}), raw baseline pid ${raw.pid}, bare stack pid ${bare.pid}; ` +
      `${options.connections} connections, ${options.seconds} s per run after ${options.warmupSeconds} s warm-up.`,
  );

  await checkAnswers(pages, api, { raw, bare }, headersFor);

  const closed: ClosedLoopRow[] = [];
  if (options.modes.includes("closed")) {
    for (const page of pages) {
      const measure = (targets: BenchServer[]) => measureClosed(targets, [{ body: requestBody(page) }], headersFor(page));
      const row: ClosedLoopRow = { page: page.name, api: await measure([api]) };
      if (apis.length > 1) row.apiScaled = await measure(apis);
      if (page.raw) {
        row.raw = await measure([raw]);
        row.bare = await measure([bare]);
      }
      closed.push(row);
      log(`  ${page.name}: API ${count(row.api.reqPerSec)} req/s${row.raw ? `, raw ${count(row.raw.reqPerSec)} req/s, bare ${count(row.bare?.reqPerSec)} req/s` : ""}`);
    }
  }

  const open: OpenLoopRow[] = [];
  if (options.modes.includes("open")) {
    for (const page of pages.filter((candidate) => candidate.openLoop)) {
      const sides: { label: "API" | "raw"; targets: BenchServer[] }[] = [{ label: "API", targets: apis }];
      if (page.raw) sides.push({ label: "raw", targets: [raw] });
      for (const { label, targets } of sides) {
        const run = await measureOpen(targets, requestBody(page), headersFor(page));
        open.push({ page: page.name, server: label, ...run });
        log(`  ${page.name} at ${options.rate}/s, ${label}: p95 ${ms(run.latency.p95)} ms, ${run.dropped} dropped`);
      }
    }
  }

  let writes: WritesRow | null = null;
  if (runWrites) {
    const leadsPage = BENCH_PAGES.find((page) => page.operationName === "LeadsPage")!;
    const mix = writeMix({ readBody: requestBody(leadsPage), managerToken: tokens.manager, repTokens });
    const run = await measureClosed(apis, mix.requests, {}, mix.resetCounts);
    writes = { name: WRITES_NAME, run, counts: mix.counts };
  }

  printResults(machine, closed, open, writes);
}

function remember(server: BenchServer): BenchServer {
  servers.push(server);
  return server;
}

/** A warm-up (not counted: connections, plan caches and the JIT settle), then the measured run. */
async function measureClosed(
  targets: BenchServer[],
  requests: autocannon.Request[],
  headers: Record<string, string>,
  afterWarmup?: () => void,
): Promise<ServerRun> {
  const load = { urls: targets.map((server) => server.url), connections: options.connections, requests, headers };
  await waitUntilIdle(servers.map((server) => server.pid));
  await closedLoop({ ...load, seconds: options.warmupSeconds });
  afterWarmup?.();
  const usage = openUsageWindow(targets.map((server) => server.pid));
  const postgresUsage = postgresIsLocal ? openPostgresWindow() : null;
  const result = await closedLoop({ ...load, seconds: options.seconds });
  const { cpuMs, rssPeakMb } = usage.close();
  const answered = Math.max(1, result.answered);
  return { ...result, cpuMsPerRequest: cpuMs / answered, postgresCpuMsPerRequest: postgresUsage ? postgresUsage.close() / answered : Number.NaN, rssPeakMb };
}

async function measureOpen(targets: readonly BenchServer[], body: string, headers: Record<string, string>) {
  const load = { urls: targets.map((server) => server.url), body, headers, ratePerSecond: options.rate, connections: options.connections, timeoutMs: options.timeoutMs };
  const pids = targets.map((server) => server.pid);
  await waitUntilIdle(servers.map((server) => server.pid));
  await openLoop({ ...load, seconds: options.warmupSeconds });
  await waitUntilIdle(pids);
  const usage = openUsageWindow(pids);
  const result = await openLoop({ ...load, seconds: options.seconds });
  const { cpuMs, rssPeakMb } = usage.close();
  return { ...result, cpuMsPerRequest: result.answered === 0 ? Number.NaN : cpuMs / result.answered, rssPeakMb };
}

/** Every page answers without errors, and each baseline exactly as the API: else nothing is measured. */
async function checkAnswers(toCheck: BenchPage[], api: BenchServer, baselines: Record<"raw" | "bare", BenchServer>, headersFor: (page: BenchPage) => Record<string, string>) {
  for (const page of toCheck) {
    const ask = async (server: BenchServer) => {
      const response = await fetch(`${server.url}/graphql`, { method: "POST", headers: headersFor(page), body: requestBody(page) });
      return (await response.json()) as { data?: unknown; errors?: { message: string }[] };
    };
    const fromApi = await ask(api);
    if (fromApi.errors || !fromApi.data) throw new Error(`${page.name}: the API answered ${JSON.stringify(fromApi.errors)}`);
    if (!page.raw) continue;
    for (const [name, baseline] of Object.entries(baselines)) {
      // `data` only: the API may add `extensions` (e.g. the query's cost), which is not the page.
      const differences = jsonDifferences(fromApi.data, (await ask(baseline)).data, { tolerances: ANSWER_TOLERANCES });
      if (differences.length > 0) {
        throw new Error(`${page.name}: the ${name} baseline's answer differs from the API's (API ≠ ${name}):\n  ${differences.join("\n  ")}`);
      }
    }
    log(`  ${page.name}: the raw and bare baselines answer the same JSON as the API.`);
  }
}

async function profile(page: BenchPage) {
  const directory = await mkdtemp(path.join(os.tmpdir(), "api-cpu-profile-"));
  const api = remember(await startApi({ databaseUrl: databaseUrl!, authSecret, cpuProfileDir: directory }));
  const tokens = await logins(api.url);
  log(`Profiling the API (pid ${api.pid}) under "${page.name}": ${options.connections} connections, ${options.seconds} s after a ${options.warmupSeconds} s warm-up (not counted).`);
  const headers = { "content-type": "application/json", authorization: `Bearer ${tokens[page.account]}` };
  const load = { urls: [api.url], connections: options.connections, requests: [{ body: requestBody(page) }], headers };
  await closedLoop({ ...load, seconds: options.warmupSeconds });
  const profiledFromMs = performance.now() - api.startedAt;
  const result = await closedLoop({ ...load, seconds: options.seconds });
  const exitCode = await stopServer(api);
  // --cpu-prof writes one profile per thread (a worker's too): the request path is the thread
  // that was busiest. The bundle holds the workspace's packages and the domain's dependencies
  // (luxon, libphonenumber-js, chinese-days), so their time counts as "project".
  const summaries: { file: string; summary: ProfileSummary }[] = [];
  for (const file of (await readdir(directory)).filter((name) => name.endsWith(".cpuprofile"))) {
    const profile = JSON.parse(await readFile(path.join(directory, file), "utf8")) as CpuProfile;
    summaries.push({ file: path.join(directory, file), summary: summariseProfile(profile, { fromMs: profiledFromMs }) });
  }
  const main = summaries.sort((a, b) => b.summary.busyMs - a.summary.busyMs)[0];
  if (!main) throw new Error(`The API (exit code ${exitCode}) wrote no .cpuprofile into ${directory}`);
  const summary = main.summary;
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  console.log(`\n${count(result.reqPerSec)} req/s while profiled (profiling slows the API); API stopped with exit code ${exitCode}.`);
  console.log(
    `Profile: ${main.file} (open it in Chrome DevTools or speedscope), ${count(summary.busyMs)} ms busy ` +
      `(the shares below are of it), ${count(summary.idleMs)} ms idle.\n`);
  console.log("Self time by package:\n");
  console.log(markdownTable(["package", "self ms", "share"], summary.byPackage.map((entry) => [entry.name, count(entry.selfMs), percent(entry.share)])));
  console.log("\nFunctions by self time:\n");
  console.log(
    markdownTable(
      ["function", "file:line", "self ms", "share"],
      summary.byFunction.map((entry) => [entry.name, entry.location!, count(entry.selfMs), percent(entry.share)]),
    ),
  );
  if (options.json) console.log(`\n${JSON.stringify({ page: page.name, reqPerSec: result.reqPerSec, profile: main.file, ...summary }, null, 2)}`);
}

async function logins(url: string): Promise<Record<BenchAccount, string>> {
  const entries = await Promise.all(Object.entries(BENCH_ACCOUNTS).map(async ([account, email]) => [account, await login(url, email)] as const));
  return Object.fromEntries(entries) as Record<BenchAccount, string>;
}

/** Signs in as a demo account (db:generate-large and db:seed create them; all share DEMO_PASSWORD). */
async function login(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query: `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
      variables: { email, password: DEMO_PASSWORD },
    }),
  });
  const body = (await response.json()) as { data?: { login: { token: string } }; errors?: { message: string }[] };
  if (!body.data) throw new Error(`Cannot log in as ${email} (${body.errors?.[0]?.message}): fill the database with pnpm db:generate-large first`);
  return body.data.login.token;
}

interface Machine {
  date: string;
  cpus: number;
  load: string;
  leads: number;
  postgres: string;
}

async function describeMachine(): Promise<Machine> {
  const sql = postgres(databaseUrl!, { max: 1, onnotice: () => {} });
  try {
    const [{ leads }] = await sql<[{ leads: number }]>`select count(*)::int as leads from leads`;
    const [{ version }] = await sql<[{ version: string }]>`select current_setting('server_version') as version`;
    return {
      date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
      cpus: os.availableParallelism(),
      load: os.loadavg().map((value) => value.toFixed(2)).join(", "),
      leads,
      postgres: version,
    };
  } finally {
    await sql.end();
  }
}

/** Progress goes to stderr, so `--json` output on stdout stays machine-readable after the tables. */
function log(line: string) {
  console.error(line);
}

function printResults(machine: Machine, closed: ClosedLoopRow[], open: OpenLoopRow[], writes: WritesRow | null) {
  const latency = (run: LoadResult | OpenLoopResult | undefined) => (run ? `${ms(run.latency.p50)} / ${ms(run.latency.p95)} / ${ms(run.latency.p99)}` : "–");
  const scaled = options.processes > 1;
  console.log(
    `\n${machine.date}, ${machine.cpus} CPUs, load average ${machine.load} at the start, PostgreSQL ${machine.postgres}, ` +
      `${machine.leads.toLocaleString("en")} leads. Latencies in ms; CPU is ms per answered request of the server's process.\n`,
  );
  if (closed.length > 0) {
    console.log(`Closed loop (autocannon, ${options.connections} connections, ${options.seconds} s):\n`);
    console.log(
      markdownTable(
        [
          "page",
          "API req/s",
          ...(scaled ? [`API ×${options.processes} req/s`] : []),
          "raw req/s",
          "API/raw",
          "bare req/s",
          "bare/raw",
          "API p50 / p95 / p99",
          "raw p50 / p95 / p99",
          "API CPU ms/req",
          "raw CPU ms/req",
          "bare CPU ms/req",
          "PostgreSQL CPU ms/req API / raw / bare",
          "API RSS peak MB (per process)",
          "errors API / raw / bare",
        ],
        closed.map((row) => [
          row.page,
          count(row.api.reqPerSec),
          ...(scaled ? [`${count(row.apiScaled?.reqPerSec)} (×${ratio(row.apiScaled?.reqPerSec, row.api.reqPerSec)})`] : []),
          count(row.raw?.reqPerSec),
          ratio(row.api.reqPerSec, row.raw?.reqPerSec),
          count(row.bare?.reqPerSec),
          ratio(row.bare?.reqPerSec, row.raw?.reqPerSec),
          latency(row.api),
          latency(row.raw),
          ms(row.api.cpuMsPerRequest),
          ms(row.raw?.cpuMsPerRequest),
          ms(row.bare?.cpuMsPerRequest),
          [row.api, row.raw, row.bare].map((run) => ms(run?.postgresCpuMsPerRequest)).join(" / "),
          count(Math.max(row.api.rssPeakMb, row.apiScaled?.rssPeakMb ?? 0)),
          `${count(row.api.errors + (row.apiScaled?.errors ?? 0))} / ${count(row.raw?.errors)} / ${count(row.bare?.errors)}`,
        ]),
      ),
    );
  }
  if (open.length > 0) {
    console.log(`\nOpen loop (${options.rate} requests/s due at fixed intervals, ${options.seconds} s, latency from due time, dropped: no answer within ${options.timeoutMs} ms):\n`);
    console.log(
      markdownTable(
        ["page", "server", "due", "answered", "p50 / p95 / p99", "dropped", "errors", "sent late", "CPU ms/answered", "RSS peak MB"],
        open.map((row) => [
          row.page,
          row.server === "API" && scaled ? `API ×${options.processes}` : row.server,
          count(row.due),
          count(row.answered),
          latency(row),
          count(row.dropped),
          count(row.errors),
          count(row.sentLate),
          ms(row.cpuMsPerRequest),
          row.server === "API" ? count(row.rssPeakMb) : "–",
        ]),
      ),
    );
  }
  if (writes) {
    const answered = writes.counts.answered;
    const total = answered.read + WRITE_KINDS.reduce((sum, kind) => sum + answered[kind], 0);
    const perSecond = (n: number) => count((writes.run.reqPerSec * n) / Math.max(1, total));
    console.log(`\nWrites among reads (closed loop, ${options.connections} connections${scaled ? `, API ×${options.processes}` : ""}, ${options.seconds} s):\n`);
    console.log(
      markdownTable(
        ["mix", "req/s", "reads/s", "captures/s", "assessments/s", "completions/s", "p50 / p95 / p99", "failed (read/capture/assess/complete)", "API CPU ms/req", "API RSS peak MB"],
        [
          [
            writes.name,
            count(writes.run.reqPerSec),
            perSecond(answered.read),
            perSecond(answered.capture),
            perSecond(answered.assess),
            perSecond(answered.complete),
            latency(writes.run),
            [writes.counts.failed.read, ...WRITE_KINDS.map((kind) => writes.counts.failed[kind])].join(" / "),
            ms(writes.run.cpuMsPerRequest),
            count(writes.run.rssPeakMb),
          ],
        ],
      ),
    );
  }
  if (options.json) console.log(`\n${JSON.stringify({ machine, options, closed, open, writes }, null, 2)}`);
}
