import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { FIXTURE_PERIOD } from "../support/report-fixture.ts";
import { forgedDrill, useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";

// Issue 9 report 1 over the hand-checked fixture (support/report-fixture.ts lists every row).
// Steps in order: CAPTURED, ASSESSED, OPPORTUNITY, PROPOSAL, IN_REVIEW, NEGOTIATION, WON.

const STEPS = `step count conversionFromPrevious { numerator denominator value } drill`;
const BREAKDOWN = `tier channel steps { ${STEPS} } leadToWon { numerator denominator value }`;
const FUNNEL = `query Funnel($from: LocalDate!, $to: LocalDate!, $view: FunnelView!, $teamId: ID, $ownerId: ID) {
  pipelineFunnel(from: $from, to: $to, view: $view, teamId: $teamId, ownerId: $ownerId) {
    view from to teams { id name timeZone today }
    total { ${BREAKDOWN} } byTier { ${BREAKDOWN} } byChannel { ${BREAKDOWN} } } }`;

interface Step {
  step: string;
  count: number;
  conversionFromPrevious: { numerator: number; denominator: number; value: number | null } | null;
  drill: string;
}
interface Breakdown {
  tier: string | null;
  channel: string | null;
  steps: Step[];
  leadToWon: { numerator: number; denominator: number; value: number | null };
}
interface Funnel {
  view: string;
  teams: { id: string; name: string; timeZone: string; today: string }[];
  total: Breakdown;
  byTier: Breakdown[];
  byChannel: Breakdown[];
}

const counts = (breakdown: Breakdown) => breakdown.steps.map((step) => step.count);
const step = (breakdown: Breakdown, name: string) => breakdown.steps.find((candidate) => candidate.step === name)!;

export function reportFunnelSuite(database: TestDatabase) {
  describe(`pipelineFunnel on ${database.driver}`, () => {
    const { api, fixture, reportQuery, drilledLeads, drilledOpportunities, drillError, firstError, leadIds, opportunityIds } = useReportClient(database);
    const funnel = reportQuery<Funnel>(FUNNEL, "pipelineFunnel", { ...FIXTURE_PERIOD, view: "COHORT" });

    describe("cohort view: leads captured in May, wherever they are now", () => {
      it("counts a manager's team: L1–L4 captured; L1, L2, L3 assessed; L1 and L2 opened deals; only L1's went on to WON", async () => {
        const report = await funnel(fixture.users.managerEast);
        expect(report.teams).toEqual([{ id: fixture.east.id, name: fixture.east.name, timeZone: "Asia/Shanghai", today: "2026-06-15" }]);
        expect(counts(report.total)).toEqual([4, 3, 2, 1, 1, 1, 1]);
        expect(step(report.total, "ASSESSED").conversionFromPrevious).toEqual({ numerator: 3, denominator: 4, value: 0.75 });
        expect(step(report.total, "PROPOSAL").conversionFromPrevious).toEqual({ numerator: 1, denominator: 2, value: 0.5 });
        expect(step(report.total, "CAPTURED").conversionFromPrevious).toBeNull();
        expect(report.total.leadToWon).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
      });

      it("counts a lead captured at 01:00 on 1 June in Shanghai (17:00 UTC on 31 May) in June, not May, and one at 23:00 on 30 April in April", async () => {
        // L6 and L8 would fall the other way in UTC; the team total stays L1–L4.
        const report = await funnel(fixture.users.managerEast);
        expect(await drilledLeads(fixture.users.managerEast, step(report.total, "CAPTURED").drill)).toEqual(leadIds("L1", "L2", "L3", "L4"));
      });

      it("breaks the team down by tier (L1 A; L2, L4 B; L3 C) and by channel, every tier and channel present", async () => {
        const report = await funnel(fixture.users.managerEast);
        const byTier = Object.fromEntries(report.byTier.map((row) => [row.tier, counts(row)]));
        expect(byTier).toEqual({ A: [1, 1, 1, 1, 1, 1, 1], B: [2, 1, 1, 0, 0, 0, 0], C: [1, 1, 0, 0, 0, 0, 0] });
        const byChannel = Object.fromEntries(report.byChannel.filter((row) => row.steps[0]!.count > 0).map((row) => [row.channel, counts(row)]));
        expect(byChannel).toEqual({
          TRADE_SHOW: [2, 1, 1, 1, 1, 1, 1], // L1 and L4 (disqualified before any opportunity)
          INDUSTRY_WEBSITE: [1, 1, 1, 0, 0, 0, 0], // L2, whose deal was lost from OPPORTUNITY
          CUSTOMER_REFERRAL: [1, 1, 0, 0, 0, 0, 0], // L3
        });
        expect(report.byChannel).toHaveLength(9);
      });

      it("counts a deal that went back from IN_REVIEW to PROPOSAL as having reached IN_REVIEW once", async () => {
        const report = await funnel(fixture.users.managerEast);
        expect(step(report.byTier.find((row) => row.tier === "A")!, "IN_REVIEW").count).toBe(1);
        expect(await drilledLeads(fixture.users.managerEast, step(report.total, "IN_REVIEW").drill)).toEqual(leadIds("L1"));
      });

      it("buckets each team in its own time zone company-wide: WEST's May (Los Angeles) holds L10 and L12, not L11", async () => {
        const report = await funnel(fixture.users.analyst);
        expect(report.teams.map((team) => [team.name, team.timeZone, team.today])).toEqual([
          ["Pacific Fixture", "America/Los_Angeles", "2026-06-14"],
          ["华东大区 Fixture", "Asia/Shanghai", "2026-06-15"],
        ]);
        // EAST [4, 3, 2, 1, 1, 1, 1] + WEST L10 (A, assessed, OPPORTUNITY) and L12 (C, assessed): [2, 2, 1, 0, 0, 0, 0]
        expect(counts(report.total)).toEqual([6, 5, 3, 1, 1, 1, 1]);
        expect(report.total.leadToWon).toEqual({ numerator: 1, denominator: 6, value: 1 / 6 });
        expect(await drilledLeads(fixture.users.analyst, step(report.total, "CAPTURED").drill)).toEqual(leadIds("L1", "L2", "L3", "L4", "L10", "L12"));
      });

      it("shows the analyst the leads behind a figure with contact details masked", async () => {
        const report = await funnel(fixture.users.analyst, { teamId: fixture.east.id });
        const response = await api.graphql<{ reportLeads: { edges: { node: { id: string; phone: string } }[] } }>(
          `query($drill: String!) { reportLeads(drill: $drill) { edges { node { id phone } } } }`,
          { drill: step(report.total, "WON").drill },
          { as: fixture.users.analyst },
        );
        expect(response.data!.reportLeads.edges.map((edge) => edge.node.id)).toEqual([fixture.leads.L1]);
        expect(response.data!.reportLeads.edges[0]!.node.phone).toMatch(/\*{4}/);
      });

      it("gives a rep their own leads only: rep A's L1 and L2, rep B's L3 and L4", async () => {
        expect(counts((await funnel(fixture.users.repA)).total)).toEqual([2, 2, 2, 1, 1, 1, 1]);
        expect(counts((await funnel(fixture.users.repB)).total)).toEqual([2, 1, 0, 0, 0, 0, 0]);
        const repA = await funnel(fixture.users.repA);
        expect(await drilledLeads(fixture.users.repA, step(repA.total, "CAPTURED").drill)).toEqual(leadIds("L1", "L2"));
      });

      it("narrows a manager's report to one rep", async () => {
        expect(counts((await funnel(fixture.users.managerEast, { ownerId: fixture.users.repB.id })).total)).toEqual([2, 1, 0, 0, 0, 0, 0]);
      });

      it("answers a filter on someone the viewer may not see with an empty report, as the lists do", async () => {
        // Rep A sees their own figures (above) but nothing of rep B's; a manager nothing of another team's.
        expect(counts((await funnel(fixture.users.repA, { ownerId: fixture.users.repB.id })).total)).toEqual([0, 0, 0, 0, 0, 0, 0]);
        const foreign = await funnel(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(foreign.teams).toEqual([]);
        expect(counts(foreign.total)).toEqual([0, 0, 0, 0, 0, 0, 0]);
        expect(counts((await funnel(fixture.users.managerWest)).total)).toEqual([2, 2, 1, 0, 0, 0, 0]);
      });

      it("drills a figure again under the caller's own visibility: rep B sees none of rep A's leads behind the manager's WON", async () => {
        const report = await funnel(fixture.users.managerEast);
        const won = step(report.total, "WON").drill;
        expect(await drilledLeads(fixture.users.managerEast, won)).toEqual(leadIds("L1"));
        expect(await drilledLeads(fixture.users.repA, won)).toEqual(leadIds("L1"));
        expect(await drilledLeads(fixture.users.repB, won)).toEqual([]);
      });
    });

    describe("activity view: what happened in May", () => {
      it("counts leads captured and assessed, and opportunities entering each stage, once each", async () => {
        const report = await funnel(fixture.users.managerEast, { view: "ACTIVITY" });
        // CAPTURED L1–L4; ASSESSED L1, L2, L3 and L8 (assessed at 01:00 on 1 May in Shanghai);
        // OPPORTUNITY O1, O2, O8 (O8 entered twice, after its rejection); PROPOSAL O1 (twice), O5, O8;
        // IN_REVIEW O1 (twice), O5, O8; NEGOTIATION O1; WON O1. O7's loss is not a step.
        expect(counts(report.total)).toEqual([4, 4, 3, 3, 3, 1, 1]);
        expect(step(report.total, "NEGOTIATION").conversionFromPrevious).toEqual({ numerator: 1, denominator: 3, value: 1 / 3 });
        const byTier = Object.fromEntries(report.byTier.map((row) => [row.tier, counts(row)]));
        expect(byTier).toEqual({ A: [1, 2, 2, 3, 3, 1, 1], B: [2, 1, 1, 0, 0, 0, 0], C: [1, 1, 0, 0, 0, 0, 0] });
      });

      it("drills an activity stage to the opportunities that entered it, and ASSESSED to the leads assessed", async () => {
        const report = await funnel(fixture.users.managerEast, { view: "ACTIVITY" });
        expect(await drilledOpportunities(fixture.users.managerEast, step(report.total, "PROPOSAL").drill)).toEqual(opportunityIds("O1", "O5", "O8"));
        expect(await drilledLeads(fixture.users.managerEast, step(report.total, "ASSESSED").drill)).toEqual(leadIds("L1", "L2", "L3", "L8"));
        expect(await drillError(fixture.users.managerEast, step(report.total, "PROPOSAL").drill, "reportLeads")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
      });

      it("counts a lead as ASSESSED in the period it was first assessed: L5, assessed in April and again in May (SOP-2.6), is not in May's", async () => {
        const [again] = await database.handle.db
          .insert(leadAssessments)
          .values({
            leadId: fixture.leads.L5,
            assessedById: fixture.users.repA.id,
            needUrgency: "HIGH",
            budget: "HIGH",
            decisionAuthority: "HIGH",
            tier: "A",
            reasons: [],
            incomplete: false,
            assessedAt: new Date("2026-05-12T03:00:00Z"),
          })
          .returning({ id: leadAssessments.id });
        try {
          const report = await funnel(fixture.users.managerEast, { view: "ACTIVITY" });
          expect(step(report.total, "ASSESSED").count).toBe(4);
          expect(await drilledLeads(fixture.users.managerEast, step(report.total, "ASSESSED").drill)).toEqual(leadIds("L1", "L2", "L3", "L8"));
        } finally {
          await database.handle.db.delete(leadAssessments).where(eq(leadAssessments.id, again!.id));
        }
      });
    });

    describe("arguments and roles", () => {
      it("refuses a reviewer, who reads proposals only", async () => {
        expect((await firstError(fixture.users.reviewerEast, FUNNEL, { ...FIXTURE_PERIOD, view: "COHORT" }))?.code).toBe("FORBIDDEN");
      });

      it.each([
        [{ from: "2026-06-01", to: "2026-05-01" }, "to"],
        [{ from: "2024-01-01", to: "2026-06-01" }, "to"],
        [{ teamId: "not-an-id" }, "teamId"],
        [{ ownerId: "not-an-id" }, "ownerId"],
      ])("names the argument at fault: %o", async (variables, field) => {
        expect(await firstError(fixture.users.managerEast, FUNNEL, { ...FIXTURE_PERIOD, view: "COHORT", ...variables })).toMatchObject({ code: "BAD_USER_INPUT", field });
      });

      it.each(["", "not-a-token", forgedDrill("FUNNEL_COHORT", null, { step: "SOLD" })])(
        "refuses a drill token the reports did not issue, naming drill: %s",
        async (drill) => {
          expect(await drillError(fixture.users.managerEast, drill, "reportLeads")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
        },
      );
    });
  });
}
