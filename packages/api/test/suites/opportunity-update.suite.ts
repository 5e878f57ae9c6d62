import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { opportunities } from "../../src/opportunities/opportunity.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";
import { COMPLETE_PARTS, COMPLETE_PREP } from "../support/pipeline-fixtures.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

// Friday 27 Nov 2026, 10:00 in Shanghai: the team's today is 2026-11-27.
const NOW = new Date("2026-11-27T02:00:00.000Z");

const OPENED = { name: "产线数字化改造", estimatedValue: { amount: "2150000000", currency: "CNY" }, expectedCloseOn: "2027-03-31" };

const OPPORTUNITY = `id name stage version expectedCloseOn estimatedValue { amount currency } updatedAt`;
const UPDATE = `mutation($id: ID!, $v: Int!, $input: UpdateOpportunityInput!) {
  updateOpportunity(id: $id, expectedVersion: $v, input: $input) { ${OPPORTUNITY} } }`;

interface OpportunityView {
  id: string;
  name: string;
  stage: string;
  version: number;
  expectedCloseOn: string;
  estimatedValue: { amount: string; currency: string };
  updatedAt: string;
}
type Updated = GraphqlResponse<{ updateOpportunity: OpportunityView }>;

/** Issue 9: updateOpportunity keeps the forecast's inputs true. */
export function opportunityUpdateSuite(database: TestDatabase) {
  describe(`updateOpportunity on ${database.driver}`, () => {
    let now = NOW;
    const api = startTestServer(database, { now: () => now });
    const db = () => database.handle.db;
    let rep: UserRow;
    let otherRep: UserRow;
    let manager: UserRow;
    let foreignManager: UserRow;
    let finance: UserRow;
    beforeAll(async () => {
      const team = await createTeam(db());
      const otherTeam = await createTeam(db());
      rep = await createUser(db(), { role: "REP", teamId: team.id });
      otherRep = await createUser(db(), { role: "REP", teamId: team.id });
      manager = await createUser(db(), { role: "MANAGER", teamId: team.id });
      foreignManager = await createUser(db(), { role: "MANAGER", teamId: otherTeam.id });
      finance = await createUser(db(), { role: "REVIEWER", teamId: team.id });
    });

    async function ok<T>(as: UserRow, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await api.graphql<T>(query, variables, { as });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!;
    }
    const update = (as: UserRow, id: string, expectedVersion: number, input: Record<string, unknown>): Promise<Updated> =>
      api.graphql(UPDATE, { id, v: expectedVersion, input }, { as });
    const read = async (as: UserRow, id: string) =>
      (await ok<{ opportunity: OpportunityView | null }>(as, `query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY} } }`, { id })).opportunity;

    let sequence = 0;
    /** A fresh open opportunity of `owner`'s, as OPENED describes it. */
    async function opened(owner: UserRow = rep): Promise<OpportunityView> {
      sequence += 1;
      const { captureLead } = await ok<{ captureLead: { lead: { id: string } } }>(
        owner,
        `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id } } }`,
        { input: { channel: "TRADE_SHOW", companyName: `预测客户${sequence}有限公司`, contactName: "王芳", email: `forecast${sequence}@example.cn` } },
      );
      const { openOpportunity } = await ok<{ openOpportunity: OpportunityView }>(
        owner,
        `mutation($id: ID!, $input: OpenOpportunityInput!) { openOpportunity(leadId: $id, input: $input) { ${OPPORTUNITY} } }`,
        { id: captureLead.lead.id, input: OPENED },
      );
      return openOpportunity;
    }

    /** The opportunity's OPPORTUNITY_UPDATED audit events, straight from the table. */
    async function updateEvents(id: string) {
      const rows = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, id), eq(auditEvents.action, "OPPORTUNITY_UPDATED")))
        .orderBy(auditEvents.id);
      return rows.map(({ entityType, leadId, teamId, actorId, before, after }) => ({ entityType, leadId, teamId, actorId, before, after }));
    }
    const storedRow = async (id: string) => (await db().select().from(opportunities).where(eq(opportunities.id, id)))[0]!;
    const auditCount = async (id: string) => (await db().select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.entityId, id))).length;

    /** Runs a request that must fail and checks that the opportunity and its history are as they were. */
    async function expectRefused(id: string, request: () => Promise<Updated>) {
      const row = await storedRow(id);
      const events = await auditCount(id);
      const res = await request();
      expect(res.data ?? null).toBeNull();
      expect(await storedRow(id)).toEqual(row);
      expect(await auditCount(id)).toBe(events);
      return res.errors![0]!;
    }

    describe("the owner", () => {
      it.each<[string, Record<string, unknown>, Partial<OpportunityView>, Record<string, unknown>, Record<string, unknown>]>([
        ["the name", { name: "  产线数字化改造（二期）  " }, { name: "产线数字化改造（二期）" }, { name: OPENED.name }, { name: "产线数字化改造（二期）" }],
        [
          "the estimated value",
          { estimatedValue: { amount: "123400", currency: "CNY" } },
          { estimatedValue: { amount: "123400", currency: "CNY" } },
          { estimatedValue: { amount: "2150000000", currency: "CNY" } },
          { estimatedValue: { amount: "123400", currency: "CNY" } },
        ],
        ["the expected close date", { expectedCloseOn: "2027-06-30" }, { expectedCloseOn: "2027-06-30" }, { expectedCloseOn: "2027-03-31" }, { expectedCloseOn: "2027-06-30" }],
      ])("changes %s: reads it back at version 2, with one OPPORTUNITY_UPDATED event holding only that field", async (_field, input, changed, before, after) => {
        const opportunity = await opened();
        now = new Date(NOW.getTime() + 60_000);
        const res = await update(rep, opportunity.id, 1, input);
        now = NOW;
        expect(res.errors).toBeUndefined();
        const expected = { ...opportunity, ...changed, version: 2, updatedAt: new Date(NOW.getTime() + 60_000).toISOString() };
        expect(res.data!.updateOpportunity).toEqual(expected);
        expect(await read(rep, opportunity.id)).toEqual(expected);

        const lead = (await storedRow(opportunity.id)).leadId;
        expect(await updateEvents(opportunity.id)).toEqual([
          { entityType: "OPPORTUNITY", leadId: lead, teamId: rep.teamId, actorId: rep.id, before, after },
        ]);
      });

      it("changes all three at once; the history shows the event in exactly the shape the pipeline-changes report reads", async () => {
        const opportunity = await opened();
        const res = await update(rep, opportunity.id, 1, {
          name: "设备联网", estimatedValue: { amount: "123400", currency: "CNY" }, expectedCloseOn: "2027-01-15",
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!.updateOpportunity).toMatchObject({ version: 2, name: "设备联网", expectedCloseOn: "2027-01-15", estimatedValue: { amount: "123400", currency: "CNY" } });

        const { opportunity: viewed } = await ok<{ opportunity: { history: { action: string; before: unknown; after: unknown }[] } }>(
          rep,
          `query($id: ID!) { opportunity(id: $id) { history { action before after } } }`,
          { id: opportunity.id },
        );
        expect(viewed.history.map((event) => event.action)).toEqual(["OPPORTUNITY_OPENED", "OPPORTUNITY_UPDATED"]);
        expect(viewed.history[1]).toEqual({
          action: "OPPORTUNITY_UPDATED",
          before: { name: OPENED.name, estimatedValue: { amount: "2150000000", currency: "CNY" }, expectedCloseOn: "2027-03-31" },
          after: { name: "设备联网", estimatedValue: { amount: "123400", currency: "CNY" }, expectedCloseOn: "2027-01-15" },
        });
      });

      it("history(last: 1) lists only the newest entry about the opportunity; last past 200 is refused naming it (issue 10, finding 2)", async () => {
        const opportunity = await opened();
        expect((await update(rep, opportunity.id, 1, { name: "设备联网" })).errors).toBeUndefined();
        const query = `query($id: ID!, $last: Int!) { opportunity(id: $id) { history(last: $last) { action } } }`;
        const newest = await ok<{ opportunity: { history: { action: string }[] } }>(rep, query, { id: opportunity.id, last: 1 });
        expect(newest.opportunity.history.map((event) => event.action)).toEqual(["OPPORTUNITY_UPDATED"]);
        const refused = await api.graphql(query, { id: opportunity.id, last: 201 }, { as: rep });
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "last" });
      });

      it("a call that changes nothing writes nothing and keeps the version", async () => {
        const opportunity = await opened();
        for (const input of [{}, { ...OPENED, name: ` ${OPENED.name} ` }, { name: null, estimatedValue: null, expectedCloseOn: null }]) {
          const res = await update(rep, opportunity.id, 1, input);
          expect(res.errors).toBeUndefined();
          expect(res.data!.updateOpportunity).toEqual(opportunity);
        }
        expect(await auditCount(opportunity.id)).toBe(1); // the opening only
        expect((await storedRow(opportunity.id)).version).toBe(1);
      });

      it("may keep a close date that has passed while changing the name; a new date must not be in the past", async () => {
        const opportunity = await opened();
        now = new Date("2027-04-02T02:00:00.000Z"); // the close date 2027-03-31 is behind
        try {
          const renamed = await update(rep, opportunity.id, 1, { name: "延期项目", expectedCloseOn: "2027-03-31" });
          expect(renamed.errors).toBeUndefined();
          expect(renamed.data!.updateOpportunity).toMatchObject({ name: "延期项目", expectedCloseOn: "2027-03-31", version: 2 });
          const error = await expectRefused(opportunity.id, () => update(rep, opportunity.id, 2, { expectedCloseOn: "2027-04-01" }));
          expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.expectedCloseOn" });
          const today = await update(rep, opportunity.id, 2, { expectedCloseOn: "2027-04-02" });
          expect(today.data!.updateOpportunity).toMatchObject({ expectedCloseOn: "2027-04-02", version: 3 });
        } finally {
          now = NOW;
        }
      });
    });

    describe("who may change it", () => {
      it("the team's manager may change a rep's opportunity", async () => {
        const opportunity = await opened();
        const res = await update(manager, opportunity.id, 1, { estimatedValue: { amount: "99000000", currency: "CNY" } });
        expect(res.errors).toBeUndefined();
        expect(res.data!.updateOpportunity).toMatchObject({ version: 2, estimatedValue: { amount: "99000000", currency: "CNY" } });
        expect((await updateEvents(opportunity.id))[0]!.actorId).toBe(manager.id);
      });

      it("another rep of the team cannot see it, so changing it is NOT_FOUND naming id; the owner sees it", async () => {
        const opportunity = await opened();
        expect(await read(rep, opportunity.id)).toEqual(opportunity);
        expect(await read(otherRep, opportunity.id)).toBeNull();
        const error = await expectRefused(opportunity.id, () => update(otherRep, opportunity.id, 1, { name: "抢单" }));
        expect(error.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
      });

      it("a manager of another team gets NOT_FOUND naming id, like an id that does not exist", async () => {
        const opportunity = await opened();
        const error = await expectRefused(opportunity.id, () => update(foreignManager, opportunity.id, 1, { name: "别的团队" }));
        expect(error.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
        for (const id of ["00000000-0000-4000-8000-000000000000", "opp-1"]) {
          expect((await update(rep, id, 1, { name: "不存在" })).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
        }
      });

      it.each(["ANALYST", "ADMIN", "REVIEWER"] as const)("%s is FORBIDDEN", async (role) => {
        const opportunity = await opened();
        const user = await createUser(db(), { role, teamId: role === "REVIEWER" ? rep.teamId : null });
        const error = await expectRefused(opportunity.id, () => update(user, opportunity.id, 1, { name: "分析师改的" }));
        expect(error.extensions?.code).toBe("FORBIDDEN");
      });
    });

    describe("refusals", () => {
      it("a stale expectedVersion is CONFLICT naming expectedVersion, and nothing changes", async () => {
        const opportunity = await opened();
        await ok(rep, UPDATE, { id: opportunity.id, v: 1, input: { name: "第一次修改" } });
        const error = await expectRefused(opportunity.id, () => update(manager, opportunity.id, 1, { name: "第二次修改" }));
        expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "expectedVersion" });
        expect(error.message).toMatch(/now version 2.*reload/);
        expect(await read(rep, opportunity.id)).toMatchObject({ name: "第一次修改", version: 2 });
      });

      it("of two changes made from the same version at the same time, one wins and the other is CONFLICT", async () => {
        const opportunity = await opened();
        const results = await Promise.all([
          update(rep, opportunity.id, 1, { name: "代表的改法" }),
          update(manager, opportunity.id, 1, { name: "经理的改法" }),
        ]);
        const codes = results.map((res) => res.errors?.[0]?.extensions?.code ?? "OK").sort();
        expect(codes).toEqual(["CONFLICT", "OK"]);
        expect((await storedRow(opportunity.id)).version).toBe(2);
        expect(await updateEvents(opportunity.id)).toHaveLength(1);
      });

      it("SOP-6.3 a LOST opportunity is CONFLICT naming id until it is reopened", async () => {
        const opportunity = await opened();
        const { markLost } = await ok<{ markLost: { version: number } }>(rep, `mutation($id: ID!) { markLost(opportunityId: $id, reason: TIMING) { version } }`, { id: opportunity.id });
        const error = await expectRefused(opportunity.id, () => update(rep, opportunity.id, markLost.version, { expectedCloseOn: "2027-09-30" }));
        expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "id" });
        expect(error.message).toMatch(/LOST: reopen it first/);

        const { reopenOpportunity } = await ok<{ reopenOpportunity: { version: number } }>(rep, `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { version } }`, { id: opportunity.id });
        const res = await update(rep, opportunity.id, reopenOpportunity.version, { expectedCloseOn: "2027-09-30" });
        expect(res.errors).toBeUndefined();
        expect(res.data!.updateOpportunity).toMatchObject({ stage: "OPPORTUNITY", expectedCloseOn: "2027-09-30" });
      });

      it("SOP-6.3 a WON opportunity is CONFLICT naming id: its forecast no longer changes", async () => {
        const opportunity = await opened();
        const id = opportunity.id;
        const { createProposal } = await ok<{ createProposal: { id: string; version: number } }>(rep, `mutation($id: ID!) { createProposal(opportunityId: $id) { id version } }`, { id });
        await ok(rep, `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { id } }`, { id: createProposal.id, input: COMPLETE_PARTS, v: createProposal.version });
        const { submitProposal } = await ok<{ submitProposal: { id: string } }>(rep, `mutation($id: ID!) { submitProposal(id: $id) { id } }`, { id: createProposal.id });
        const { startReview } = await ok<{ startReview: { id: string }[] }>(manager, `mutation($id: ID!, $r: [ID!]!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: $r) { id } }`, { id: submitProposal.id, r: [finance.id] });
        await ok(finance, `mutation($id: ID!) { submitReview(reviewId: $id, verdict: APPROVE) { id } }`, { id: startReview[0]!.id });
        await ok(manager, `mutation($id: ID!) { decideProposal(proposalVersionId: $id, decision: APPROVE) { id } }`, { id: submitProposal.id });
        await ok(rep, `mutation($id: ID!, $input: NegotiationPrepInput!) { negotiationPrep(opportunityId: $id, input: $input) { id } }`, { id, input: COMPLETE_PREP });
        await ok(rep, `mutation($id: ID!) { startNegotiation(opportunityId: $id) { id } }`, { id });
        const { recordContract } = await ok<{ recordContract: { stage: string; version: number } }>(
          rep,
          `mutation($id: ID!) { recordContract(opportunityId: $id, amount: { amount: "95000000", currency: "CNY" }, signedOn: "2026-11-26", paymentTerms: "一次性付款") { stage version } }`,
          { id },
        );
        expect(recordContract.stage).toBe("WON");

        for (const as of [rep, manager]) {
          const error = await expectRefused(id, () => update(as, id, recordContract.version, { estimatedValue: { amount: "1", currency: "CNY" } }));
          expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "id" });
          expect(error.message).toBe("The opportunity is WON: a closed opportunity's forecast no longer changes");
        }
      });

      it.each<[string, Record<string, unknown>]>([
        ["input.estimatedValue.currency", { estimatedValue: { amount: "123400", currency: "USD" } }],
        ["input.estimatedValue.currency", { estimatedValue: { amount: "123400", currency: "XYZ" } }],
        ["input.estimatedValue.amount", { estimatedValue: { amount: "12.50", currency: "CNY" } }],
        ["input.estimatedValue.amount", { estimatedValue: { amount: "-100", currency: "CNY" } }],
        ["input.expectedCloseOn", { expectedCloseOn: "2026-11-26" }],
        ["input.name", { name: "   " }],
        ["input.name", { name: "x".repeat(201) }],
      ])("refuses bad input naming %s (BAD_USER_INPUT), writing nothing", async (field, input) => {
        const opportunity = await opened();
        const error = await expectRefused(opportunity.id, () => update(rep, opportunity.id, 1, input));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      });

      it("lists every problem at once, even next to a good change, and writes nothing", async () => {
        const opportunity = await opened();
        const error = await expectRefused(opportunity.id, () =>
          update(rep, opportunity.id, 1, { name: "", estimatedValue: { amount: "500", currency: "USD" }, expectedCloseOn: "2026-01-01" }),
        );
        expect((error.extensions?.fields as { field: string }[]).map((problem) => problem.field)).toEqual([
          "input.name",
          "input.estimatedValue.currency",
          "input.expectedCloseOn",
        ]);
        expect(error.message).toMatch(/input.estimatedValue.currency: must be CNY, the opportunity's currency/);

        const partlyGood = await expectRefused(opportunity.id, () => update(rep, opportunity.id, 1, { name: "好名字", expectedCloseOn: "2026-11-26" }));
        expect(partlyGood.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.expectedCloseOn" });
      });
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect((await expectHistoryKeysDecided(database.handle.db)).length).toBeGreaterThan(0);
    });
  });
}
