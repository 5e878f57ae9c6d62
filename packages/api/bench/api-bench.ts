import "reflect-metadata";
import { sql } from "drizzle-orm";
import { readConfig } from "../src/config.ts";
import { numberArg } from "./bench-args.ts";
import { boundStatement } from "../src/db/bound-statement.ts";
import { countRows } from "../src/db/count.ts";
import { openDatabase } from "../src/db/database.ts";
import { rawRows } from "../src/db/raw-rows.ts";
import { DEMO_PASSWORD } from "../src/seed/seed-demo-data.ts";
import { leads } from "../src/leads/lead.table.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer } from "../src/server.ts";

// Usage: DATABASE_URL=postgres://… pnpm bench [--clients 50] [--seconds 15]
// Prints latency percentiles and throughput for the API's read paths against a database seeded
// with the demo data (e.g. `pnpm db:seed --leads 100000`): the clients sign in as the seeded
// demo users, spread over several rep and manager accounts. A benchmark, not a test: figures
// vary with the machine, so nothing here passes or fails.
const clients = numberArg("--clients", 50);
const seconds = numberArg("--seconds", 15);
const config = readConfig();
if (config.database.driver !== "postgres") {
  console.error("Set DATABASE_URL: the benchmark measures the API on PostgreSQL.");
  process.exit(1);
}

// Statements are recorded only while `recording` is set: the EXPLAIN below replays one.
let recording: { query: string; params: unknown[] }[] | null = null;
const database = openDatabase(
  { ...config.database, maxConnections: Math.max(10, clients / 2) },
  { onQuery: (query, params) => recording?.push({ query, params }) },
);
const server = await createServer({ config, database, logger: createLogger({ level: "silent", production: config.production }) });
const running = await server.listen(0, "127.0.0.1");

interface GraphqlBody {
  data?: Record<string, unknown> | null;
  errors?: { message: string }[];
}

async function post(query: string, variables: Record<string, unknown>, token?: string): Promise<{ ok: boolean; body: GraphqlBody }> {
  const res = await fetch(`${running.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphqlBody;
  return { ok: res.ok && !body.errors, body };
}

/** Signs in as a seeded demo account (the seed prints them; all share DEMO_PASSWORD). */
async function login(email: string): Promise<string> {
  const { ok, body } = await post(
    `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`,
    { email, password: DEMO_PASSWORD },
  );
  if (!ok) {
    console.error(`Cannot log in as ${email} (${body.errors?.[0]?.message}). Seed the database first: pnpm db:seed --leads 100000`);
    process.exit(1);
  }
  return (body.data!.login as { token: string }).token;
}

const managers = await Promise.all(["manager.east", "manager.south"].map((key) => login(`${key}@demo.example.com`)));
const reps = await Promise.all(
  ["east", "south"].flatMap((team) => [1, 2, 3].map((n) => login(`rep${n}.${team}@demo.example.com`))),
);
const analyst = await login("analyst@demo.example.com");
const reviewers = await Promise.all(["east", "south"].map((team) => login(`reviewer.${team}@demo.example.com`)));

const LEADS_PAGE = /* GraphQL */ `
  query LeadsPage($first: Int!) {
    leads(first: $first) {
      edges { node { id companyName tier owner { displayName } latestAssessment { tier } nextFollowUp { dueAt kind } historyCount } }
    }
  }
`;
const SEARCH = /* GraphQL */ `
  query Search($search: String!) {
    leads(first: 50, filter: { search: $search }) { edges { node { id companyName contactName phone owner { displayName } } } }
  }
`;

interface Scenario {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  /** Client i signs in with tokens[i % tokens.length]. */
  tokens: string[];
}

/** The scenarios, run one after another; add new read paths here. */
const scenarios: Scenario[] = [
  { name: "leads page as a manager (first: 50, owner, latestAssessment, nextFollowUp, historyCount)", query: LEADS_PAGE, variables: { first: 50 }, tokens: managers },
  { name: "leads page as a rep (the same page)", query: LEADS_PAGE, variables: { first: 50 }, tokens: reps },
  { name: "search 华为 as an analyst (first: 50, masked contacts)", query: SEARCH, variables: { search: "华为" }, tokens: [analyst] },
  { name: "search 恒信, a common brand, as an analyst", query: SEARCH, variables: { search: "恒信" }, tokens: [analyst] },
  {
    name: "leads totalCount, tier A, as a manager",
    query: `{ leads(first: 1, filter: { tier: [A] }) { totalCount } }`,
    variables: {},
    tokens: managers,
  },
  {
    name: "followUpQueue as a rep (first: 50)",
    query: `query($first: Int!) { followUpQueue(first: $first) { edges { node { id dueAt kind channel isOverdue bucket lead { companyName } } } } }`,
    variables: { first: 50 },
    tokens: reps,
  },
  {
    name: "pipeline page as a manager (opportunities first: 50 with lead, owner, latest proposal version, pending reviews)",
    query: `query($first: Int!) { opportunities(first: $first) { edges { node { id name stage estimatedValue { amount currency } lead { companyName } owner { displayName } latestProposalVersion { number status } pendingReviews { department reviewer { displayName } } } } } }`,
    variables: { first: 50 },
    tokens: managers,
  },
  {
    name: "review queue as a reviewer (first: 50, with each version's total)",
    query: `{ reviewQueue(first: 50) { id department requestedAt waitedMs version { number content { pricing { totals { totalWithVat { amount } } } } } } }`,
    variables: {},
    tokens: reviewers,
  },
];

const [leadCount] = await database.db.select({ n: countRows() }).from(leads);
console.log(`${leadCount!.n.toLocaleString("en")} leads; ${clients} concurrent clients, ${seconds}s per scenario.\n`);

/** Runs `clients` concurrent clients, each sending the scenario's request again as soon as it is answered. */
async function drive(scenario: Scenario, milliseconds: number) {
  const latencies: number[] = [];
  let failures = 0;
  let firstError: string | undefined;
  const deadline = Date.now() + milliseconds;
  const client = async (i: number) => {
    const token = scenario.tokens[i % scenario.tokens.length];
    while (Date.now() < deadline) {
      const begin = performance.now();
      const { ok, body } = await post(scenario.query, scenario.variables, token);
      latencies.push(performance.now() - begin);
      if (!ok) {
        failures++;
        firstError ??= body.errors?.[0]?.message ?? "HTTP error";
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
  return { latencies, failures, firstError, elapsed: (performance.now() - started) / 1000 };
}

for (const scenario of scenarios) {
  // Warm-up, not counted: connections, the planner's caches and the JIT settle first.
  await drive(scenario, Math.min(3_000, seconds * 200));
  const { latencies, failures, firstError, elapsed } = await drive(scenario, seconds * 1000);
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `${scenario.name}: ${latencies.length} requests → ${(latencies.length / elapsed).toFixed(0)} req/s, ` +
      `p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ${failures} failed${firstError ? ` (${firstError})` : ""}`,
  );
}

// The plan of the search statement exactly as the API sends it, run once more under EXPLAIN
// ANALYZE: at this size the bigram GIN index (leads_search_grams_idx) should serve it.
recording = [];
await post(SEARCH, { search: "华为" }, analyst);
const searchStatement = recording.find((statement) => statement.query.includes("sales_search_bigrams"));
recording = null;
if (searchStatement) {
  const plan = await rawRows<{ "QUERY PLAN": string }>(
    database.db,
    sql`explain (analyze, buffers) ${boundStatement(searchStatement.query, searchStatement.params)}`,
  );
  console.log(`\nPlan of the search for 华为 as an analyst (EXPLAIN ANALYZE of the statement the API sent):`);
  for (const row of plan) console.log(`  ${row["QUERY PLAN"]}`);
}

await running.stop();
await database.close();
