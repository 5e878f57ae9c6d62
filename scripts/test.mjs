// The README's test command: the whole Vitest suite on PGlite, and on PostgreSQL too when a
// server answers. Ends with one summary line, "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import postgres from "postgres";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const required = process.env.REQUIRE_POSTGRES === "1";

const postgresAnswers = await canConnect(serverUrl);
if (!postgresAnswers && required) {
  console.error(`REQUIRE_POSTGRES=1 but PostgreSQL at ${redact(serverUrl)} does not answer.`);
  process.exit(1);
}

const resultsDir = path.join(root, ".test-results");
mkdirSync(resultsDir, { recursive: true });
const resultsFile = path.join(resultsDir, "vitest.json");
const args = ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${resultsFile}`];
const env = { ...process.env };
if (postgresAnswers) {
  env.TEST_POSTGRES_URL = serverUrl;
} else {
  // Without it, the projects' configs leave out the *.postgres.test.ts entries.
  delete env.TEST_POSTGRES_URL;
}
process.argv.slice(2).forEach((arg) => args.push(arg));

const run = spawnSync("npx", args, { cwd: root, env, stdio: "inherit" });

const databases = postgresAnswers
  ? `Databases: PGlite and PostgreSQL at ${redact(serverUrl)}.`
  : `Databases: PGlite only. PostgreSQL at ${redact(serverUrl)} did not answer, so the *.postgres.test.ts files did not run (set TEST_POSTGRES_URL to point at a server).`;
console.log(`\n${databases}`);
const { passed, failed } = readCounts(resultsFile);
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status === 0 && failed === 0 ? 0 : 1);

async function canConnect(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 }).catch(() => {});
  }
}

function readCounts(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    // A file that failed outside any test (an import, a beforeAll) counts as one failure, or
    // it would read as green.
    const brokenFiles = report.testResults.filter(
      (r) => r.status === "failed" && !r.assertionResults.some((a) => a.status === "failed"),
    ).length;
    return { passed: report.numPassedTests, failed: report.numFailedTests + brokenFiles };
  } catch {
    return { passed: 0, failed: 1 };
  }
}

function redact(url) {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = "***";
  return parsed.toString();
}
