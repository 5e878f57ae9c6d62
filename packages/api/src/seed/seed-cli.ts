import "reflect-metadata";
import { readDatabaseConfig } from "../config.ts";
import { openDatabase } from "../db/database.ts";
import { decideDemoSeed, demoSeedRequested } from "./demo-seed-policy.ts";
import { DEMO_PASSWORD, seedDemoData } from "./seed-demo-data.ts";

// Usage: pnpm db:seed [--leads N] [--demo]   (or SEED_LEADS=N, SEED_DEMO=1); default 2,000 leads.
// Into the embedded database as is; into PostgreSQL only with --demo; never under
// NODE_ENV=production (seed/demo-seed-policy.ts). `pnpm start` runs it with --on-start.
const config = readDatabaseConfig();
const decision = decideDemoSeed({
  production: process.env.NODE_ENV === "production",
  driver: config.driver,
  requested: demoSeedRequested(process.env, process.argv),
  onStart: process.argv.includes("--on-start"),
});
if (decision.action !== "SEED") {
  console[decision.action === "REFUSE" ? "error" : "log"](decision.reason);
  process.exit(decision.action === "REFUSE" ? 1 : 0);
}
const leadCount = readLeadCount();
if (config.driver === "pglite" && leadCount > 20_000) {
  console.warn(`Seeding ${leadCount.toLocaleString("en")} leads into PGlite will be slow: large seeds are meant for PostgreSQL (set DATABASE_URL).`);
}
const database = openDatabase(config);
await database.migrate();

const started = Date.now();
let lastReport = 0;
/** At most one line a second, and always the last one. */
const reporter = (what: string) => (done: number, total: number) => {
  if (done === total || Date.now() - lastReport > 1_000) {
    lastReport = Date.now();
    console.log(`Seeding ${what}: ${done.toLocaleString("en")} / ${total.toLocaleString("en")} (${Math.floor((done / total) * 100)}%)`);
  }
};
const summary = await seedDemoData(database.db, {
  leadCount,
  now: new Date(),
  onProgress: reporter("leads"),
  onPipelineProgress: reporter("opportunities"),
});
await database.close();

const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `Seeded ${summary.leadsCreated.toLocaleString("en")} new leads (${summary.leadsAlreadyThere.toLocaleString("en")} were already there) and ` +
    `${summary.opportunitiesOpened.toLocaleString("en")} new opportunities (${summary.opportunitiesAlreadyThere.toLocaleString("en")} were already there) ` +
    `on ${database.driver} in ${seconds}s.`,
);
console.log(`\nDemo accounts (password for all: ${DEMO_PASSWORD}):`);
for (const account of summary.accounts) {
  console.log(`  ${account.role.padEnd(8)} ${account.email.padEnd(34)} ${account.team ?? "all teams"}`);
}

function readLeadCount(): number {
  const flag = process.argv.indexOf("--leads");
  const raw = flag >= 0 ? process.argv[flag + 1] : process.env.SEED_LEADS;
  if (raw === undefined) return 2_000;
  const count = Number(raw.replaceAll("_", ""));
  if (!Number.isInteger(count) || count < 0 || count > 5_000_000) {
    console.error(`The lead count must be a whole number from 0 to 5,000,000, got "${raw}".`);
    process.exit(1);
  }
  return count;
}
