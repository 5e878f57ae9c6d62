import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { stableUuid } from "../../src/seed/random.ts";
import { seedDemoData } from "../../src/seed/seed-demo-data.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");

interface LeadsPage {
  leads: {
    totalCount?: number;
    edges: { cursor: string; node: { id: string; tier: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

const PAGE_WITH_NESTED_FIELDS = /* GraphQL */ `
  query Page($first: Int!) {
    leads(first: $first) {
      edges {
        node {
          id
          companyName
          owner { displayName team { name timeZone } }
          team { name }
          latestAssessment { tier tierReasons incomplete }
          nextFollowUp { kind dueAt slaDueAt calendarCovered }
          historyCount
          tierReasons
        }
      }
    }
  }
`;

export function leadsQuerySuite(database: TestDatabase) {
  describe(`leads connection over HTTP on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    // The seeded analyst reads every team's leads; role scoping has its own suite.
    const analyst = { id: stableUuid("user:analyst") };
    const asAnalyst = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
      api.graphql<T>(query, variables, { as: analyst });
    beforeAll(async () => {
      await database.truncateAll();
      await seedDemoData(database.handle.db, { leadCount: 130, now: NOW });
    });

    it("pages through every lead exactly once, newest first, with a matching totalCount", async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let totalCount = 0;
      for (;;) {
        const res: GraphqlResponse<LeadsPage> = await asAnalyst<LeadsPage>(
          `query($after: String) { leads(first: 50, after: $after) { totalCount edges { cursor node { id tier } } pageInfo { hasNextPage endCursor } } }`,
          { after },
        );
        expect(res.errors).toBeUndefined();
        const page: LeadsPage["leads"] = res.data!.leads;
        totalCount = page.totalCount!;
        seen.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toHaveLength(130);
      expect(totalCount).toBe(130);
    });

    it("filters by tier, and totalCount counts the filtered leads", async () => {
      const res = await asAnalyst<LeadsPage>(`{ leads(first: 200, filter: { tier: [A] }) { totalCount edges { node { id tier } } } }`);
      const [expected] = await database.handle.db
        .select({ n: countRows() })
        .from(leads)
        .where(and(eq(leads.tier, "A"), isNull(leads.mergedIntoId)));
      expect(res.data!.leads.edges.every((e) => e.node.tier === "A")).toBe(true);
      expect(res.data!.leads.totalCount).toBe(expected!.n);
      expect(res.data!.leads.edges).toHaveLength(expected!.n);
    });

    it("costs the same number of SQL statements for 10 leads as for 100, nested fields included", async () => {
      const run = (first: number) => database.countStatements(() => asAnalyst(PAGE_WITH_NESTED_FIELDS, { first }));
      const ten = await run(10);
      const hundred = await run(100);
      expect(ten.result.errors).toBeUndefined();
      expect(hundred.result.errors).toBeUndefined();
      expect(hundred.statements).toBe(ten.statements);
      expect(ten.statements).toBeLessThanOrEqual(7);
    });

    it.each([
      [201, "first"],
      [0, "first"],
    ])("rejects first: %i with BAD_USER_INPUT naming %s", async (first, field) => {
      const res = await asAnalyst(`query($first: Int!) { leads(first: $first) { edges { cursor } } }`, { first });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(res.errors?.[0]?.message).toMatch(/between 1 and 200/);
    });

    it("rejects a cursor it did not issue, naming `after`", async () => {
      const res = await asAnalyst(`{ leads(first: 5, after: "not-a-cursor") { edges { cursor } } }`);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
    });

    it("returns a lead by id, and null for an id that does not exist or is malformed", async () => {
      const [row] = await database.handle.db.select().from(leads).limit(1);
      const found = await asAnalyst<{ lead: { companyName: string } | null }>(`query($id: ID!) { lead(id: $id) { companyName } }`, { id: row!.id });
      expect(found.data?.lead?.companyName).toBe(row!.companyName);
      for (const id of ["00000000-0000-4000-8000-000000000000", "nope"]) {
        const missing = await asAnalyst<{ lead: unknown }>(`query($id: ID!) { lead(id: $id) { id } }`, { id });
        expect(missing.errors).toBeUndefined();
        expect(missing.data?.lead).toBeNull();
      }
    });

    it("answers /healthz with the driver in use", async () => {
      const res = await fetch(`${api.url}/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok", database: database.driver });
    });

    it("serves no landing page that would load from a CDN", async () => {
      const res = await fetch(`${api.url}/graphql`, { headers: { accept: "text/html" } });
      const body = await res.text();
      expect(body).not.toMatch(/cdn|apollographql\.com|embeddable/i);
    });
  });
}
