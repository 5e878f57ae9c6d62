import { describe, expect, it } from "vitest";
import { FIXTURE_PERIOD } from "../support/report-fixture.ts";
import { forgedDrill, useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";
import type { UserRow } from "../support/index.ts";
import { DISCIPLINE, loadDisciplineExtra, type Discipline, type DrilledRatio } from "./report-follow-up-discipline.suite.ts";

// Issue 9 report 8 over the hand-checked fixture (support/report-fixture.ts lists every row),
// plus team EXTRA of the follow-up discipline suite (its header lists the rows): rep Y, an
// active rep with no work (Rep Idle) and an inactive one (Rep Gone). NOW 2026-06-15T04:00Z, May
// in each team's zone. Leads owned are the rep's leads now, merged and disqualified left out.
// Win probabilities: EAST (default) OPPORTUNITY 10, IN_REVIEW 40; WEST OPPORTUNITY 20, IN_REVIEW 60.

const MONEY_FIGURE = "amounts { amount currency } drill";
const RATIO = "numerator denominator value numeratorDrill denominatorDrill";
const SCORECARD = `query Scorecard($from: LocalDate!, $to: LocalDate!, $teamId: ID, $ownerId: ID, $first: Int, $after: String) {
  repScorecard(from: $from, to: $to, teamId: $teamId, ownerId: $ownerId, first: $first, after: $after) {
    from to teams { id name timeZone today }
    reps { nodes { rep { id displayName } team { id name }
      leadsOwned { tier count drill } firstContactRate { ${RATIO} } overdueNow { count drill }
      openPipeline { ${MONEY_FIGURE} } weightedForecast { ${MONEY_FIGURE} } wonValue { ${MONEY_FIGURE} } winRate { ${RATIO} } }
    pageInfo { hasNextPage endCursor } } } }`;

interface Money {
  amount: string;
  currency: string;
}
interface MoneyFigure {
  amounts: Money[];
  drill: string;
}
interface ScorecardRow {
  rep: { id: string; displayName: string };
  team: { id: string; name: string };
  leadsOwned: { tier: string; count: number; drill: string }[];
  firstContactRate: DrilledRatio;
  overdueNow: { count: number; drill: string };
  openPipeline: MoneyFigure;
  weightedForecast: MoneyFigure;
  wonValue: MoneyFigure;
  winRate: DrilledRatio;
}
interface Scorecard {
  teams: { id: string; name: string; timeZone: string; today: string }[];
  reps: { nodes: ScorecardRow[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const cny = (amount: string) => ({ amount, currency: "CNY" });
const usd = (amount: string) => ({ amount, currency: "USD" });

/** A row's figures without drill tokens, to compare with a literal. */
function figures(row: ScorecardRow) {
  return {
    rep: row.rep.displayName,
    leadsOwned: row.leadsOwned.map((figure) => [figure.tier, figure.count]),
    firstContactRate: [row.firstContactRate.numerator, row.firstContactRate.denominator, row.firstContactRate.value],
    overdueNow: row.overdueNow.count,
    openPipeline: row.openPipeline.amounts,
    weightedForecast: row.weightedForecast.amounts,
    wonValue: row.wonValue.amounts,
    winRate: [row.winRate.numerator, row.winRate.denominator, row.winRate.value],
  };
}

const REP_A = {
  rep: "Rep A",
  leadsOwned: [["A", 2], ["B", 1], ["C", 1]], // L1 L5 | L2 | L7
  firstContactRate: [1, 2, 0.5], // L1 on time; L2 late
  overdueNow: 0, // F1 and F2 are done
  openPipeline: [usd("6000000")], // O5 (O1 won, O2 and O7 lost)
  weightedForecast: [usd("2400000")], // O5 IN_REVIEW 40 %: 6000000 × 40 ÷ 100
  wonValue: [cny("90000000")], // O1's contract, won 05-28
  winRate: [1, 3, 1 / 3], // O1 won; O2 lost 05-25, O7 lost 05-18
};
const REP_B = {
  rep: "Rep B",
  leadsOwned: [["A", 1], ["B", 1], ["C", 1]], // L8 | L6 (L4 disqualified) | L3
  firstContactRate: [2, 3, 2 / 3], // L4 L8 of L3 L4 L8
  overdueNow: 2, // F3 (due 05-22), F6 (due 06-03)
  openPipeline: [cny("30000000")], // O8
  weightedForecast: [cny("3000000")], // O8 OPPORTUNITY 10 %
  wonValue: [],
  winRate: [0, 0, null],
};
const REP_W = {
  rep: "Rep W",
  leadsOwned: [["A", 2], ["B", 1], ["C", 1]], // L10 L13 | L11 | L12
  firstContactRate: [1, 2, 0.5], // L11 of L11 L12 (L10's deadline 06-02 03:00Z is June in Los Angeles)
  overdueNow: 1, // F12; F12b is due 06-20
  openPipeline: [usd("28000000")], // O10 8000000 + O13 20000000
  weightedForecast: [usd("13600000")], // (8000000 × 20 + 20000000 × 60) ÷ 100 = 1600000 + 12000000
  wonValue: [usd("11400000")], // O11, won 05-20 18:00Z: May in Los Angeles
  winRate: [1, 1, 1],
};
const REP_Y = {
  rep: "Rep Y",
  leadsOwned: [["A", 1], ["B", 0], ["C", 0]], // XL1 (XL2 disqualified, XL3 merged)
  firstContactRate: [1, 2, 0.5], // XL1 (reached at its deadline) of XL1 XL2
  overdueNow: 1, // XF2 (XF3's lead is merged; XF5 is due exactly now)
  openPipeline: [],
  weightedForecast: [],
  wonValue: [],
  winRate: [0, 0, null],
};
const REP_IDLE = {
  rep: "Rep Idle",
  leadsOwned: [["A", 0], ["B", 0], ["C", 0]],
  firstContactRate: [0, 0, null],
  overdueNow: 0,
  openPipeline: [],
  weightedForecast: [],
  wonValue: [],
  winRate: [0, 0, null],
};

export function reportRepScorecardSuite(database: TestDatabase) {
  describe(`repScorecard on ${database.driver}`, () => {
    const { api, fixture, extra, reportQuery, drilled, drillError, firstError, leadIds, opportunityIds } = useReportClient(database, loadDisciplineExtra);
    const scorecard = reportQuery<Scorecard>(SCORECARD, "repScorecard", FIXTURE_PERIOD);
    const rowOf = (report: Scorecard, rep: UserRow) => report.reps.nodes.find((node) => node.rep.id === rep.id)!;

    describe("a manager's team", () => {
      it("gives one row per rep of EAST: leads by tier, first contact, overdue, pipeline, forecast, won value and win rate", async () => {
        const report = await scorecard(fixture.users.managerEast);
        expect(report.teams.map((team) => team.id)).toEqual([fixture.east.id]);
        expect(report.reps.nodes.map(figures)).toEqual([REP_A, REP_B]);
        expect(report.reps.nodes.map((node) => node.team)).toEqual([
          { id: fixture.east.id, name: fixture.east.name },
          { id: fixture.east.id, name: fixture.east.name },
        ]);
      });

      it("drills every figure to exactly the leads or opportunities behind it", async () => {
        const as = fixture.users.managerEast;
        const report = await scorecard(as);
        const repA = rowOf(report, fixture.users.repA);
        const repB = rowOf(report, fixture.users.repB);
        expect(await drilled(as, repA.leadsOwned[0]!.drill, "reportLeads")).toEqual(leadIds("L1", "L5"));
        expect(await drilled(as, repA.leadsOwned[1]!.drill, "reportLeads")).toEqual(leadIds("L2"));
        expect(await drilled(as, repA.leadsOwned[2]!.drill, "reportLeads")).toEqual(leadIds("L7"));
        expect(await drilled(as, repB.leadsOwned[1]!.drill, "reportLeads")).toEqual(leadIds("L6"));
        expect(await drilled(as, repA.firstContactRate.numeratorDrill, "reportLeads")).toEqual(leadIds("L1"));
        expect(await drilled(as, repA.firstContactRate.denominatorDrill, "reportLeads")).toEqual(leadIds("L1", "L2"));
        expect(await drilled(as, repB.overdueNow.drill, "reportLeads")).toEqual(leadIds("L3", "L6"));
        expect(await drilled(as, repA.overdueNow.drill, "reportLeads")).toEqual([]);
        expect(await drilled(as, repA.openPipeline.drill, "reportOpportunities")).toEqual(opportunityIds("O5"));
        expect(await drilled(as, repB.weightedForecast.drill, "reportOpportunities")).toEqual(opportunityIds("O8"));
        expect(await drilled(as, repA.wonValue.drill, "reportOpportunities")).toEqual(opportunityIds("O1"));
        expect(await drilled(as, repA.winRate.numeratorDrill, "reportOpportunities")).toEqual(opportunityIds("O1"));
        expect(await drilled(as, repA.winRate.denominatorDrill, "reportOpportunities")).toEqual(opportunityIds("O1", "O2", "O7"));
      });

      it("agrees with followUpDiscipline rep by rep: first-contact rate and overdue now", async () => {
        const report = await scorecard(fixture.users.analyst);
        for (const rep of [fixture.users.repA, fixture.users.repB, fixture.users.repW, extra.repY]) {
          const response = await api.graphql<{ followUpDiscipline: Discipline }>(DISCIPLINE, { ...FIXTURE_PERIOD, ownerId: rep.id }, { as: fixture.users.analyst });
          const { total } = response.data!.followUpDiscipline;
          const row = rowOf(report, rep);
          expect([row.firstContactRate.numerator, row.firstContactRate.denominator]).toEqual([total.firstContactSla.numerator, total.firstContactSla.denominator]);
          expect(row.overdueNow.count).toBe(total.overdueNow.count);
        }
      });
    });

    describe("company-wide, each team in its own time zone", () => {
      it("lists every team's reps by name for the analyst: active reps without work too, inactive ones only with work", async () => {
        const report = await scorecard(fixture.users.analyst);
        expect(report.teams.map((team) => [team.name, team.timeZone, team.today])).toEqual([
          ["Discipline Extra", "Asia/Shanghai", "2026-06-15"],
          ["Pacific Fixture", "America/Los_Angeles", "2026-06-14"],
          ["华东大区 Fixture", "Asia/Shanghai", "2026-06-15"],
        ]);
        expect(report.reps.nodes.map(figures)).toEqual([REP_A, REP_B, REP_IDLE, REP_W, REP_Y]);
        const repW = rowOf(report, fixture.users.repW);
        expect(repW.team.id).toBe(fixture.west.id);
        expect(await drilled(fixture.users.analyst, repW.openPipeline.drill, "reportOpportunities")).toEqual(opportunityIds("O10", "O13"));
        expect(await drilled(fixture.users.analyst, repW.wonValue.drill, "reportOpportunities")).toEqual(opportunityIds("O11"));
        expect(await drilled(fixture.users.analyst, rowOf(report, extra.repY).overdueNow.drill, "reportLeads")).toEqual([extra.leads.XL1]);
      });

      it("shows the analyst the drilled leads with their phones masked", async () => {
        const report = await scorecard(fixture.users.analyst, { teamId: fixture.east.id });
        const response = await api.graphql<{ reportLeads: { edges: { node: { id: string; phone: string } }[] } }>(
          `query($drill: String!) { reportLeads(drill: $drill) { edges { node { id phone } } } }`,
          { drill: rowOf(report, fixture.users.repB).overdueNow.drill },
          { as: fixture.users.analyst },
        );
        const nodes = response.data!.reportLeads.edges.map((edge) => edge.node);
        expect(nodes.map((node) => node.id).sort()).toEqual(leadIds("L3", "L6"));
        for (const node of nodes) expect(node.phone).toMatch(/\*{4}/);
      });

      it("pages through the reps by name, in the same number of SQL statements for one rep as for five", async () => {
        const first = await scorecard(fixture.users.analyst, { first: 2 });
        expect(first.reps.nodes.map((node) => node.rep.displayName)).toEqual(["Rep A", "Rep B"]);
        expect(first.reps.pageInfo.hasNextPage).toBe(true);
        const second = await scorecard(fixture.users.analyst, { first: 2, after: first.reps.pageInfo.endCursor });
        expect(second.reps.nodes.map(figures)).toEqual([REP_IDLE, REP_W]);
        const third = await scorecard(fixture.users.analyst, { first: 2, after: second.reps.pageInfo.endCursor });
        expect(third.reps.nodes.map(figures)).toEqual([REP_Y]);
        expect(third.reps.pageInfo.hasNextPage).toBe(false);

        const one = await database.countStatements(() => scorecard(fixture.users.analyst, { first: 1 }));
        const five = await database.countStatements(() => scorecard(fixture.users.analyst, { first: 5 }));
        expect(one.result.reps.nodes).toHaveLength(1);
        expect(five.result.reps.nodes).toHaveLength(5);
        expect(five.statements).toBe(one.statements);
      });
    });

    describe("reps and filters", () => {
      it("gives rep A their own row only", async () => {
        const report = await scorecard(fixture.users.repA);
        expect(report.reps.nodes.map(figures)).toEqual([REP_A]);
        expect(await drilled(fixture.users.repA, report.reps.nodes[0]!.winRate.denominatorDrill, "reportOpportunities")).toEqual(opportunityIds("O1", "O2", "O7"));
      });

      it("leaves rep A's row out of rep B's scorecard, and rep A's deals out of what rep B drills from the manager's token", async () => {
        const report = await scorecard(fixture.users.repB);
        expect(report.reps.nodes.map(figures)).toEqual([REP_B]);
        const manager = await scorecard(fixture.users.managerEast);
        expect(await drilled(fixture.users.repB, rowOf(manager, fixture.users.repA).wonValue.drill, "reportOpportunities")).toEqual([]);
        expect(await drilled(fixture.users.repB, rowOf(manager, fixture.users.repA).leadsOwned[0]!.drill, "reportLeads")).toEqual([]);
      });

      it("narrows a manager's scorecard to one rep; a user who is no rep has no row", async () => {
        expect((await scorecard(fixture.users.managerEast, { ownerId: fixture.users.repB.id })).reps.nodes.map(figures)).toEqual([REP_B]);
        expect((await scorecard(fixture.users.managerEast, { ownerId: fixture.users.managerEast.id })).reps.nodes).toEqual([]);
      });

      it("answers a filter on someone the viewer may not see with an empty scorecard, as the lists do", async () => {
        expect((await scorecard(fixture.users.repB, { ownerId: fixture.users.repA.id })).reps.nodes).toEqual([]);
        expect((await scorecard(fixture.users.managerEast, { ownerId: fixture.users.repW.id })).reps.nodes).toEqual([]);
        const foreign = await scorecard(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(foreign.teams).toEqual([]);
        expect(foreign.reps).toEqual({ nodes: [], pageInfo: { hasNextPage: false, endCursor: null } });
      });
    });

    describe("arguments and roles", () => {
      it("refuses a reviewer, who reads proposals only", async () => {
        expect((await firstError(fixture.users.reviewerEast, SCORECARD, FIXTURE_PERIOD))?.code).toBe("FORBIDDEN");
      });

      it.each([
        [{ from: "2026-06-01", to: "2026-05-01" }, "to"],
        [{ from: "2024-01-01", to: "2026-06-01" }, "to"],
        [{ teamId: "not-an-id" }, "teamId"],
        [{ first: 0 }, "first"],
        [{ after: "not-a-cursor" }, "after"],
      ])("names the argument at fault: %o", async (variables, field) => {
        expect(await firstError(fixture.users.managerEast, SCORECARD, { ...FIXTURE_PERIOD, ...variables })).toMatchObject({ code: "BAD_USER_INPUT", field });
      });

      it.each([
        { figure: "LEADS_OWNED" },
        { figure: "QUOTA", team: "00000000-0000-4000-8000-000000000000", rep: "00000000-0000-4000-8000-000000000000" },
        { figure: "LEADS_OWNED", team: "00000000-0000-4000-8000-000000000000", rep: "not-an-id" },
      ])("refuses a scorecard drill token with parameters it did not issue, naming drill: %o", async (params) => {
        const drill = forgedDrill("SCORECARD", FIXTURE_PERIOD, params);
        expect(await drillError(fixture.users.managerEast, drill, "reportLeads")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
      });
    });
  });
}
