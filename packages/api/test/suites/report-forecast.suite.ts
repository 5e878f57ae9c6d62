import { beforeAll, describe, expect, it } from "vitest";
import type { UserRow } from "../support/index.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import { insertDeal } from "../support/report-extra-deals.ts";
import { useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";

// Issue 9 report 4 over the hand-checked fixture (support/report-fixture.ts lists every row).
// At FIXTURE_NOW EAST's today is 2026-06-15, WEST's 2026-06-14. The open deals are
//   O5  EAST repA IN_REVIEW   USD  6000000 closes 2026-08-31 (EAST weights IN_REVIEW 40 %)
//   O8  EAST repB OPPORTUNITY CNY 30000000 closes 2026-06-10 (before EAST's today: passed)
//   O10 WEST repW OPPORTUNITY USD  8000000 closes 2026-07-15 (WEST weights OPPORTUNITY 20 %)
//   O13 WEST repW IN_REVIEW   USD 20000000 closes 2026-08-15 (WEST weights IN_REVIEW 60 %)
// O1, O11 (WON) and O2, O7 (LOST) are in no figure.

const MONEY = `amount currency`;
const FIGURE = `count total { ${MONEY} } weighted { ${MONEY} } drill`;
const FORECAST = `query Forecast($teamId: ID, $ownerId: ID, $months: Int) {
  pipelineForecast(teamId: $teamId, ownerId: $ownerId, months: $months) {
    months teams { id name timeZone today }
    byMonth { month ${FIGURE} byStage { stage winProbabilityPercent ${FIGURE} } }
    closeDatePassed { count total { ${MONEY} } drill } } }`;

interface Money {
  amount: string;
  currency: string;
}
interface Figure {
  count: number;
  total: Money[];
  weighted: Money[];
  drill: string;
}
interface Month extends Figure {
  month: string;
  byStage: (Figure & { stage: string; winProbabilityPercent: number | null })[];
}
interface Forecast {
  months: number;
  teams: { id: string; name: string; timeZone: string; today: string }[];
  byMonth: Month[];
  closeDatePassed: { count: number; total: Money[]; drill: string };
}

const usd = (amount: string) => ({ amount, currency: "USD" });
const cny = (amount: string) => ({ amount, currency: "CNY" });
/** Month → [count, total, weighted], for the months with any deal. */
const nonEmpty = (report: Forecast) =>
  Object.fromEntries(report.byMonth.filter((month) => month.count > 0).map((month) => [month.month, [month.count, month.total, month.weighted]]));
const month = (report: Forecast, label: string) => report.byMonth.find((candidate) => candidate.month === label)!;
const stage = (figure: Month, name: string) => figure.byStage.find((candidate) => candidate.stage === name)!;

export function reportForecastSuite(database: TestDatabase) {
  describe(`pipelineForecast on ${database.driver}`, () => {
    const { api, fixture, reportQuery, drilledOpportunities: drilled, firstError, opportunityIds: ids } = useReportClient(database);
    const forecast = reportQuery<Forecast>(FORECAST, "pipelineForecast");

    describe("a manager's team", () => {
      it("lists six months from the team's current month, every month present, O5 in August weighted at EAST's 40 %", async () => {
        const report = await forecast(fixture.users.managerEast);
        expect(report.months).toBe(6);
        expect(report.teams).toEqual([{ id: fixture.east.id, name: fixture.east.name, timeZone: "Asia/Shanghai", today: "2026-06-15" }]);
        expect(report.byMonth.map((figure) => figure.month)).toEqual(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        // O5: USD 6000000 × 40 ÷ 100 = 2400000
        expect(nonEmpty(report)).toEqual({ "2026-08": [1, [usd("6000000")], [usd("2400000")]] });
        expect(month(report, "2026-06")).toMatchObject({ count: 0, total: [], weighted: [] });
      });

      it("breaks each month down by every open stage, with the playbook's probability", async () => {
        const august = month(await forecast(fixture.users.managerEast), "2026-08");
        expect(august.byStage.map((figure) => [figure.stage, figure.count, figure.winProbabilityPercent])).toEqual([
          ["OPPORTUNITY", 0, 10],
          ["PROPOSAL", 0, 25],
          ["IN_REVIEW", 1, 40],
          ["NEGOTIATION", 0, 70],
        ]);
        expect(stage(august, "IN_REVIEW")).toMatchObject({ total: [usd("6000000")], weighted: [usd("2400000")] });
      });

      it("shows O8, whose close date 2026-06-10 is before EAST's today, apart from the months, and not in June", async () => {
        const report = await forecast(fixture.users.managerEast);
        expect(report.closeDatePassed).toMatchObject({ count: 1, total: [cny("30000000")] });
        expect(month(report, "2026-06").count).toBe(0);
        expect(await drilled(fixture.users.managerEast, report.closeDatePassed.drill)).toEqual(ids("O8"));
      });

      it("drills each month and month+stage to exactly its deals", async () => {
        const report = await forecast(fixture.users.managerEast);
        const august = month(report, "2026-08");
        expect(await drilled(fixture.users.managerEast, august.drill)).toEqual(ids("O5"));
        expect(await drilled(fixture.users.managerEast, stage(august, "IN_REVIEW").drill)).toEqual(ids("O5"));
        expect(await drilled(fixture.users.managerEast, stage(august, "OPPORTUNITY").drill)).toEqual([]);
        expect(await drilled(fixture.users.managerEast, month(report, "2026-07").drill)).toEqual([]);
      });

      it("narrows to one rep with ownerId: repB has only the passed O8", async () => {
        const report = await forecast(fixture.users.managerEast, { ownerId: fixture.users.repB.id });
        expect(nonEmpty(report)).toEqual({});
        expect(report.closeDatePassed.count).toBe(1);
      });

      it("takes a shorter horizon: with 2 months (June, July) O5 in August is out", async () => {
        const report = await forecast(fixture.users.managerEast, { months: 2 });
        expect(report.byMonth.map((figure) => figure.month)).toEqual(["2026-06", "2026-07"]);
        expect(nonEmpty(report)).toEqual({});
        expect(await drilled(fixture.users.managerEast, month(report, "2026-07").drill)).toEqual([]);
      });
    });

    describe("the analyst, company-wide across both time zones", () => {
      it("adds WEST's deals weighted by WEST's own playbook, never converting currencies", async () => {
        const report = await forecast(fixture.users.analyst);
        expect(report.teams.map((team) => [team.timeZone, team.today])).toEqual([
          ["America/Los_Angeles", "2026-06-14"],
          ["Asia/Shanghai", "2026-06-15"],
        ]);
        expect(report.byMonth.map((figure) => figure.month)).toEqual(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        expect(nonEmpty(report)).toEqual({
          // O10: 8000000 × 20 ÷ 100 = 1600000
          "2026-07": [1, [usd("8000000")], [usd("1600000")]],
          // O5 + O13: 6000000 + 20000000 = 26000000; (6000000 × 40 + 20000000 × 60) ÷ 100 = 2400000 + 12000000 = 14400000
          "2026-08": [2, [usd("26000000")], [usd("14400000")]],
        });
        expect(report.closeDatePassed).toMatchObject({ count: 1, total: [cny("30000000")] });
      });

      it("gives a stage's probability only where the teams' playbooks agree (10 vs 20, 25 vs 40, 40 vs 60, 70 vs 80: none)", async () => {
        const august = month(await forecast(fixture.users.analyst), "2026-08");
        expect(august.byStage.map((figure) => figure.winProbabilityPercent)).toEqual([null, null, null, null]);
        expect(stage(august, "IN_REVIEW")).toMatchObject({ count: 2, total: [usd("26000000")], weighted: [usd("14400000")] });
      });

      it("drills every figure to its deals", async () => {
        const report = await forecast(fixture.users.analyst);
        const analyst = fixture.users.analyst;
        expect(await drilled(analyst, month(report, "2026-07").drill)).toEqual(ids("O10"));
        expect(await drilled(analyst, month(report, "2026-08").drill)).toEqual(ids("O5", "O13"));
        expect(await drilled(analyst, stage(month(report, "2026-08"), "IN_REVIEW").drill)).toEqual(ids("O5", "O13"));
        expect(await drilled(analyst, stage(month(report, "2026-07"), "OPPORTUNITY").drill)).toEqual(ids("O10"));
        expect(await drilled(analyst, report.closeDatePassed.drill)).toEqual(ids("O8"));
      });

      it("shows the analyst the drilled deals' leads with phones masked", async () => {
        const report = await forecast(fixture.users.analyst);
        const response = await api.graphql<{ reportOpportunities: { edges: { node: { id: string; lead: { phone: string } } }[] } }>(
          `query($drill: String!) { reportOpportunities(drill: $drill) { edges { node { id lead { phone } } } } }`,
          { drill: report.closeDatePassed.drill },
          { as: fixture.users.analyst },
        );
        expect(response.errors).toBeUndefined();
        // L8 is the fixture's 8th lead (index 7): +8613800000007
        expect(response.data!.reportOpportunities.edges.map((edge) => edge.node.lead.phone)).toEqual(["+86138****0007"]);
      });

      it("narrows to one team with teamId", async () => {
        const report = await forecast(fixture.users.analyst, { teamId: fixture.west.id });
        expect(report.byMonth.map((figure) => figure.month)).toEqual(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
        // O13 alone in August: 20000000 × 60 ÷ 100
        expect(nonEmpty(report)).toEqual({ "2026-07": [1, [usd("8000000")], [usd("1600000")]], "2026-08": [1, [usd("20000000")], [usd("12000000")]] });
        expect(stage(month(report, "2026-08"), "IN_REVIEW").winProbabilityPercent).toBe(60);
        expect(report.closeDatePassed.count).toBe(0);
      });
    });

    describe("at a month's turn: 2026-06-30T20:00Z is 1 July 04:00 in Shanghai, 30 June 13:00 in Los Angeles", () => {
      const turn = startTestServer(database, { now: new Date("2026-06-30T20:00:00.000Z") });

      it("counts each team's months from its own current month, so two months span three labels", async () => {
        const report = await forecast(fixture.users.analyst, { months: 2 }, turn);
        expect(report.teams.map((team) => team.today)).toEqual(["2026-06-30", "2026-07-01"]);
        expect(report.byMonth.map((figure) => figure.month)).toEqual(["2026-06", "2026-07", "2026-08"]);
        // WEST's months are June and July: O10 (07-15) in, O13 (08-15) out. EAST's are July and August: O5 (08-31) in.
        expect(nonEmpty(report)).toEqual({
          "2026-07": [1, [usd("8000000")], [usd("1600000")]],
          "2026-08": [1, [usd("6000000")], [usd("2400000")]],
        });
        expect(await drilled(fixture.users.analyst, month(report, "2026-08").drill, turn)).toEqual(ids("O5"));
        expect(report.closeDatePassed.count).toBe(1); // O8, 2026-06-10
      });
    });

    describe("a rep sees their own work only", () => {
      it("repA sees O5 in August and nothing passed", async () => {
        const report = await forecast(fixture.users.repA);
        expect(nonEmpty(report)).toEqual({ "2026-08": [1, [usd("6000000")], [usd("2400000")]] });
        expect(report.closeDatePassed.count).toBe(0);
        expect(await drilled(fixture.users.repA, month(report, "2026-08").drill)).toEqual(ids("O5"));
      });

      it("repB's O8 is not in repA's report, even asked for by ownerId, nor in repA's drill of it", async () => {
        const repB = await forecast(fixture.users.repB);
        expect(repB.closeDatePassed.count).toBe(1);
        const asked = await forecast(fixture.users.repA, { ownerId: fixture.users.repB.id });
        expect(nonEmpty(asked)).toEqual({});
        expect(asked.closeDatePassed).toMatchObject({ count: 0, total: [] });
        expect(await drilled(fixture.users.repA, repB.closeDatePassed.drill)).toEqual([]);
      });
    });

    describe("access and arguments", () => {
      it("refuses a reviewer (FORBIDDEN)", async () => {
        expect((await firstError(fixture.users.reviewerEast, FORECAST, {}))?.code).toBe("FORBIDDEN");
      });

      it("gives a manager naming another team the empty answer the lists give", async () => {
        const report = await forecast(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(report).toMatchObject({ teams: [], byMonth: [], closeDatePassed: { count: 0, total: [] } });
      });

      it.each([
        ["months", { months: 0 }],
        ["months", { months: 25 }],
        ["teamId", { teamId: "not-an-id" }],
        ["ownerId", { ownerId: "not-an-id" }],
      ])("names %s when it is bad (BAD_USER_INPUT)", async (field, variables) => {
        expect(await firstError(fixture.users.managerEast, FORECAST, variables)).toMatchObject({ code: "BAD_USER_INPUT", field });
      });
    });

    // Last, so the rows it adds (a team of its own) are in no figure above.
    describe("rounding and the horizon's edges, on deals of a team of their own (Asia/Shanghai, default playbook)", () => {
      let manager: UserRow;
      const deal: Record<string, string> = {};
      beforeAll(async () => {
        const db = database.handle.db;
        const team = await createTeam(db, { name: "预测附加团队" });
        manager = await createUser(db, { role: "MANAGER", teamId: team.id });
        const rep = await createUser(db, { role: "REP", teamId: team.id });
        const opened = new Date("2026-06-01T02:00:00.000Z");
        const add = async (key: string, value: bigint, closeOn: string, stageNow: "OPPORTUNITY" | "PROPOSAL" | "WON") => {
          const moves: [typeof stageNow, Date][] = stageNow === "OPPORTUNITY" ? [["OPPORTUNITY", opened]] : [["OPPORTUNITY", opened], [stageNow, new Date("2026-06-02T02:00:00.000Z")]];
          deal[key] = await insertDeal(db, { name: key, owner: rep, value, closeOn, moves });
        };
        await add("R1", 5n, "2026-07-10", "OPPORTUNITY");
        await add("R2", 5n, "2026-07-20", "OPPORTUNITY");
        await add("R3", 15n, "2026-08-01", "OPPORTUNITY");
        await add("R4", 100n, "2026-06-15", "PROPOSAL");
        await add("R5", 7n, "2026-09-01", "OPPORTUNITY");
        await add("R6", 1000n, "2026-07-01", "WON");
        await add("R7", 3n, "2026-06-14", "OPPORTUNITY");
      });

      it("rounds the weighted value half-up once per sum, counts a deal closing today in this month, and stops at the horizon", async () => {
        const report = await forecast(manager, { months: 3 });
        expect(nonEmpty(report)).toEqual({
          "2026-06": [1, [cny("100")], [cny("25")]], // R4 closes today: 100 × 25 ÷ 100
          "2026-07": [2, [cny("10")], [cny("1")]], // R1 + R2: (5 + 5) × 10 ÷ 100 = 1.0 → 1 (rounding each 0.5 first would give 2); R6 is WON
          "2026-08": [1, [cny("15")], [cny("2")]], // R3: 15 × 10 ÷ 100 = 1.5 → 2; R5 (September) is past the 3 months
        });
        expect(report.closeDatePassed).toMatchObject({ count: 1, total: [cny("3")] }); // R7, yesterday
        expect(await drilled(manager, month(report, "2026-07").drill)).toEqual([deal.R1!, deal.R2!].sort());
        expect(await drilled(manager, report.closeDatePassed.drill)).toEqual([deal.R7!]);
      });

      it("takes September in with 4 months", async () => {
        const report = await forecast(manager, { months: 4 });
        expect(month(report, "2026-09")).toMatchObject({ count: 1, total: [cny("7")], weighted: [cny("1")] }); // R5: 0.7 → 1
        expect(await drilled(manager, month(report, "2026-09").drill)).toEqual([deal.R5!]);
      });
    });
  });
}
