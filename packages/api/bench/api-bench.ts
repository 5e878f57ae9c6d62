import "reflect-metadata";
import { readConfig } from "../src/config.ts";
import { openDatabase } from "../src/db/database.ts";
import { createServer } from "../src/server.ts";

// Usage: DATABASE_URL=postgres://… pnpm bench [--clients 50] [--seconds 15]
// Prints latency percentiles and throughput for the API's read paths against a seeded database
// (seed it first, e.g. `pnpm db:seed --leads 100000`). A benchmark, not a test: figures vary
// with the machine, so nothing here passes or fails.
const clients = numberArg("--clients", 50);
const seconds = numberArg("--seconds", 15);
const config = readConfig();
if (config.database.driver !== "postgres") {
  console.error("Set DATABASE_URL: the benchmark measures the API on PostgreSQL.");
  process.exit(1);
}
const database = openDatabase({ ...config.database, maxConnections: Math.max(10, clients / 2) });
const server = await createServer({ config, database, log: () => {} });
const running = await server.listen(0, "127.0.0.1");

const scenarios: { name: string; query: string }[] = [
  {
    name: "leads page (first: 50, owner, latest assessment, next follow-up)",
    query: `{ leads(first: 50) { edges { node { id companyName tier owner { displayName } latestAssessment { tier } nextFollowUp { dueAt } } } } }`,
  },
  { name: "leads totalCount, tier A", query: `{ leads(first: 1, filter: { tier: [A] }) { totalCount } }` },
];

for (const scenario of scenarios) {
  const latencies: number[] = [];
  let failures = 0;
  const deadline = Date.now() + seconds * 1000;
  const client = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const res = await fetch(`${running.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: scenario.query }),
      });
      const body = (await res.json()) as { errors?: unknown };
      if (!res.ok || body.errors) failures++;
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))]!.toFixed(1);
  console.log(
    `${scenario.name}: ${clients} clients, ${latencies.length} requests in ${seconds}s → ` +
      `${(latencies.length / seconds).toFixed(0)} req/s, p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, ${failures} failed`,
  );
}

await running.stop();
await database.close();

function numberArg(flag: string, fallback: number): number {
  const index = process.argv.indexOf(flag);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
}
