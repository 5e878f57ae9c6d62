import {
  PIPELINE_STAGES,
  PROPOSAL_VERSION_STATUSES,
  COMPANY_SIZES,
  DEFAULT_PLAYBOOK,
  LEAD_CHANNELS,
  LEAD_STATUSES,
  TIERS,
  USER_ROLES,
  chinaMainlandCalendar,
  planFirstContact,
  validateCreditCode,
  type Tier,
} from "@sales/domain";
import { and, asc, eq, gt, isNotNull, lt } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeEach, describe, expect, it } from "vitest";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../../src/opportunities/opportunity.table.ts";
import { proposalVersions } from "../../src/proposals/proposal.table.ts";
import { proposalReviews } from "../../src/reviews/review.table.ts";
import { stableUuid } from "../../src/seed/random.ts";
import { DEMO_PASSWORD, seedDemoData } from "../../src/seed/seed-demo-data.ts";
import { teams } from "../../src/teams/team.table.ts";
import { verifyPassword } from "../../src/users/password.ts";
import { users } from "../../src/users/user.table.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";
import { expectOpenFollowUpsOfTheirLeads } from "../support/follow-up-facts.ts";
import { expectFunnelProgressKept } from "../support/funnel-progress.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");

export function seedSuite(database: TestDatabase) {
  describe(`demo seed on ${database.driver}`, () => {
    beforeEach(() => database.truncateAll());
    const db = () => database.handle.db;
    const api = startTestServer(database, { now: NOW });

    async function tableCounts() {
      const count = async (table: PgTable) =>
        (await db().select({ n: countRows() }).from(table))[0]!.n;
      return {
        teams: await count(teams),
        users: await count(users),
        leads: await count(leads),
        assessments: await count(leadAssessments),
        followUps: await count(followUps),
        audit: await count(auditEvents),
        opportunities: await count(opportunities),
        stageChanges: await count(opportunityStageChanges),
        proposalVersions: await count(proposalVersions),
        reviews: await count(proposalReviews),
      };
    }

    /** Each seeded lead's opportunities, as a user would compare them: what, how much, where it stands. */
    const pipelineSnapshot = () =>
      db()
        .select({
          leadId: opportunities.leadId,
          name: opportunities.name,
          value: opportunities.estimatedValueMinor,
          closeOn: opportunities.expectedCloseOn,
          stage: opportunities.stage,
          lostFrom: opportunities.lostFromStage,
          floor: opportunities.frozenFloorMinor,
          contract: opportunities.contractAmountMinor,
          createdAt: opportunities.createdAt,
          updatedAt: opportunities.updatedAt,
        })
        .from(opportunities)
        .orderBy(asc(opportunities.leadId), asc(opportunities.createdAt));

    it("SOP-4.3 gives every converted lead exactly one opportunity, and no other lead any", async () => {
      const summary = await seedDemoData(db(), { leadCount: 300, now: NOW });
      const allLeads = await db().select({ id: leads.id, status: leads.status }).from(leads);
      const opened = await db().select({ leadId: opportunities.leadId }).from(opportunities);
      const converted = allLeads.filter((lead) => lead.status === "CONVERTED").map((lead) => lead.id);
      expect(converted.length).toBeGreaterThan(22);
      expect(opened.map((o) => o.leadId).sort()).toEqual(converted.sort());
      expect(summary).toMatchObject({ opportunitiesOpened: converted.length, opportunitiesAlreadyThere: 0 });
    });

    it("SOP-4–6 shows every pipeline stage and every proposal version status in each team, mostly open deals", async () => {
      await seedDemoData(db(), { leadCount: 300, now: NOW });
      const rows = await db().select({ teamId: opportunities.teamId, stage: opportunities.stage }).from(opportunities);
      const versions = await db().select({ teamId: proposalVersions.teamId, status: proposalVersions.status }).from(proposalVersions);
      const teamIds = (await db().select({ id: teams.id }).from(teams)).map((team) => team.id);
      expect(teamIds).toHaveLength(2);
      for (const teamId of teamIds) {
        expect(new Set(rows.filter((o) => o.teamId === teamId).map((o) => o.stage)), teamId).toEqual(new Set(PIPELINE_STAGES));
        expect(new Set(versions.filter((v) => v.teamId === teamId).map((v) => v.status)), teamId).toEqual(new Set(PROPOSAL_VERSION_STATUSES));
      }
      const open = rows.filter((o) => o.stage !== "WON" && o.stage !== "LOST");
      expect(open.length / rows.length).toBeGreaterThan(0.6);
    });

    it("SOP-6.3 wins contracts at or above the frozen floor; one below it waits for the manager in each team", async () => {
      await seedDemoData(db(), { leadCount: 300, now: NOW });
      const contracts = await db().select().from(opportunities).where(isNotNull(opportunities.contractAmountMinor));
      const won = contracts.filter((o) => o.stage === "WON");
      const waiting = contracts.filter((o) => o.stage === "NEGOTIATION");
      expect(won.length).toBeGreaterThanOrEqual(2);
      for (const o of won) expect(o.contractAmountMinor!).toBeGreaterThanOrEqual(o.frozenFloorMinor!);
      expect(new Set(waiting.map((o) => o.teamId)).size).toBe(2);
      for (const o of waiting) expect(o.contractAmountMinor!).toBeLessThan(o.frozenFloorMinor!);
      // The floor sits under the estimate, as a rep sets it.
      for (const o of [...won, ...waiting]) expect(o.frozenFloorMinor!).toBeLessThan(o.estimatedValueMinor);
    });

    it("varies the deals: names, values from ¥50,000 to ¥5,000,000, close dates from a month ago to half a year ahead", async () => {
      await seedDemoData(db(), { leadCount: 300, now: NOW });
      const rows = await pipelineSnapshot();
      expect(new Set(rows.map((o) => o.name)).size).toBeGreaterThan(4);
      expect(new Set(rows.map((o) => o.value)).size).toBeGreaterThan(rows.length * 0.8);
      expect(new Set(rows.map((o) => o.closeOn)).size).toBeGreaterThan(rows.length * 0.5);
      for (const o of rows) {
        expect(o.value).toBeGreaterThanOrEqual(5_000_000n);
        expect(o.value).toBeLessThanOrEqual(500_000_000n);
        expect(o.closeOn >= "2026-10-28" && o.closeOn <= "2027-05-27", o.closeOn).toBe(true);
        // Never expected to close before it was opened, nor changed after the seed's clock.
        expect(o.closeOn >= o.createdAt.toISOString().slice(0, 10), o.closeOn).toBe(true);
        expect(o.updatedAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
      }
      expect(rows.some((o) => o.closeOn < "2026-11-27")).toBe(true);
      expect(rows.some((o) => o.closeOn > "2027-03-01")).toBe(true);
    });

    it("walks each opportunity through the services: its stage history ends where it stands, and its lead's history shows it", async () => {
      await seedDemoData(db(), { leadCount: 120, now: NOW });
      const rows = await db().select().from(opportunities);
      const changes = await db().select().from(opportunityStageChanges).orderBy(asc(opportunityStageChanges.at), asc(opportunityStageChanges.id));
      const opened = await db().select().from(auditEvents).where(eq(auditEvents.action, "OPPORTUNITY_OPENED"));
      for (const o of rows) {
        const mine = changes.filter((c) => c.opportunityId === o.id);
        expect(mine[0]).toMatchObject({ fromStage: null, toStage: "OPPORTUNITY" });
        expect(mine.at(-1)!.toStage).toBe(o.stage);
        expect(opened.filter((event) => event.entityId === o.id)).toEqual([expect.objectContaining({ leadId: o.leadId })]);
      }
    });

    it("opens nothing twice when run again, and a larger lead count opens only the new converted leads' opportunities, the same as one run would", async () => {
      await seedDemoData(db(), { leadCount: 150, now: NOW });
      const first = await tableCounts();
      const firstPipeline = await pipelineSnapshot();
      expect(first.opportunities).toBeGreaterThan(0);

      const again = await seedDemoData(db(), { leadCount: 150, now: NOW });
      expect(again).toMatchObject({ opportunitiesOpened: 0, opportunitiesAlreadyThere: first.opportunities });
      expect(await tableCounts()).toEqual(first);

      const more = await seedDemoData(db(), { leadCount: 300, now: NOW });
      expect(more.opportunitiesAlreadyThere).toBe(first.opportunities);
      expect(more.opportunitiesOpened).toBeGreaterThan(0);
      const toppedUp = await pipelineSnapshot();
      expect(toppedUp).toHaveLength(first.opportunities + more.opportunitiesOpened);
      expect(toppedUp).toEqual(expect.arrayContaining(firstPipeline));

      await database.truncateAll();
      await seedDemoData(db(), { leadCount: 300, now: NOW });
      expect(await pipelineSnapshot()).toEqual(toppedUp);
    });

    it("fills two teams, a user in every role, and leads of every channel, tier, status and size", async () => {
      await seedDemoData(db(), { leadCount: 80, now: NOW });
      const rows = await db().select().from(leads);
      expect(rows).toHaveLength(80);
      expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(LEAD_CHANNELS));
      expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(TIERS));
      expect(new Set(rows.map((r) => r.status))).toEqual(new Set(LEAD_STATUSES));
      expect(new Set(rows.map((r) => r.companySize))).toEqual(new Set(COMPANY_SIZES));
      expect(rows.some((r) => /有限/.test(r.companyName))).toBe(true);
      expect(rows.some((r) => /^[A-Za-z]/.test(r.companyName))).toBe(true);
      expect(await db().select({ n: countRows() }).from(teams)).toEqual([{ n: 2 }]);
      const roles = new Set((await db().select({ role: users.role }).from(users)).map((u) => u.role));
      expect(roles).toEqual(new Set(USER_ROLES));
    });

    it("includes overdue and upcoming open follow-ups relative to the seed's clock", async () => {
      await seedDemoData(db(), { leadCount: 80, now: NOW });
      const open = eq(followUps.status, "OPEN");
      const [overdue] = await db().select({ n: countRows() }).from(followUps).where(and(open, lt(followUps.dueAt, NOW)));
      const [upcoming] = await db().select({ n: countRows() }).from(followUps).where(and(open, gt(followUps.dueAt, NOW)));
      expect(overdue!.n).toBeGreaterThan(0);
      expect(upcoming!.n).toBeGreaterThan(0);
    });

    it("keeps what the reports read as the services would: first assessments, furthest stages, open follow-ups' owner and tier (issue 9)", async () => {
      await seedDemoData(db(), { leadCount: 200, now: NOW });
      const kept = await expectFunnelProgressKept(db());
      expect(kept.assessedLeads).toBeGreaterThan(100);
      expect(kept.furtherThanNow).toBeGreaterThan(0);
      expect(await expectOpenFollowUpsOfTheirLeads(db())).toBeGreaterThan(50);
    });

    it("gives every demo account the printed demo password", async () => {
      const { accounts } = await seedDemoData(db(), { leadCount: 0, now: NOW });
      const [manager] = await db().select().from(users).where(eq(users.email, accounts[0]!.email));
      expect(await verifyPassword(DEMO_PASSWORD, manager!.passwordHash)).toBe(true);
      expect(await verifyPassword("wrong", manager!.passwordHash)).toBe(false);
    });

    it("writes nothing twice when run again, and a larger count adds only the missing leads", async () => {
      await seedDemoData(db(), { leadCount: 60, now: NOW, batchSize: 25 });
      const first = await tableCounts();
      const again = await seedDemoData(db(), { leadCount: 60, now: NOW, batchSize: 7 });
      expect(again).toMatchObject({ leadsCreated: 0, leadsAlreadyThere: 60 });
      expect(await tableCounts()).toEqual(first);

      const more = await seedDemoData(db(), { leadCount: 75, now: NOW });
      expect(more).toMatchObject({ leadsCreated: 15, leadsAlreadyThere: 60 });
      expect((await tableCounts()).leads).toBe(75);
    });

    it("produces the same leads from the same seed, whatever the batch size", async () => {
      const snapshot = () =>
        db()
          .select({
          id: leads.id,
          company: leads.companyName,
          creditCode: leads.creditCode,
          tier: leads.tier,
          status: leads.status,
          createdAt: leads.createdAt,
          updatedAt: leads.updatedAt,
          firstContactDueAt: leads.firstContactDueAt,
          firstContactAt: leads.firstContactAt,
          lastContactAt: leads.lastContactAt,
          needsReassessment: leads.needsReassessment,
        })
          .from(leads)
          .orderBy(asc(leads.id));
      await seedDemoData(db(), { leadCount: 40, now: NOW, batchSize: 40 });
      const first = await snapshot();
      await database.truncateAll();
      await seedDemoData(db(), { leadCount: 40, now: NOW, batchSize: 9 });
      expect(await snapshot()).toEqual(first);
    });

    it("SOP-3.4–3.6 keeps each lead's contact columns as the follow-up services would", async () => {
      await seedDemoData(db(), { leadCount: 200, now: NOW });
      const allLeads = await db().select().from(leads);
      const allFollowUps = await db().select().from(followUps).orderBy(asc(followUps.completedAt));
      const latestAssessment = new Map((await db().select().from(leadAssessments)).map((a) => [a.leadId, a]));
      const calendar = chinaMainlandCalendar();
      const deadline = (capturedAt: Date, tier: Tier) => planFirstContact({ capturedAt, tier }, DEFAULT_PLAYBOOK, calendar).slaDueAt.getTime();

      for (const lead of allLeads) {
        const mine = allFollowUps.filter((f) => f.leadId === lead.id);
        const done = mine.filter((f) => f.status === "DONE");
        const reached = done.filter((f) => f.outcome !== "NO_ANSWER");
        const context = `${lead.companyName} (${lead.status}, tier ${lead.tier})`;
        // The first-contact deadline in force is the one on the lead's first-contact follow-ups,
        // under the tier the lead had until the customer was reached (B before any assessment).
        expect(lead.firstContactDueAt, context).not.toBeNull();
        for (const firstContact of mine.filter((f) => f.kind === "FIRST_CONTACT")) {
          expect(firstContact.slaDueAt?.getTime(), context).toBe(lead.firstContactDueAt!.getTime());
        }
        const possibleTiers: Tier[] = ["B", latestAssessment.get(lead.id)?.tier ?? "B", lead.tier];
        expect(possibleTiers.map((tier) => deadline(lead.createdAt, tier)), context).toContain(lead.firstContactDueAt!.getTime());
        // Reached: the first follow-up with any outcome but NO_ANSWER; never reached: null.
        expect(lead.firstContactAt?.getTime() ?? null, context).toBe(reached[0]?.completedAt?.getTime() ?? null);
        expect(lead.lastContactAt?.getTime() ?? null, context).toBe(reached.at(-1)?.completedAt?.getTime() ?? null);
        expect(lead.needsReassessment, context).toBe(done.at(-1)?.interest === "RAISED");
        expect(mine.filter((f) => f.status === "OPEN").length, context).toBe(lead.status === "DISQUALIFIED" || lead.status === "CONVERTED" ? 0 : 1);
        expect(lead.updatedAt.getTime(), context).toBeGreaterThanOrEqual(lead.lastContactAt?.getTime() ?? lead.createdAt.getTime());
      }
      // Every case shows up: leads never reached (some after an unanswered call), and leads
      // whose raised interest awaits a re-assessment.
      const unreached = allLeads.filter((lead) => lead.firstContactAt === null);
      expect(unreached.length).toBeGreaterThan(0);
      const unanswered = new Set(allFollowUps.filter((f) => f.outcome === "NO_ANSWER").map((f) => f.leadId));
      expect(unreached.some((lead) => unanswered.has(lead.id))).toBe(true);
      expect(allLeads.filter((lead) => lead.needsReassessment).length).toBeGreaterThan(0);
      expect(allLeads.filter((lead) => lead.needsReassessment).length).toBeLessThan(allLeads.length / 10);
    });

    it("shows every seeded change in its lead's history, starting with the capture", async () => {
      await seedDemoData(db(), { leadCount: 80, now: NOW });
      const events = await db().select().from(auditEvents).orderBy(asc(auditEvents.id));
      expect(events.every((event) => event.leadId !== null)).toBe(true);

      const analyst = { id: stableUuid("user:analyst") };
      const res = await api.graphql<{ leads: { totalCount: number; edges: { node: { historyCount: number; history: { action: string }[] } }[] } }>(
        `{ leads(first: 200) { totalCount edges { node { historyCount history { action } } } } }`,
        {},
        { as: analyst },
      );
      expect(res.errors).toBeUndefined();
      const nodes = res.data!.leads.edges.map((edge) => edge.node);
      expect(nodes).toHaveLength(80);
      for (const node of nodes) {
        expect(node.historyCount).toBeGreaterThan(0);
        expect(node.history).toHaveLength(node.historyCount);
        expect(node.history[0]!.action).toBe("LEAD_CAPTURED");
      }
      expect(nodes.reduce((sum, node) => sum + node.historyCount, 0)).toBe(events.length);
    });

    it("SOP-1.4 gives about a third of the Chinese companies a valid credit code, which is their duplicate key", async () => {
      await seedDemoData(db(), { leadCount: 300, now: NOW });
      const rows = await db().select().from(leads);
      const chinese = rows.filter((lead) => /公司$/.test(lead.companyName));
      const withCode = rows.filter((lead) => lead.creditCode !== null);
      for (const lead of withCode) {
        expect(validateCreditCode(lead.creditCode!), lead.creditCode!).toEqual({ ok: true, value: lead.creditCode });
        expect(lead.creditCodeKey).toBe(lead.creditCode);
        expect(chinese).toContain(lead);
      }
      expect(new Set(withCode.map((lead) => lead.creditCode)).size).toBe(withCode.length);
      expect(withCode.length / chinese.length).toBeGreaterThan(0.2);
      expect(withCode.length / chinese.length).toBeLessThan(0.5);
      expect(rows.filter((lead) => lead.creditCode === null).every((lead) => lead.creditCodeKey === null)).toBe(true);
    });

    it("includes 华为技术有限公司, so the README's search example finds a lead", async () => {
      await seedDemoData(db(), { leadCount: 20, now: NOW });
      const rows = await db().select({ companyName: leads.companyName, creditCode: leads.creditCode }).from(leads);
      expect(rows).toContainEqual({ companyName: "华为技术有限公司", creditCode: expect.stringMatching(/^91440300/) });
    });

    it("reports progress batch by batch up to the total", async () => {
      const reports: [number, number][] = [];
      await seedDemoData(db(), { leadCount: 30, now: NOW, batchSize: 12, onProgress: (done, total) => reports.push([done, total]) });
      expect(reports).toEqual([
        [12, 30],
        [24, 30],
        [30, 30],
      ]);
    });
  });
}
