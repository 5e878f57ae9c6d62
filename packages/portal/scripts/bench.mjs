// The portal's weight and speed (issue 11): `pnpm portal:bench` from the repository root.
//  1. builds the portal when stale (scripts/build.mjs --if-stale);
//  2. measures the JavaScript each page loads at once and what it imports lazily, gzipped
//     (scripts/js-weight.mjs), against the budget of 150 KB gzipped per page;
//  3. seeds a throwaway embedded database with the demo data, starts the real API serving the
//     build under NODE_ENV=production (compressed assets, production React), signs in as the
//     demo manager through /graphql and runs Lighthouse (from npm) with that session cookie on
//     Debian's Chromium against the board, the reports and the follow-up queue, for a desktop
//     and a mobile visitor, printing the performance and accessibility scores (goal: ≥ 95).
// Exits 1 when a figure misses its goal. Options: --no-build (measure dist/ as it is), --skip-lighthouse, --desktop-only, --json,
// --save-reports (Lighthouse's JSON reports into a temporary folder, named at the end).
// CHROMIUM_PATH overrides /usr/bin/chromium. Nothing leaves the machine: Lighthouse reports no
// errors anywhere, the API and the browser talk over 127.0.0.1 only.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { kb, measureJs, weightTable } from "./js-weight.mjs";

const portalDir = path.resolve(import.meta.dirname, "..");
const apiDir = path.resolve(portalDir, "../api");
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const args = new Set(process.argv.slice(2));
const JS_BUDGET = 150 * 1024;
const SCORE_GOAL = 95;
const MANAGER = "manager.east@demo.example.com";
/** The pages Lighthouse opens, signed in as the demo manager. */
const PAGES = ["/zh/pipeline/", "/zh/reports/", "/zh/follow-ups/"];
const FORM_FACTORS = args.has("--desktop-only") ? ["desktop"] : ["desktop", "mobile"];
/** --save-reports: every Lighthouse report as JSON, for a look at what cost the points. */
const reportsDir = args.has("--save-reports") ? mkdtempSync(path.join(tmpdir(), "portal-lighthouse-")) : null;

if (!args.has("--no-build")) {
  const build = spawnSync(process.execPath, [path.join(portalDir, "scripts/build.mjs"), "--if-stale"], { stdio: "inherit" });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const weights = measureJs();
console.log(`\nJavaScript per page (budget: < ${kb(JS_BUDGET)} gzipped at load):\n\n${weightTable(weights)}\n`);
const overweight = weights.filter((row) => row.initial.gzip >= JS_BUDGET);

const scores = [];
if (!args.has("--skip-lighthouse")) {
  if (!existsSync(chromium)) {
    console.error(`No Chromium at ${chromium} (apt-get install chromium fonts-noto-cjk, or set CHROMIUM_PATH).`);
    process.exit(1);
  }
  const dataDir = mkdtempSync(path.join(tmpdir(), "portal-bench-"));
  let api;
  try {
    console.log("Seeding a throwaway database and starting the API (NODE_ENV=production) …");
    await run(process.execPath, ["--import", "tsx", "src/seed/seed-cli.ts", "--leads", "400"], { cwd: apiDir, env: apiEnv({ PGLITE_DATA_DIR: dataDir }) });
    const port = await freePort();
    api = await startApi({ PGLITE_DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", NODE_ENV: "production", AUTH_SECRET: randomBytes(32).toString("hex"), LOG_LEVEL: "warn" });
    const origin = `http://127.0.0.1:${port}`;
    const cookie = await signIn(origin, MANAGER);
    for (const page of PAGES) {
      for (const formFactor of FORM_FACTORS) {
        const result = await lighthouse(`${origin}${page}`, formFactor, cookie);
        scores.push({ page, formFactor, ...result });
        console.log(`  ${page} (${formFactor}): performance ${result.performance}, accessibility ${result.accessibility}`);
      }
    }
  } finally {
    api?.kill("SIGTERM");
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`\nLighthouse ${lighthouseVersion()} on ${chromium}, signed in as ${MANAGER} (goal: ≥ ${SCORE_GOAL}):\n`);
  console.log("| page | form factor | performance | accessibility | LCP | TBT | CLS |\n|---|---|---|---|---|---|---|");
  for (const s of scores) console.log(`| \`${s.page}\` | ${s.formFactor} | ${s.performance} | ${s.accessibility} | ${s.lcp} | ${s.tbt} | ${s.cls} |`);
  console.log("");
}

const missed = [
  ...overweight.map((row) => `${row.page} loads ${kb(row.initial.gzip)} of JavaScript gzipped`),
  ...scores.filter((s) => s.performance < SCORE_GOAL).map((s) => `${s.page} (${s.formFactor}) performance ${s.performance}`),
  ...scores.filter((s) => s.accessibility < SCORE_GOAL).map((s) => `${s.page} (${s.formFactor}) accessibility ${s.accessibility}`),
];
if (args.has("--json")) console.log(JSON.stringify({ weights, scores }, null, 2));
if (reportsDir) console.log(`Lighthouse's reports: ${reportsDir}`);
if (missed.length > 0) {
  console.error(`Missed: ${missed.join("; ")}.`);
  process.exit(1);
}
console.log("Every page is within the JavaScript budget and every score reaches the goal.");

/** The API's environment: the caller's, without Vitest's or anyone's database choice. */
function apiEnv(extra) {
  const { NODE_ENV: _mode, DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, ...inherited } = process.env;
  return { ...inherited, ...extra };
}

/** Runs a command to its end: its standard output, or an error with the end of what it printed. */
function run(command, commandArgs, options, { allowFailure = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArgs, options);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("exit", (code) => {
      if (code === 0 || allowFailure) resolve(stdout);
      else reject(new Error(`${commandArgs.slice(0, 2).join(" ")} failed (${code}):\n${(stderr || stdout).slice(-2000)}`));
    });
  });
}

async function startApi(env) {
  await run(process.execPath, ["--import", "tsx", "scripts/build-api.ts"], { cwd: apiDir, env: apiEnv(env) });
  const child = spawn(process.execPath, ["dist/main.js"], { cwd: apiDir, env: apiEnv(env) });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The API exited before it was ready:\n${output}`);
    const ready = await fetch(`http://127.0.0.1:${env.PORT}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return child;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill("SIGKILL");
  throw new Error(`The API did not answer within a minute:\n${output}`);
}

/** Logs in as the portal does (no token selected) and returns the session cookie the API set. */
async function signIn(origin, email) {
  const response = await fetch(`${origin}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { expiresAt } }", variables: { email, password: "demo-2026" } }),
  });
  const body = await response.json();
  const cookie = response.headers.getSetCookie().find((header) => header.startsWith("sales_session="));
  if (!cookie || body.errors) throw new Error(`Could not sign in as ${email}: ${JSON.stringify(body.errors)}`);
  return cookie.split(";")[0];
}

/** One Lighthouse run (its CLI, a Chromium of its own) with the session cookie on every request. */
async function lighthouse(url, formFactor, cookie) {
  const cli = path.join(portalDir, "node_modules/lighthouse/cli/index.js");
  const flags = ["--headless=new", "--no-first-run", "--disable-sync", ...(process.getuid?.() === 0 ? ["--no-sandbox"] : [])];
  const output = await run(
    process.execPath,
    [
      cli,
      url,
      `--chrome-path=${chromium}`,
      `--chrome-flags=${flags.join(" ")}`,
      `--extra-headers=${JSON.stringify({ Cookie: cookie })}`,
      "--only-categories=performance,accessibility",
      ...(formFactor === "desktop" ? ["--preset=desktop"] : []),
      "--output=json",
      "--output-path=stdout",
      "--quiet",
      "--no-enable-error-reporting",
    ],
    { cwd: portalDir, env: process.env },
    // It exits non-zero when the page fails to load, and says why in the report.
    { allowFailure: true },
  );
  const report = JSON.parse(output.slice(output.indexOf("{")));
  if (reportsDir) writeFileSync(path.join(reportsDir, `${new URL(url).pathname.replaceAll("/", "_")}${formFactor}.json`), JSON.stringify(report));
  if (report.runtimeError) throw new Error(`Lighthouse could not audit ${url}: ${report.runtimeError.message}`);
  // A page that sent Lighthouse to sign-in measured the wrong page.
  if (new URL(report.finalDisplayedUrl).pathname !== new URL(url).pathname) throw new Error(`Lighthouse ended at ${report.finalDisplayedUrl}, not ${url}: was the session cookie refused?`);
  const score = (category) => Math.round(report.categories[category].score * 100);
  const audit = (id) => report.audits[id]?.displayValue ?? "–";
  return { performance: score("performance"), accessibility: score("accessibility"), lcp: audit("largest-contentful-paint"), tbt: audit("total-blocking-time"), cls: audit("cumulative-layout-shift") };
}

function lighthouseVersion() {
  return spawnSync(process.execPath, [path.join(portalDir, "node_modules/lighthouse/cli/index.js"), "--version"], { encoding: "utf8" }).stdout.trim();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
