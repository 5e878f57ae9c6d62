// Issue 9, read replicas: with DATABASE_REPLICA_URLS set, report statements go to the replica
// pool and writes stay on the primary. The "replica" here is a second connection pool onto the
// test database, told apart by the role each statement is logged under. PostgreSQL only: the
// embedded database has no replicas (config refuses DATABASE_REPLICA_URLS without DATABASE_URL).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type DatabaseHandle, type DatabaseRole } from "../src/db/database.ts";
import { createLogger } from "../src/logging/logger.ts";
import { createServer, type RunningServer } from "../src/server.ts";
import { TEST_AUTH_SECRET, tokenFor } from "./support/fixtures.ts";
import { FIXTURE_NOW, FIXTURE_PERIOD, loadReportFixture, type ReportFixture } from "./support/report-fixture.ts";
import { useTestDatabase } from "./support/test-database.ts";

const database = useTestDatabase("postgres");

describe("report queries on read replicas", () => {
  let handle: DatabaseHandle;
  let running: RunningServer;
  let fixture: ReportFixture;
  let sent: { query: string; role: DatabaseRole }[] = [];

  beforeAll(async () => {
    fixture = await loadReportFixture(database.handle.db);
    handle = openDatabase(
      { driver: "postgres", url: database.url!, replicaUrls: [database.url!], maxConnections: 2 },
      { onQuery: (query, _params, role) => sent.push({ query, role }) },
    );
    const server = await createServer({
      config: { production: false, bodyLimitBytes: 1_000_000, corsOrigins: [], requestTimeoutMs: 15_000, trustProxy: false, auth: { secret: TEST_AUTH_SECRET, sessionTtlMs: 3_600_000 } },
      database: handle,
      clock: () => FIXTURE_NOW,
      logger: createLogger({ level: "silent", production: false }),
    });
    running = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await running?.stop();
    await handle?.close();
  });

  async function graphql(query: string, variables: Record<string, unknown>) {
    sent = [];
    const response = await fetch(`${running.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${tokenFor(fixture.users.managerEast, new Date(FIXTURE_NOW.getTime() + 3_600_000))}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }

  it("sends a report's SQL to the replica pool, and its drill-down too", async () => {
    const data = await graphql(
      `query($from: LocalDate!, $to: LocalDate!) { pipelineFunnel(from: $from, to: $to) { total { steps { count drill } } } }`,
      FIXTURE_PERIOD,
    );
    const reportStatements = sent.filter((statement) => statement.query.includes("grouping("));
    expect(reportStatements.length).toBeGreaterThan(0);
    expect(reportStatements.every((statement) => statement.role === "replica")).toBe(true);

    const captured = (data.pipelineFunnel as { total: { steps: { drill: string }[] } }).total.steps[0]!.drill;
    await graphql(`query($drill: String!) { reportLeads(drill: $drill) { edges { node { id } } } }`, { drill: captured });
    const drillStatements = sent.filter((statement) => statement.query.includes(`from "leads" inner join (values`));
    expect(drillStatements).toHaveLength(1);
    expect(drillStatements[0]!.role).toBe("replica");
  });

  it("keeps a mutation's reads and writes on the primary", async () => {
    await graphql(`mutation { createApiToken(name: "replica check") { apiToken { id } } }`, {});
    expect(sent.some((statement) => /^insert/i.test(statement.query))).toBe(true);
    expect(sent.filter((statement) => statement.role === "replica")).toEqual([]);
  });
});
