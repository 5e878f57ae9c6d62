import { describe, expect, it } from "vitest";
import { FIXTURE_PERIOD } from "../support/report-fixture.ts";
import { forgedDrill, useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { EXTRA_PERIOD, loadExtraTeam, type ExtraDeal } from "../support/report-extra-team.ts";

// Issue 9 report 3 over the hand-checked fixture (support/report-fixture.ts lists every row), plus
// team EXTRA (support/report-extra-team.ts lists it), whose deals all closed in April.
//
// Stays that ENDED in May (days = next change − this change), each team's May in its own zone:
//   EAST (rep A: O1, O2, O5, O7; rep B: O8)
//     OPPORTUNITY: O1 05-05→05-08 3, O2 05-12→05-25 13, O5 04-12→05-06 24, O8 05-02→05-04 2
//     PROPOSAL:    O1 05-08→05-10 2, O1 05-12→05-14 2, O5 05-06→05-07 1, O8 05-04→05-05 1
//     IN_REVIEW:   O1 05-10→05-12 2, O1 05-14→05-20 6, O7 03-12→05-18 67, O8 05-05→05-08 3
//     NEGOTIATION: O1 05-20→05-28 8
//     (still running: O5 IN_REVIEW, O8 OPPORTUNITY; O7's March stays ended in March)
//   WEST (rep W): O11 OPPORTUNITY 3, PROPOSAL 1, IN_REVIEW 6, NEGOTIATION 8; O13's PROPOSAL stay
//     ended 06-05 and O10's has not ended.
// percentile_cont(p) over n sorted values: position p × (n − 1), interpolated.
// Sales cycle (capture → WON in May): O1 L1 05-03 02:00 → 05-28 02:00 = 25 days;
//   O11 L11 05-01 05:00 → 05-20 18:00 = 19 d 13 h = 469/24 = 19.541667 days.
// Open now: O5 (USD, rep A), O8 (CNY, rep B), O10 and O13 (USD, rep W).
// Win rate (May): EAST 1 won ÷ 3 closed, WEST 1 ÷ 1, all 2 ÷ 4.

const RATIO = "numerator denominator value";
const ROW = `team { id } rep { id }
  daysInStage { stage stays medianDays p90Days drill }
  salesCycle { deals medianDays p90Days averageDays drill }
  openOpportunities { count drill }
  velocity { winRate { ${RATIO} } averageCycleDays byCurrency { currency openOpportunities wonDeals averageWonValue { amount currency } perDay { amount currency } } }`;
const VELOCITY = `query Velocity($from: LocalDate!, $to: LocalDate!, $teamId: ID, $ownerId: ID, $first: Int) {
  pipelineVelocity(from: $from, to: $to, teamId: $teamId, ownerId: $ownerId) {
    from to teams { id name timeZone today }
    total { ${ROW} } byTeam { ${ROW} } repCount byRep(first: $first) { ${ROW} } } }`;

interface Money {
  amount: string;
  currency: string;
}
interface Row {
  team: { id: string } | null;
  rep: { id: string } | null;
  daysInStage: { stage: string; stays: number; medianDays: number | null; p90Days: number | null; drill: string }[];
  salesCycle: { deals: number; medianDays: number | null; p90Days: number | null; averageDays: number | null; drill: string };
  openOpportunities: { count: number; drill: string };
  velocity: {
    winRate: { numerator: number; denominator: number; value: number | null };
    averageCycleDays: number | null;
    byCurrency: { currency: string; openOpportunities: number; wonDeals: number; averageWonValue: Money | null; perDay: Money | null }[];
  };
}
interface Velocity {
  teams: { id: string; name: string; timeZone: string; today: string }[];
  total: Row;
  byTeam: Row[];
  repCount: number;
  byRep: Row[];
}

/** Days to six decimals, so interpolated percentiles compare with a literal. */
const days = (value: number | null) => (value === null ? null : Math.round(value * 1e6) / 1e6);

/** A row's figures without drill tokens, days rounded: stays as [stage, count, median, p90]. */
function figures(row: Row) {
  return {
    stays: row.daysInStage.map((stage) => [stage.stage, stage.stays, days(stage.medianDays), days(stage.p90Days)]),
    salesCycle: [row.salesCycle.deals, days(row.salesCycle.medianDays), days(row.salesCycle.p90Days), days(row.salesCycle.averageDays)],
    open: row.openOpportunities.count,
    winRate: row.velocity.winRate,
    averageCycleDays: days(row.velocity.averageCycleDays),
    byCurrency: row.velocity.byCurrency,
  };
}

const NO_STAYS = [
  ["OPPORTUNITY", 0, null, null],
  ["PROPOSAL", 0, null, null],
  ["IN_REVIEW", 0, null, null],
  ["NEGOTIATION", 0, null, null],
];
const EMPTY = {
  stays: NO_STAYS,
  salesCycle: [0, null, null, null],
  open: 0,
  winRate: { numerator: 0, denominator: 0, value: null },
  averageCycleDays: null,
  byCurrency: [],
};

const EAST = {
  stays: [
    ["OPPORTUNITY", 4, 8, 20.7], // [2, 3, 13, 24]: (3 + 13) ÷ 2; 13 + 0.7 × 11
    ["PROPOSAL", 4, 1.5, 2], // [1, 1, 2, 2]: (1 + 2) ÷ 2; 2 + 0.7 × 0
    ["IN_REVIEW", 4, 4.5, 48.7], // [2, 3, 6, 67]: (3 + 6) ÷ 2; 6 + 0.7 × 61
    ["NEGOTIATION", 1, 8, 8],
  ],
  salesCycle: [1, 25, 25, 25], // O1
  open: 2, // O5, O8
  winRate: { numerator: 1, denominator: 3, value: 1 / 3 },
  averageCycleDays: 25,
  byCurrency: [
    // O8 open × O1's 90000000 × 1/3 ÷ 25 days = 1200000 a day
    { currency: "CNY", openOpportunities: 1, wonDeals: 1, averageWonValue: { amount: "90000000", currency: "CNY" }, perDay: { amount: "1200000", currency: "CNY" } },
    // O5 open, nothing won in USD: the average is unknown, so is the figure
    { currency: "USD", openOpportunities: 1, wonDeals: 0, averageWonValue: null, perDay: null },
  ],
};

const REP_A = {
  stays: [
    ["OPPORTUNITY", 3, 13, 21.8], // [3, 13, 24]: 13 + 0.8 × 11
    ["PROPOSAL", 3, 2, 2], // [1, 2, 2]
    ["IN_REVIEW", 3, 6, 54.8], // [2, 6, 67]: 6 + 0.8 × 61
    ["NEGOTIATION", 1, 8, 8],
  ],
  salesCycle: [1, 25, 25, 25],
  open: 1, // O5
  winRate: { numerator: 1, denominator: 3, value: 1 / 3 },
  averageCycleDays: 25,
  byCurrency: [
    { currency: "CNY", openOpportunities: 0, wonDeals: 1, averageWonValue: { amount: "90000000", currency: "CNY" }, perDay: { amount: "0", currency: "CNY" } },
    { currency: "USD", openOpportunities: 1, wonDeals: 0, averageWonValue: null, perDay: null },
  ],
};

const REP_B = {
  stays: [
    ["OPPORTUNITY", 1, 2, 2], // O8
    ["PROPOSAL", 1, 1, 1],
    ["IN_REVIEW", 1, 3, 3],
    ["NEGOTIATION", 0, null, null],
  ],
  salesCycle: [0, null, null, null],
  open: 1, // O8
  winRate: { numerator: 0, denominator: 0, value: null },
  averageCycleDays: null,
  byCurrency: [{ currency: "CNY", openOpportunities: 1, wonDeals: 0, averageWonValue: null, perDay: null }],
};

const WEST = {
  stays: [
    ["OPPORTUNITY", 1, 3, 3],
    ["PROPOSAL", 1, 1, 1],
    ["IN_REVIEW", 1, 6, 6],
    ["NEGOTIATION", 1, 8, 8],
  ],
  salesCycle: [1, 19.541667, 19.541667, 19.541667], // O11: 469/24
  open: 2, // O10, O13
  winRate: { numerator: 1, denominator: 1, value: 1 },
  averageCycleDays: 19.541667,
  // 2 × 11400000 × 1 ÷ (469/24) = 547200000/469 = 1166737.74
  byCurrency: [{ currency: "USD", openOpportunities: 2, wonDeals: 1, averageWonValue: { amount: "11400000", currency: "USD" }, perDay: { amount: "1166738", currency: "USD" } }],
};

export function reportVelocitySuite(database: TestDatabase) {
  describe(`pipelineVelocity on ${database.driver}`, () => {
    const { api, fixture, extra, reportQuery, drilledOpportunities: drilled, drillError, firstError, opportunityIds: ids } = useReportClient(database, loadExtraTeam);
    const velocity = reportQuery<Velocity>(VELOCITY, "pipelineVelocity", FIXTURE_PERIOD);
    const extraIds = (...keys: ExtraDeal[]) => keys.map((key) => extra.deals[key]).sort();
    const stage = (row: Row, name: string) => row.daysInStage.find((candidate) => candidate.stage === name)!;

    describe("a manager's team", () => {
      it("measures EAST's stays that ended in May, the sales cycle, open deals and the velocity figure", async () => {
        const report = await velocity(fixture.users.managerEast);
        expect(report.teams).toEqual([{ id: fixture.east.id, name: fixture.east.name, timeZone: "Asia/Shanghai", today: "2026-06-15" }]);
        expect(figures(report.total)).toEqual(EAST);
        expect(report.total.team).toBeNull();
        expect(report.total.rep).toBeNull();
        expect(report.byTeam.map((row) => [row.team?.id, figures(row)])).toEqual([[fixture.east.id, EAST]]);
      });

      it("has a row per rep, most open deals first, then most won: rep A (1 open, 1 won), rep B (1 open)", async () => {
        const report = await velocity(fixture.users.managerEast);
        expect(report.repCount).toBe(2);
        expect(report.byRep.map((row) => [row.rep?.id, row.team, figures(row)])).toEqual([
          [fixture.users.repA.id, null, REP_A],
          [fixture.users.repB.id, null, REP_B],
        ]);
      });

      it("drills each figure to the deals behind it: a stay's deals, the won deals, the open deals", async () => {
        const report = await velocity(fixture.users.managerEast);
        const as = fixture.users.managerEast;
        expect(await drilled(as, stage(report.total, "OPPORTUNITY").drill)).toEqual(ids("O1", "O2", "O5", "O8"));
        expect(await drilled(as, stage(report.total, "PROPOSAL").drill)).toEqual(ids("O1", "O5", "O8"));
        expect(await drilled(as, stage(report.total, "IN_REVIEW").drill)).toEqual(ids("O1", "O7", "O8"));
        expect(await drilled(as, stage(report.total, "NEGOTIATION").drill)).toEqual(ids("O1"));
        expect(await drilled(as, report.total.salesCycle.drill)).toEqual(ids("O1"));
        expect(await drilled(as, report.total.openOpportunities.drill)).toEqual(ids("O5", "O8"));
      });

      it("drills a rep's row to that rep's deals only", async () => {
        const report = await velocity(fixture.users.managerEast);
        const [repA, repB] = report.byRep;
        expect(await drilled(fixture.users.managerEast, stage(repA!, "IN_REVIEW").drill)).toEqual(ids("O1", "O7"));
        expect(await drilled(fixture.users.managerEast, repA!.openOpportunities.drill)).toEqual(ids("O5"));
        expect(await drilled(fixture.users.managerEast, repB!.openOpportunities.drill)).toEqual(ids("O8"));
        expect(await drilled(fixture.users.managerEast, repB!.salesCycle.drill)).toEqual([]);
      });
    });

    describe("company-wide, each team in its own time zone", () => {
      it("adds WEST's May in Los Angeles for the analyst, and lists every team", async () => {
        const report = await velocity(fixture.users.analyst);
        expect(report.teams.map((team) => [team.name, team.timeZone, team.today])).toEqual([
          ["Extra Fixture", "Asia/Shanghai", "2026-06-15"],
          ["Pacific Fixture", "America/Los_Angeles", "2026-06-14"],
          ["华东大区 Fixture", "Asia/Shanghai", "2026-06-15"],
        ]);
        expect(figures(report.total)).toEqual({
          stays: [
            ["OPPORTUNITY", 5, 3, 19.6], // [2, 3, 3, 13, 24]: 13 + 0.6 × 11
            ["PROPOSAL", 5, 1, 2], // [1, 1, 1, 2, 2]
            ["IN_REVIEW", 5, 6, 42.6], // [2, 3, 6, 6, 67]: 6 + 0.6 × 61
            ["NEGOTIATION", 2, 8, 8], // O1, O11
          ],
          // [469/24, 25]: median = mean = 1069/48 = 22.270833; p90 469/24 + 0.9 × 131/24 = 24.454167
          salesCycle: [2, 22.270833, 24.454167, 22.270833],
          open: 4,
          winRate: { numerator: 2, denominator: 4, value: 0.5 },
          averageCycleDays: 22.270833,
          byCurrency: [
            // 1 × 90000000 × 0.5 ÷ 1069/48 = 2160000000/1069 = 2020579.98
            { currency: "CNY", openOpportunities: 1, wonDeals: 1, averageWonValue: { amount: "90000000", currency: "CNY" }, perDay: { amount: "2020580", currency: "CNY" } },
            // 3 × 11400000 × 0.5 ÷ 1069/48 = 820800000/1069 = 767820.39
            { currency: "USD", openOpportunities: 3, wonDeals: 1, averageWonValue: { amount: "11400000", currency: "USD" }, perDay: { amount: "767820", currency: "USD" } },
          ],
        });
        expect(report.byTeam.map((row) => [row.team?.id, figures(row)])).toEqual([
          [extra.team.id, EMPTY], // EXTRA closed everything in April
          [fixture.west.id, WEST],
          [fixture.east.id, EAST],
        ]);
        expect(report.repCount).toBe(3);
        expect(report.byRep.map((row) => row.rep?.id)).toEqual([fixture.users.repW.id, fixture.users.repA.id, fixture.users.repB.id]);
        expect(figures(report.byRep[0]!)).toEqual(WEST);
      });

      it("drills company-wide and per-team figures", async () => {
        const report = await velocity(fixture.users.analyst);
        const as = fixture.users.analyst;
        expect(await drilled(as, stage(report.total, "OPPORTUNITY").drill)).toEqual(ids("O1", "O2", "O5", "O8", "O11"));
        expect(await drilled(as, report.total.salesCycle.drill)).toEqual(ids("O1", "O11"));
        expect(await drilled(as, report.total.openOpportunities.drill)).toEqual(ids("O5", "O8", "O10", "O13"));
        const west = report.byTeam.find((row) => row.team?.id === fixture.west.id)!;
        expect(await drilled(as, stage(west, "NEGOTIATION").drill)).toEqual(ids("O11"));
        expect(await drilled(as, west.openOpportunities.drill)).toEqual(ids("O10", "O13"));
      });

      it("shows the analyst the drilled deals' leads with the phone masked", async () => {
        const report = await velocity(fixture.users.analyst, { teamId: fixture.east.id });
        const response = await api.graphql<{ reportOpportunities: { edges: { node: { id: string; lead: { phone: string } } }[] } }>(
          `query($drill: String!) { reportOpportunities(drill: $drill) { edges { node { id lead { phone } } } } }`,
          { drill: report.total.salesCycle.drill },
          { as: fixture.users.analyst },
        );
        expect(response.data!.reportOpportunities.edges.map((edge) => edge.node.id)).toEqual(ids("O1"));
        expect(response.data!.reportOpportunities.edges[0]!.node.lead.phone).toMatch(/\*{4}/);
      });

      it("bounds byRep by `first`, with repCount telling how many there are", async () => {
        const report = await velocity(fixture.users.analyst, { first: 1 });
        expect(report.repCount).toBe(3);
        expect(report.byRep.map((row) => row.rep?.id)).toEqual([fixture.users.repW.id]);
      });
    });

    describe("EXTRA's April: a reopened deal, several stays per stage", () => {
      it("counts both OPPORTUNITY stays of the reopened X7 but not its stay in LOST, and X8's that ended on the period's last evening", async () => {
        const report = await velocity(fixture.users.analyst, { ...EXTRA_PERIOD, teamId: extra.team.id });
        expect(figures(report.total)).toEqual({
          // X1 9, X2 10, X3 12, X4 16, X5 16, X6 16, X7 4 and 14 (04-05→04-08 in LOST is no open stage),
          // X8 03-25 02:00 → 04-30 15:00 = 36 d 13 h = 36.541667 (its PROPOSAL stay ends in June):
          // [4, 9, 10, 12, 14, 16, 16, 16, 36.541667]: the 5th, 14; position 7.2 → 16 + 0.2 × 20.541667
          stays: [["OPPORTUNITY", 9, 14, 20.108333], ...NO_STAYS.slice(1)],
          // captured 03-20: X1 21, X2 23, X3 26 days; p90 23 + 0.8 × 3; mean 70/3
          salesCycle: [3, 23, 25.4, 23.333333],
          open: 0,
          winRate: { numerator: 3, denominator: 7, value: 3 / 7 },
          averageCycleDays: 23.333333,
          // (10000000 + 22000000 + 5000000) ÷ 3 = 12333333.33, rounded; nothing open, so 0 a day
          byCurrency: [{ currency: "CNY", openOpportunities: 0, wonDeals: 3, averageWonValue: { amount: "12333333", currency: "CNY" }, perDay: { amount: "0", currency: "CNY" } }],
        });
        expect(await drilled(fixture.users.analyst, stage(report.total, "OPPORTUNITY").drill)).toEqual(extraIds("X1", "X2", "X3", "X4", "X5", "X6", "X7", "X8"));
        expect(report.byRep.map((row) => row.rep?.id)).toEqual([extra.rep.id]);
      });
    });

    describe("reps and filters", () => {
      it("gives rep B their own work only: O8's stays and O8 open", async () => {
        const report = await velocity(fixture.users.repB);
        expect(figures(report.total)).toEqual(REP_B);
        expect(report.byRep.map((row) => row.rep?.id)).toEqual([fixture.users.repB.id]);
        expect(await drilled(fixture.users.repB, stage(report.total, "IN_REVIEW").drill)).toEqual(ids("O8"));
      });

      it("leaves rep A's work out of rep B's report, and out of what rep B drills from the manager's token", async () => {
        const report = await velocity(fixture.users.repA);
        expect(figures(report.total)).toEqual(REP_A);
        const manager = await velocity(fixture.users.managerEast);
        expect(await drilled(fixture.users.repB, stage(manager.total, "IN_REVIEW").drill)).toEqual(ids("O8"));
        expect(await drilled(fixture.users.repB, manager.total.salesCycle.drill)).toEqual([]);
      });

      it("narrows a manager's report to one rep", async () => {
        const report = await velocity(fixture.users.managerEast, { ownerId: fixture.users.repA.id });
        expect(figures(report.total)).toEqual(REP_A);
        expect(report.byTeam.map((row) => figures(row))).toEqual([REP_A]);
      });

      it("answers a filter on someone the viewer may not see with an empty report, as the lists do", async () => {
        const hidden = await velocity(fixture.users.repB, { ownerId: fixture.users.repA.id });
        expect(figures(hidden.total)).toEqual(EMPTY);
        expect(hidden.repCount).toBe(0);
        const foreign = await velocity(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(foreign.teams).toEqual([]);
        expect(foreign.byTeam).toEqual([]);
        expect(figures(foreign.total)).toEqual(EMPTY);
        expect(await drilled(fixture.users.managerEast, foreign.total.openOpportunities.drill)).toEqual([]);
      });
    });

    describe("arguments and roles", () => {
      it("refuses a reviewer, who reads proposals only", async () => {
        expect((await firstError(fixture.users.reviewerEast, VELOCITY, FIXTURE_PERIOD))?.code).toBe("FORBIDDEN");
      });

      it.each([
        [{ from: "2026-06-01", to: "2026-05-01" }, "to"],
        [{ from: "2024-01-01", to: "2026-06-01" }, "to"],
        [{ teamId: "not-an-id" }, "teamId"],
        [{ ownerId: "not-an-id" }, "ownerId"],
        [{ first: 0 }, "first"],
        [{ first: 501 }, "first"],
      ])("names the argument at fault: %o", async (variables, field) => {
        expect(await firstError(fixture.users.managerEast, VELOCITY, { ...FIXTURE_PERIOD, ...variables })).toMatchObject({ code: "BAD_USER_INPUT", field });
      });

      it.each([{ figure: "SPEED" }, { figure: "STAYS" }, { figure: "STAYS", stage: "WON" }])(
        "refuses a velocity drill token with parameters it did not issue, naming drill: %o",
        async (params) => {
          const drill = forgedDrill("VELOCITY", FIXTURE_PERIOD, params);
          expect(await drillError(fixture.users.managerEast, drill, "reportOpportunities")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
        },
      );
    });
  });
}
