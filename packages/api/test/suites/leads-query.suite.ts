import { and, desc, eq, isNull } from "drizzle-orm";
import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { buildAppSchema } from "../../src/schema/build-schema.ts";
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

    it("issue 13: each lead's owner and next follow-up come in the page's own statement, equal to what the lead itself answers", async () => {
      type Node = { id: string; owner?: Record<string, unknown>; nextFollowUp?: Record<string, unknown> | null };
      const nested = "owner { id displayName email role } nextFollowUp { id kind dueAt status isOverdue }";
      const plain = await database.countStatements(() => asAnalyst(`{ leads(first: 100) { edges { node { id } } } }`));
      const withRelations = await database.countStatements(() =>
        asAnalyst<{ leads: { edges: { node: Node }[] } }>(`{ leads(first: 100) { edges { node { id ${nested} } } } }`),
      );
      expect(withRelations.result.errors).toBeUndefined();
      expect(withRelations.statements).toBe(plain.statements);
      const nodes = withRelations.result.data!.leads.edges.map((edge) => edge.node);
      // Both kinds of lead are on the page: with an open follow-up and without one.
      expect(nodes.some((node) => node.nextFollowUp === null)).toBe(true);
      expect(nodes.some((node) => node.nextFollowUp !== null)).toBe(true);
      for (const node of nodes.slice(0, 30)) {
        const whole = await asAnalyst<{ lead: Node }>(`query($id: ID!) { lead(id: $id) { id ${nested} } }`, { id: node.id });
        expect(node).toEqual(whole.data!.lead);
      }
    });

    it("issue 13: a page reads the columns of the fields asked for, through fragments too, and answers each field as the lead itself does", async () => {
      const [newest] = await database.handle.db.select({ id: leads.id }).from(leads).where(isNull(leads.mergedIntoId)).orderBy(desc(leads.createdAt), desc(leads.id)).limit(1);
      await database.handle.db.update(leads).set({ tierOverride: "A", tierOverrideReason: "key account" }).where(eq(leads.id, newest!.id));
      const fields = "id tierReasons city updatedAt";
      const page = await asAnalyst<{ leads: { edges: { node: Record<string, unknown> }[] } }>(
        `{ leads(first: 3) { edges { node { ...Picked } } } } fragment Picked on Lead { ... on Lead { ${fields} } }`,
      );
      expect(page.errors).toBeUndefined();
      const nodes = page.data!.leads.edges.map((edge) => edge.node);
      expect(nodes[0]).toMatchObject({ id: newest!.id, tierReasons: ["tier A set by a manager: key account"] });
      for (const node of nodes) {
        const whole = await asAnalyst<{ lead: Record<string, unknown> }>(`query($id: ID!) { lead(id: $id) { ${fields} } }`, { id: node.id });
        expect(node).toEqual(whole.data!.lead);
      }
    });

    it("issue 13: every Lead field, asked for alone on a page, answers as on the lead itself (the page reads only the columns asked for)", async () => {
      const lead = (await buildAppSchema()).getType("Lead") as GraphQLObjectType;
      const selections = Object.values(lead.getFields()).map((field) =>
        isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename }`,
      );
      expect(selections).toEqual(expect.arrayContaining(["phone", "tierReasons", "owner { __typename }"]));
      // A field whose resolver reads columns besides its own (tierReasons reads the override) is
      // only checked by a lead that has them.
      const [newest] = await database.handle.db.select({ id: leads.id }).from(leads).where(isNull(leads.mergedIntoId)).orderBy(desc(leads.createdAt), desc(leads.id)).limit(1);
      await database.handle.db.update(leads).set({ tierOverride: "C", tierOverrideReason: "no budget this year" }).where(eq(leads.id, newest!.id));
      for (const selection of selections) {
        const page = await asAnalyst<{ leads: { edges: { node: Record<string, unknown> }[] } }>(`{ leads(first: 3) { edges { node { id ${selection} } } } }`);
        expect(page.errors, selection).toBeUndefined();
        for (const { node } of page.data!.leads.edges) {
          const whole = await asAnalyst<{ lead: Record<string, unknown> }>(`query($id: ID!) { lead(id: $id) { id ${selection} } }`, { id: node.id });
          expect(node, selection).toEqual(whole.data!.lead);
        }
      }
    });

    it("issue 13: every FollowUp field, asked for alone of a page's next follow-ups, answers as on the lead itself (the page reads only the columns asked for)", async () => {
      const followUp = (await buildAppSchema()).getType("FollowUp") as GraphQLObjectType;
      const selections = Object.values(followUp.getFields()).map((field) =>
        isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename id }`,
      );
      expect(selections).toEqual(expect.arrayContaining(["dueAt", "isOverdue", "bucket", "previousFollowUp { __typename id }"]));
      const page = (selection: string) => asAnalyst<{ leads: { edges: { node: { id: string; nextFollowUp: Record<string, unknown> | null } }[] } }>(`{ leads(first: 40) { edges { node { id nextFollowUp { id ${selection} } } } } }`);
      // The page holds next follow-ups planned after a done one, so the fields reading more than their own column are checked.
      const withPrevious = (await page("previousFollowUp { id }")).data!.leads.edges.filter(({ node }) => node.nextFollowUp?.previousFollowUp);
      expect(withPrevious.length).toBeGreaterThan(0);
      for (const selection of selections) {
        const res = await page(selection);
        expect(res.errors, selection).toBeUndefined();
        for (const { node } of res.data!.leads.edges.slice(0, 15)) {
          const whole = await asAnalyst<{ lead: Record<string, unknown> }>(`query($id: ID!) { lead(id: $id) { id nextFollowUp { id ${selection} } } }`, { id: node.id });
          expect(node, selection).toEqual(whole.data!.lead);
        }
      }
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
