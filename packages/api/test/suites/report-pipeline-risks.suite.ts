import { DEFAULT_PLAYBOOK, type PipelineStage } from "@sales/domain";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { proposalVersions } from "../../src/proposals/proposal.table.ts";
import { proposalReviews } from "../../src/reviews/review.table.ts";
import type { UserRow } from "../support/index.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import { daysBefore, insertDeal, insertVersion } from "../support/report-extra-deals.ts";
import { FIXTURE_NOW } from "../support/report-fixture.ts";
import { useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";

// Issue 9 report 6 over the hand-checked fixture (support/report-fixture.ts lists every row).
// NOW = 2026-06-15T04:00Z; EAST's today 2026-06-15, WEST's 2026-06-14; both teams stall
// OPPORTUNITY after 14 days and IN_REVIEW after 5, wait 3 days for a review, 2 for a decision.
//   O5  EAST repA IN_REVIEW since 05-07 02:00: 39 d 2 h; FINANCE review requested 05-07 03:00, no verdict: 39 d 1 h
//   O8  EAST repB OPPORTUNITY since 05-08 02:00: 38 d 2 h; closes 2026-06-10, 5 days before EAST's today
//   O10 WEST repW OPPORTUNITY since 06-02 16:00: 12 d 12 h, under 14: not stalled
//   O13 WEST repW IN_REVIEW since 06-05 18:00: 9 d 10 h; its one review in on 06-08 18:00, undecided: 6 d 10 h
//   O7  EAST LOST, its version still IN_REVIEW with every review in and undecided: hidden (the deal is lost)

const RISKS = `query Risks($teamId: ID, $ownerId: ID, $first: Int) {
  pipelineRisks(teamId: $teamId, ownerId: $ownerId, first: $first) {
    teams { id }
    stalled { totalCount drill items { opportunity { id } stage daysInStage thresholdDays } }
    reviewsWaiting { totalCount opportunityCount drill items { reviewId versionId opportunity { id } department reviewer { id } requestedAt waitedDays thresholdDays } }
    decisionsWaiting { totalCount drill items { versionId opportunity { id } lastReviewAt waitedDays thresholdDays } }
    closeDatePassed { totalCount drill items { opportunity { id } expectedCloseOn daysPast } } } }`;

interface Section<T> {
  totalCount: number;
  drill: string;
  items: T[];
}
interface Risks {
  teams: { id: string }[];
  stalled: Section<{ opportunity: { id: string }; stage: string; daysInStage: number; thresholdDays: number }>;
  reviewsWaiting: Section<{
    reviewId: string;
    versionId: string;
    opportunity: { id: string };
    department: string;
    reviewer: { id: string };
    requestedAt: string;
    waitedDays: number;
    thresholdDays: number;
  }> & { opportunityCount: number };
  decisionsWaiting: Section<{ versionId: string; opportunity: { id: string }; lastReviewAt: string; waitedDays: number; thresholdDays: number }>;
  closeDatePassed: Section<{ opportunity: { id: string }; expectedCloseOn: string; daysPast: number }>;
}

const H = 1 / 24;
const SECTIONS = ["stalled", "reviewsWaiting", "decisionsWaiting", "closeDatePassed"] as const;

export function reportPipelineRisksSuite(database: TestDatabase) {
  describe(`pipelineRisks on ${database.driver}`, () => {
    const { fixture, reportQuery, drilledOpportunities: drilled, firstError, opportunityIds: ids } = useReportClient(database);
    const risks = reportQuery<Risks>(RISKS, "pipelineRisks");
    const totals = (report: Risks) => SECTIONS.map((section) => report[section].totalCount);
    async function versionOf(opportunity: string) {
      const [version] = await database.handle.db.select({ id: proposalVersions.id }).from(proposalVersions).where(eq(proposalVersions.opportunityId, opportunity));
      const [review] = await database.handle.db.select({ id: proposalReviews.id }).from(proposalReviews).where(eq(proposalReviews.versionId, version!.id));
      return { versionId: version!.id, reviewId: review!.id };
    }

    describe("a manager's team", () => {
      it("lists EAST's stalled deals, longest past its threshold first: O5 (39 d 2 h in review, over 5) before O8 (38 d 2 h, over 14)", async () => {
        const report = await risks(fixture.users.managerEast);
        expect(report.teams).toEqual([{ id: fixture.east.id }]);
        expect(totals(report)).toEqual([2, 1, 0, 1]);
        expect(report.stalled.items.map((item) => [item.opportunity.id, item.stage, item.thresholdDays])).toEqual([
          [fixture.opportunities.O5, "IN_REVIEW", 5],
          [fixture.opportunities.O8, "OPPORTUNITY", 14],
        ]);
        expect(report.stalled.items[0]!.daysInStage).toBeCloseTo(39 + 2 * H, 9);
        expect(report.stalled.items[1]!.daysInStage).toBeCloseTo(38 + 2 * H, 9);
      });

      it("lists O5's FINANCE review waiting 39 d 1 h, not O7's (answered) nor O13's (another team)", async () => {
        const report = await risks(fixture.users.managerEast);
        const { versionId, reviewId } = await versionOf(fixture.opportunities.O5);
        expect(report.reviewsWaiting.opportunityCount).toBe(1);
        expect(report.reviewsWaiting.items).toHaveLength(1);
        const [item] = report.reviewsWaiting.items;
        expect({ ...item, waitedDays: 0 }).toEqual({
          reviewId,
          versionId,
          opportunity: { id: fixture.opportunities.O5 },
          department: "FINANCE",
          reviewer: { id: fixture.users.reviewerEast.id },
          requestedAt: "2026-05-07T03:00:00.000Z",
          waitedDays: 0,
          thresholdDays: 3,
        });
        expect(item!.waitedDays).toBeCloseTo(39 + H, 9);
      });

      it("waits for no decision: O5's review is still open, and lost O7's undecided version is hidden", async () => {
        const report = await risks(fixture.users.managerEast);
        expect(report.decisionsWaiting.items).toEqual([]);
        expect(await drilled(fixture.users.managerEast, report.decisionsWaiting.drill)).toEqual([]);
      });

      it("lists O8, closing 2026-06-10, 5 days before EAST's today", async () => {
        const report = await risks(fixture.users.managerEast);
        expect(report.closeDatePassed.items).toEqual([{ opportunity: { id: fixture.opportunities.O8 }, expectedCloseOn: "2026-06-10", daysPast: 5 }]);
      });

      it("drills each section to its opportunities", async () => {
        const report = await risks(fixture.users.managerEast);
        const manager = fixture.users.managerEast;
        expect(await drilled(manager, report.stalled.drill)).toEqual(ids("O5", "O8"));
        expect(await drilled(manager, report.reviewsWaiting.drill)).toEqual(ids("O5"));
        expect(await drilled(manager, report.closeDatePassed.drill)).toEqual(ids("O8"));
      });
    });

    describe("the analyst, company-wide", () => {
      it("adds WEST: O13 stalled in review (9 d 10 h, over 5) and its decision waiting 6 d 10 h (over 2); O10 (12 d 12 h of 14) is not stalled", async () => {
        const report = await risks(fixture.users.analyst);
        expect(totals(report)).toEqual([3, 1, 1, 1]);
        expect(report.stalled.items.map((item) => item.opportunity.id)).toEqual([fixture.opportunities.O5, fixture.opportunities.O8, fixture.opportunities.O13]);
        expect(report.stalled.items[2]!.daysInStage).toBeCloseTo(9 + 10 * H, 9);
        const { versionId } = await versionOf(fixture.opportunities.O13);
        const [decision] = report.decisionsWaiting.items;
        expect({ ...decision, waitedDays: 0 }).toEqual({
          versionId,
          opportunity: { id: fixture.opportunities.O13 },
          lastReviewAt: "2026-06-08T18:00:00.000Z",
          waitedDays: 0,
          thresholdDays: 2,
        });
        expect(decision!.waitedDays).toBeCloseTo(6 + 10 * H, 9);
      });

      it("drills company-wide sections", async () => {
        const report = await risks(fixture.users.analyst);
        const analyst = fixture.users.analyst;
        expect(await drilled(analyst, report.stalled.drill)).toEqual(ids("O5", "O8", "O13"));
        expect(await drilled(analyst, report.reviewsWaiting.drill)).toEqual(ids("O5"));
        expect(await drilled(analyst, report.decisionsWaiting.drill)).toEqual(ids("O13"));
        expect(await drilled(analyst, report.closeDatePassed.drill)).toEqual(ids("O8"));
      });

      it("bounds each section's items by first, totalCount still counting all", async () => {
        const report = await risks(fixture.users.analyst, { first: 1 });
        expect(totals(report)).toEqual([3, 1, 1, 1]);
        expect(report.stalled.items.map((item) => item.opportunity.id)).toEqual([fixture.opportunities.O5]);
      });

      it("narrows to WEST with teamId", async () => {
        const report = await risks(fixture.users.analyst, { teamId: fixture.west.id });
        expect(totals(report)).toEqual([1, 0, 1, 0]);
      });
    });

    describe("a rep sees their own work only", () => {
      it("repA: O5 stalled and its review waiting; repB: O8 stalled and past its close date", async () => {
        expect(totals(await risks(fixture.users.repA))).toEqual([1, 1, 0, 0]);
        const repB = await risks(fixture.users.repB);
        expect(totals(repB)).toEqual([1, 0, 0, 1]);
        expect(await drilled(fixture.users.repB, repB.closeDatePassed.drill)).toEqual(ids("O8"));
      });

      it("repA asking for repB's work gets nothing, nor repB's O8 through repB's drill", async () => {
        const asked = await risks(fixture.users.repA, { ownerId: fixture.users.repB.id });
        expect(totals(asked)).toEqual([0, 0, 0, 0]);
        expect(asked.stalled.items).toEqual([]);
        const repB = await risks(fixture.users.repB);
        expect(await drilled(fixture.users.repA, repB.closeDatePassed.drill)).toEqual([]);
      });
    });

    describe("access and arguments", () => {
      it("refuses a reviewer (FORBIDDEN)", async () => {
        expect((await firstError(fixture.users.reviewerEast, RISKS, {}))?.code).toBe("FORBIDDEN");
      });

      it("gives a manager naming another team the empty answer the lists give", async () => {
        const report = await risks(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(report.teams).toEqual([]);
        expect(totals(report)).toEqual([0, 0, 0, 0]);
        expect(await drilled(fixture.users.managerEast, report.stalled.drill)).toEqual([]);
      });

      it.each([
        ["first", { first: 0 }],
        ["first", { first: 201 }],
        ["teamId", { teamId: "not-an-id" }],
        ["ownerId", { ownerId: "not-an-id" }],
      ])("names %s when it is bad (BAD_USER_INPUT)", async (field, variables) => {
        expect(await firstError(fixture.users.managerEast, RISKS, variables)).toMatchObject({ code: "BAD_USER_INPUT", field });
      });
    });

    // Last, so the rows it adds (a team of its own) are in no figure above.
    describe("thresholds of the team's own playbook and their edges, on deals of a team of its own", () => {
      let manager: UserRow;
      const deal: Record<string, string> = {};
      const version: Record<string, string> = {};
      beforeAll(async () => {
        const db = database.handle.db;
        // Asia/Shanghai (today 2026-06-15); OPPORTUNITY stalls after 3 days, a review may wait 1 day, a decision 2.
        const team = await createTeam(db, {
          name: "风险附加团队",
          playbook: {
            ...DEFAULT_PLAYBOOK,
            pipeline: { ...DEFAULT_PLAYBOOK.pipeline, stalledAfterDays: { ...DEFAULT_PLAYBOOK.pipeline.stalledAfterDays, OPPORTUNITY: 3 }, reviewWaitDays: 1, decisionWaitDays: 2 },
          },
        });
        manager = await createUser(db, { role: "MANAGER", teamId: team.id });
        const rep = await createUser(db, { role: "REP", teamId: team.id });
        const reviewer = await createUser(db, { role: "REVIEWER", teamId: team.id });
        const ago = (days: number, ms = 0) => daysBefore(FIXTURE_NOW, days, ms);
        const add = (key: string, closeOn: string, moves: [PipelineStage, Date][]) => insertDeal(db, { name: key, owner: rep, value: 100n, closeOn, moves }).then((id) => (deal[key] = id));
        const inReview = (days: number, ms = 0): [PipelineStage, Date][] => [["OPPORTUNITY", ago(30)], ["PROPOSAL", ago(25)], ["IN_REVIEW", ago(days, ms)]];
        const review = (department: "FINANCE" | "TECHNICAL" | "LEGAL", requestedAt: Date, submittedAt?: Date) => ({ department, reviewer, requestedBy: manager, requestedAt, submittedAt });
        const versionOfDeal = async (key: string, status: "IN_REVIEW" | "SUBMITTED", reviews: ReturnType<typeof review>[]) => {
          version[key] = await insertVersion(db, { opportunityId: deal[key]!, owner: rep, status, submittedAt: ago(12), reviews });
        };

        await add("Y1", "2026-06-14", [["OPPORTUNITY", ago(3)]]); // exactly 3 days: not stalled; closed yesterday
        await add("Y2", "2026-06-15", [["OPPORTUNITY", ago(3, 3_600_000)]]); // 3 d 1 h: stalled; closes today
        await add("Y3", "2026-12-31", [...inReview(12), ["LOST", ago(1)]]);
        await versionOfDeal("Y3", "IN_REVIEW", [review("FINANCE", ago(12))]); // waits 12 days, but the deal is lost
        await add("Y4", "2026-12-31", inReview(3));
        // Two reviews open (2 days, 1 d 23 h); LEGAL's came in 2 d 1 h ago, but the version still waits for the others.
        await versionOfDeal("Y4", "IN_REVIEW", [review("FINANCE", ago(2)), review("TECHNICAL", ago(2, -3_600_000)), review("LEGAL", ago(3), ago(2, 3_600_000))]);
        await add("Y5", "2026-12-31", inReview(4));
        await versionOfDeal("Y5", "IN_REVIEW", [review("FINANCE", ago(4), ago(3)), review("TECHNICAL", ago(4), ago(2))]); // last review exactly 2 days ago
        await add("Y6", "2026-12-31", inReview(4));
        await versionOfDeal("Y6", "IN_REVIEW", [review("FINANCE", ago(4), ago(3)), review("TECHNICAL", ago(4), ago(2, 60_000))]); // last 2 days and a minute ago
        await add("Y7", "2026-12-31", inReview(1));
        await versionOfDeal("Y7", "IN_REVIEW", [review("FINANCE", ago(1))]); // requested exactly 1 day ago
        await add("Y8", "2026-12-31", inReview(10));
        await versionOfDeal("Y8", "SUBMITTED", []); // submitted 12 days ago, never sent for review
        await add("Y9", "2026-12-31", [...inReview(23), ["NEGOTIATION", ago(22)]]);
      });

      it("stalls by the team's own thresholds, strictly past them, longest past first (Y8 5 days over, Y9 1, Y2 an hour)", async () => {
        const report = await risks(manager);
        expect(totals(report)).toEqual([3, 2, 1, 1]);
        expect(report.stalled.items.map((item) => [item.opportunity.id, item.stage, item.thresholdDays])).toEqual([
          [deal.Y8, "IN_REVIEW", 5], // 10 days of 5
          [deal.Y9, "NEGOTIATION", 21], // 22 days of 21: more days in stage than Y8, less past its threshold
          [deal.Y2, "OPPORTUNITY", 3], // 3 d 1 h of 3; Y1's exactly 3 days is not past
        ]);
        expect(report.stalled.items.map((item) => item.daysInStage)).toEqual([10, 22, 3 + H].map((days) => expect.closeTo(days, 9)));
        expect(await drilled(manager, report.stalled.drill)).toEqual([deal.Y2!, deal.Y8!, deal.Y9!].sort());
      });

      it("counts Y4's two open reviews (one opportunity), not Y7's of exactly a day nor lost Y3's", async () => {
        const report = await risks(manager);
        expect(report.reviewsWaiting.opportunityCount).toBe(1);
        expect(report.reviewsWaiting.items.map((item) => [item.versionId, item.department, item.thresholdDays])).toEqual([
          [version.Y4, "FINANCE", 1], // 2 days
          [version.Y4, "TECHNICAL", 1], // 1 d 23 h
        ]);
        expect(report.reviewsWaiting.items[1]!.waitedDays).toBeCloseTo(2 - H, 9);
        expect(await drilled(manager, report.reviewsWaiting.drill)).toEqual([deal.Y4!]);
      });

      it("waits for Y6's decision (last review 2 days and a minute ago), not Y5's (exactly 2 days), Y4's (reviews open) nor Y8's (never sent for review)", async () => {
        const report = await risks(manager);
        expect(report.decisionsWaiting.items.map((item) => [item.versionId, item.thresholdDays])).toEqual([[version.Y6, 2]]);
        expect(report.decisionsWaiting.items[0]!.waitedDays).toBeCloseTo(2 + 1 / 1440, 9); // from the last review, not the first (3 days)
        expect(await drilled(manager, report.decisionsWaiting.drill)).toEqual([deal.Y6!]);
      });

      it("counts Y1, closing yesterday, as past, and Y2, closing today, not", async () => {
        const report = await risks(manager);
        expect(report.closeDatePassed.items).toEqual([{ opportunity: { id: deal.Y1 }, expectedCloseOn: "2026-06-14", daysPast: 1 }]);
        expect(await drilled(manager, report.closeDatePassed.drill)).toEqual([deal.Y1!]);
      });
    });
  });
}
