import { and, desc, eq, inArray, isNull, ne } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { leadCounts } from "../../src/leads/lead-count.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { buildAppSchema } from "../../src/schema/build-schema.ts";
import { demoTeamId, demoUserId } from "../../src/seed/demo-people.ts";
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

    it("issue 13: answers pages of different sizes one after another, each with its own size (the size is part of the page statement's shape)", async () => {
      // A filter and order no other test asks for, so the first size asked is the first this statement shape sees.
      for (const first of [2, 5, 2]) {
        const page = await asAnalyst<{ leads: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(`query($first: Int!) { leads(first: $first, orderBy: CREATED_ASC, filter: { createdBefore: "2099-01-01T00:00:00Z" }) { edges { node { id } } pageInfo { hasNextPage } } }`, { first });
        expect({ first, rows: page.data!.leads.edges.length, hasNextPage: page.data!.leads.pageInfo.hasNextPage }).toEqual({ first, rows: first, hasNextPage: true });
      }
    });

    it("issue 13: every User field, asked for alone of a page's owners, answers as on the lead itself (the page reads only the columns asked for)", async () => {
      const user = (await buildAppSchema()).getType("User") as GraphQLObjectType;
      const selections = Object.values(user.getFields()).map((field) => (isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename id }`));
      expect(selections).toEqual(expect.arrayContaining(["email", "active", "team { __typename id }"]));
      for (const selection of selections) {
        const page = await asAnalyst<{ leads: { edges: { node: { id: string } }[] } }>(`{ leads(first: 3) { edges { node { id owner { ${selection} } } } } }`);
        expect(page.errors, selection).toBeUndefined();
        for (const { node } of page.data!.leads.edges) {
          const whole = await asAnalyst<{ lead: unknown }>(`query($id: ID!) { lead(id: $id) { id owner { ${selection} } } }`, { id: node.id });
          expect(node, selection).toEqual(whole.data!.lead);
        }
      }
    });

    it("issue 13: a page's owners, read with only the fields it asks for, do not answer for the same user asked for in full elsewhere in the request", async () => {
      const first = await asAnalyst<{ leads: { edges: { node: { id: string; owner: { id: string } } }[] } }>(`{ leads(first: 1) { edges { node { id owner { id } } } } }`);
      const { id, owner } = first.data!.leads.edges[0]!.node;
      const both = await asAnalyst<{ leads: { edges: { node: { owner: { displayName: string } } }[] }; lead: { owner: { id: string; email: string; role: string; active: boolean } } }>(
        `query($id: ID!) { leads(first: 1) { edges { node { owner { displayName } } } } lead(id: $id) { owner { id email role active } } }`,
        { id },
      );
      expect(both.errors).toBeUndefined();
      expect(both.data!.lead.owner).toEqual({ id: owner.id, email: expect.stringContaining("@"), role: expect.any(String), active: true });
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
  describe(`kept lead counts (issue 13) on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    const db = () => database.handle.db;
    const manager = { id: demoUserId("manager.east") };
    const rep = { id: demoUserId("rep1.east") };
    const analyst = { id: demoUserId("analyst") };
    beforeAll(async () => {
      await database.truncateAll();
      await seedDemoData(database.handle.db, { leadCount: 130, now: NOW });
    });

    type Count = { teamId: string; ownerId: string; tier: string; status: string; leads: number };
    const byKey = (rows: Count[]) => rows.map((r) => `${r.teamId} ${r.ownerId} ${r.tier} ${r.status} ${r.leads}`).sort();
    /** lead_counts beside the listed leads counted now, per team, owner, tier and status. */
    async function keptAndCounted(): Promise<{ kept: string[]; counted: string[] }> {
      const counted = await db()
        .select({ teamId: leads.teamId, ownerId: leads.ownerId, tier: leads.tier, status: leads.status, leads: countRows() })
        .from(leads)
        .where(isNull(leads.mergedIntoId))
        .groupBy(leads.teamId, leads.ownerId, leads.tier, leads.status);
      const kept = await db().select().from(leadCounts).where(ne(leadCounts.leads, 0));
      return { kept: byKey(kept), counted: byKey(counted) };
    }
    async function expectKeptAsCounted() {
      const { kept, counted } = await keptAndCounted();
      expect(counted.length).toBeGreaterThan(0);
      expect(kept).toEqual(counted);
    }

    it("hold the seeded leads, captured, assessed and worked through the services", async () => {
      await expectKeptAsCounted();
    });

    it("follow every kind of change to leads, one statement or many rows at a time", async () => {
      const sample = await db().select().from(leads).where(eq(leads.teamId, demoTeamId("east"))).orderBy(leads.id).limit(12);
      const ids = sample.map((lead) => lead.id);
      await db().update(leads).set({ tier: "A" }).where(inArray(leads.id, ids.slice(0, 4)));
      await expectKeptAsCounted();
      await db().update(leads).set({ status: "DISQUALIFIED", disqualifiedReason: "test" }).where(inArray(leads.id, ids.slice(2, 6)));
      await expectKeptAsCounted();
      await db().update(leads).set({ ownerId: demoUserId("rep2.east") }).where(inArray(leads.id, ids.slice(5, 9)));
      await expectKeptAsCounted();
      // SOP-1.4: a lead merged into another stays as a tombstone, never listed nor counted.
      await db().update(leads).set({ mergedIntoId: ids[0]! }).where(inArray(leads.id, ids.slice(9, 11)));
      await expectKeptAsCounted();
      await db().update(leads).set({ companyName: "只改名字 Renamed only" }).where(inArray(leads.id, ids));
      await expectKeptAsCounted();
      const copies = sample.slice(0, 3).map(({ id: _id, searchGrams: _grams, mergedIntoId: _merged, ...lead }) => ({ ...lead, id: randomUUID() }));
      await db().insert(leads).values(copies);
      await expectKeptAsCounted();
      await db().delete(leads).where(inArray(leads.id, copies.map((copy) => copy.id)));
      await expectKeptAsCounted();
    });

    it("are unchanged by a change that is rolled back", async () => {
      const before = await keptAndCounted();
      await expect(
        db().transaction(async (tx) => {
          await tx.update(leads).set({ tier: "C" }).where(eq(leads.teamId, demoTeamId("east")));
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await keptAndCounted()).toEqual(before);
    });

    const TOTAL = `query($filter: LeadFilterInput) { leads(first: 1, filter: $filter) { totalCount } }`;
    it.each([
      ["an analyst", {}, analyst],
      ["an analyst", { tier: ["A", "B"], status: ["NEW", "WORKING"] }, analyst],
      ["a manager", {}, manager],
      ["a manager", { tier: ["C"] }, manager],
      ["a manager", { ownerId: [demoUserId("rep2.east"), demoUserId("rep1.west")] }, manager],
      ["a rep", {}, rep],
      ["a rep", { status: ["NEW"] }, rep],
    ])("answer %s's totalCount filtered by %j from the kept counts, equal to counting the leads", async (_who, filter, viewer) => {
      const kept = await database.recordStatements(() => api.graphql<LeadsPage>(TOTAL, { filter }, { as: viewer }));
      expect(kept.result.errors).toBeUndefined();
      expect(kept.statements.some(({ query }) => /from "lead_counts"/.test(query))).toBe(true);
      expect(kept.statements.some(({ query }) => /count\(\*\)/.test(query))).toBe(false);
      // The same filter with a creation bound every lead meets is answered by counting them.
      const counted = await api.graphql<LeadsPage>(TOTAL, { filter: { ...filter, createdBefore: "2100-01-01T00:00:00.000Z" } }, { as: viewer });
      expect(kept.result.data!.leads.totalCount).toBe(counted.data!.leads.totalCount);
      expect(kept.result.data!.leads.totalCount).toBeGreaterThan(0);
    });

    it.each([
      ["channel", { channel: ["TRADE_SHOW"] }],
      ["province", { province: ["广东"] }],
      ["creation date", { createdFrom: "2020-01-01T00:00:00.000Z" }],
      ["search", { search: "公司" }],
    ])("count the leads themselves when filtered by %s", async (_by, filter) => {
      const { result, statements } = await database.recordStatements(() => api.graphql<LeadsPage>(TOTAL, { filter }, { as: manager }));
      expect(result.errors).toBeUndefined();
      expect(statements.some(({ query }) => /count\(\*\)/.test(query))).toBe(true);
      expect(statements.some(({ query }) => /from "lead_counts"/.test(query))).toBe(false);
    });
  });
}
