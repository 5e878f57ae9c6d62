import "reflect-metadata";
import { randomBytes, randomInt } from "node:crypto";
import { numberArg } from "../bench/bench-args.ts";
import { openDatabase } from "../src/db/database.ts";
import { createLogger } from "../src/logging/logger.ts";
import { buildAppSchema } from "../src/schema/build-schema.ts";
import { seedDemoData } from "../src/seed/seed-demo-data.ts";
import { createServer } from "../src/server.ts";
import { ACTING_ACCOUNTS, signInToDemoAccounts } from "./fuzz-accounts.ts";
import { readFuzzPools } from "./fuzz-pools.ts";
import { describeFailure, formatReport } from "./fuzz-report.ts";
import { runFuzz } from "./fuzz-run.ts";
import { FUZZ_START, steppingClock } from "./fuzz-clock.ts";

// Usage: pnpm fuzz [--requests 4000] [--seed N] [--leads 300]
// Starts a fresh production-mode API on an in-memory PGlite with the demo data, sends it
// generated operations for every Query and Mutation field as every role and anonymously, and
// fails when any answer is an internal error, an HTTP 5xx, not JSON, or missing. The same seed
// (and counts) replays the same run; the seed is printed first for that.
const requests = numberArg("--requests", 4_000);
const seed = numberArg("--seed", randomInt(1, 2 ** 31));
const leadCount = numberArg("--leads", 300);
console.log(`Fuzz seed ${seed}: replay with pnpm fuzz --seed ${seed} --requests ${requests} --leads ${leadCount}`);

const database = openDatabase({ driver: "pglite", dataDir: null });
await database.migrate();
await seedDemoData(database.db, { leadCount, now: FUZZ_START });

// The server answers as in production (internal errors masked); its log keeps what each was.
const serverErrors = new Map<string, string>();
const logger = createLogger(
  { level: "error", production: false },
  {
    write(line: string) {
      const parsed = JSON.parse(line) as { requestId?: string };
      if (parsed.requestId) serverErrors.set(parsed.requestId, line.trim());
    },
  },
);
const server = await createServer({
  config: {
    production: true,
    bodyLimitBytes: 16 * 1024 * 1024,
    corsOrigins: [],
    requestTimeoutMs: 15_000,
    trustProxy: ["loopback"],
    auth: { secret: randomBytes(32).toString("base64url"), sessionTtlMs: 12 * 3_600_000 },
  },
  database,
  clock: steppingClock(FUZZ_START, 1_000),
  logger,
});
const running = await server.listen(0, "127.0.0.1");

let lastProgress = 0;
const report = await runFuzz({
  url: running.url,
  schema: await buildAppSchema(),
  seed,
  requests,
  pools: await readFuzzPools(database.db, { actingEmails: Object.values(ACTING_ACCOUNTS) }),
  signIn: signInToDemoAccounts(running.url),
  onProgress: (done, total) => {
    if (done === total || Date.now() - lastProgress > 2_000) {
      lastProgress = Date.now();
      console.log(`  ${done} / ${total} requests`);
    }
  },
});
await running.stop();
await database.close();

console.log(`\n${formatReport(report)}`);
for (const failure of report.failures) {
  console.log(`\n${describeFailure(failure)}`);
  const logged = serverErrors.get(failure.requestId);
  if (logged) console.log(`  server log: ${logged}`);
}
if (report.failures.length > 0) console.log(`\nReplay: pnpm fuzz --seed ${seed} --requests ${requests} --leads ${leadCount}`);
process.exit(report.failures.length > 0 ? 1 : 0);
