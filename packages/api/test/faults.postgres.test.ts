import { inArray, like } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ErrorCode } from "../src/errors/app-error.ts";
import { leads } from "../src/leads/lead.table.ts";
import { startApiProcess, type ApiProcess } from "./support/api-process.ts";
import { createTeam, createUser, FIXTURE_PASSWORD, TEST_AUTH_SECRET } from "./support/fixtures.ts";
import { withDatabase } from "./support/postgres-global-setup.ts";
import { startTcpProxy, type TcpProxy } from "./support/tcp-proxy.ts";
import { useTestDatabase } from "./support/test-database.ts";

// Real PostgreSQL only: the faults are a server ending the API's connections and going away,
// which the embedded database, inside the API's own process, cannot do.

const CAPTURE = `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
/** The API's connections, told from this test's own by their application name. */
const APPLICATION = "sales-api-fault-test";
/** Clients sending captures back to back, as many as the API has connections. */
const CLIENTS = 4;
const TERMINATIONS = 6;
const COMPANY_PREFIX = "断连测试";

interface Outcome {
  companyName: string;
  /** The lead an acknowledged capture created (data, no errors); null when it failed. */
  leadId: string | null;
  codes: unknown[];
  retryable: unknown[];
  status: number;
}

describe("PostgreSQL lost under load (issue 10, faults)", () => {
  const database = useTestDatabase("postgres");
  let proxy: TcpProxy | undefined;
  let api: ApiProcess | undefined;
  let admin: postgres.Sql | undefined;
  let token: string;

  beforeAll(async () => {
    const rep = await createUser(database.handle.db, { role: "REP", teamId: (await createTeam(database.handle.db)).id });
    // The API reaches the database through a relay the test can take away (the shared server
    // cannot be restarted): its connections cut and new ones refused, as while a server restarts.
    const url = new URL(database.url!);
    proxy = await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.host = `127.0.0.1:${proxy.port}`;
    url.searchParams.set("application_name", APPLICATION);
    api = await startApiProcess({ NODE_ENV: "production", AUTH_SECRET: TEST_AUTH_SECRET, DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: String(CLIENTS), LOG_LEVEL: "fatal" });
    const login = await api.graphql<{ login: { token: string } }>(LOGIN, { email: rep.email, password: FIXTURE_PASSWORD });
    if (!login.data) throw new Error(`Login failed: ${JSON.stringify(login.errors)}`);
    token = login.data.login.token;
    admin = postgres(withDatabase(database.url!, "postgres"), { max: 1, onnotice: () => {} });
  });
  afterAll(async () => {
    api?.child.kill("SIGKILL");
    await proxy?.close();
    await admin?.end();
  });

  it("stays up through terminated backends and an outage, answers /healthz 503 meanwhile, recovers by itself, and keeps every acknowledged capture", async ({ annotate }) => {
    const running = api!;
    const relay = proxy!;
    const outcomes: Outcome[] = [];
    let stop = false;
    let sequence = 0;
    let unanswered: unknown = null;
    const acknowledged = () => outcomes.filter((o) => o.leadId !== null).length;
    const health = async () => (await fetch(`${running.url}/healthz`)).status;

    const client = async () => {
      while (!stop) {
        sequence += 1;
        const companyName = `${COMPANY_PREFIX}${sequence}号有限公司`;
        const input = { companyName, contactName: "王伟", email: `wang.wei.${sequence}@faults.example.com`, channel: "TRADE_SHOW" };
        try {
          const res = await running.graphql<{ captureLead: { lead: { id: string } } }>(CAPTURE, { input }, token);
          const errors = res.errors ?? [];
          outcomes.push({
            companyName,
            leadId: errors.length === 0 ? (res.data?.captureLead.lead.id ?? null) : null,
            codes: errors.map((e) => e.extensions?.code),
            retryable: errors.map((e) => e.extensions?.retryable),
            status: res.status,
          });
        } catch (error) {
          // No answer at all: the process is gone (the crash this test is about).
          unanswered = error;
          stop = true;
        }
      }
    };
    const until = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!(await check())) {
        if (unanswered !== null) throw new Error(`The API stopped answering while waiting for ${what}:\n${running.output().slice(-3000)}`);
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };

    const clients = Array.from({ length: CLIENTS }, client);
    await until("the first captures", () => acknowledged() >= 20);
    for (let round = 0; round < TERMINATIONS; round++) {
      const [ended] = await admin!<{ terminated: number }[]>`
        select count(pg_terminate_backend(pid))::int as terminated from pg_stat_activity where application_name = ${APPLICATION}`;
      expect(ended!.terminated).toBeGreaterThan(0);
      const before = acknowledged();
      await until("captures after backends were terminated", () => acknowledged() >= before + 10);
    }

    await relay.down();
    await until("/healthz to answer 503 while the database is away", async () => (await health()) === 503);
    const answeredBeforeOutage = outcomes.length;
    await until("captures to be answered during the outage", () => outcomes.length >= answeredBeforeOutage + CLIENTS);
    expect(await health()).toBe(503);
    await relay.up();
    const upAt = performance.now();
    await until("/healthz to answer 200 again", async () => (await health()) === 200);
    const recoveredMs = Math.round(performance.now() - upAt);
    const before = acknowledged();
    await until("captures after the database came back", () => acknowledged() >= before + 20);
    stop = true;
    await Promise.all(clients);

    expect(unanswered).toBeNull();
    expect(running.child.exitCode).toBeNull();
    const failed = outcomes.filter((o) => o.leadId === null);
    expect(failed.length).toBeGreaterThan(0);
    for (const outcome of failed) {
      expect(outcome, outcome.companyName).toMatchObject({ codes: [ErrorCode.DATABASE_UNAVAILABLE], retryable: [true], status: 503 });
    }

    // Every acknowledged capture is stored; a failed one may be too (it committed, then reading
    // the lead back lost the connection), which is why a write is retried with its idempotencyKey.
    const acknowledgedIds = outcomes.flatMap((o) => (o.leadId === null ? [] : [o.leadId]));
    const storedAcknowledged = await database.handle.db.select({ id: leads.id }).from(leads).where(inArray(leads.id, acknowledgedIds));
    expect(storedAcknowledged).toHaveLength(acknowledgedIds.length);
    const stored = await database.handle.db.select({ companyName: leads.companyName }).from(leads).where(like(leads.companyName, `${COMPANY_PREFIX}%`));
    const storedNames = stored.map((row) => row.companyName);
    expect(new Set(storedNames).size).toBe(storedNames.length);
    const sentNames = new Set(outcomes.map((o) => o.companyName));
    expect(storedNames.filter((name) => !sentNames.has(name))).toEqual([]);

    const savedAnyway = failed.filter((o) => storedNames.includes(o.companyName)).length;
    await annotate(
      `${outcomes.length} captures: ${acknowledgedIds.length} acknowledged (all stored), ${failed.length} DATABASE_UNAVAILABLE (${savedAnyway} of them stored); ` +
        `${TERMINATIONS} rounds of pg_terminate_backend; /healthz 200 again ${recoveredMs} ms after the database came back`,
    );
  }, 60_000);
});
