import { describe, expect, it } from "vitest";
import type { Executor } from "../../src/db/database.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import { FIXTURE_NOW, FIXTURE_PERIOD } from "../support/report-fixture.ts";
import { forgedDrill, useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";
import type { UserRow } from "../support/index.ts";

// Issue 9 report 7 (SOP-3) over the hand-checked fixture (support/report-fixture.ts lists every
// row). NOW 2026-06-15T04:00Z. A follow-up's deadline is its due time; its rep and tier are its own
// (the lead's while open, as the fixture's all are); the lead figures' are the lead's.
// May, EAST [04-30T16:00Z, 05-31T16:00Z):
//   F1 (L1 A repA) due 05-04 done 05-03: on time   F2 (L2 B repA) due 05-13 done 05-14: late
//   F3 (L3 C repB) due 05-22 open: missed, overdue F4 (L4 B repB, disqualified) due 05-25 done 05-21: on time
//   F4b cancelled: left out                         F6 (L6 B repB) due 06-03 open: not in May, overdue now
//   unattended: L3 (L6 was captured 05-31T17:00Z, after EAST's May)
//   first contact due in May: L1 on time, L2 late, L3 never, L4 on time, L8 on time (05-01 15:00Z ≥ 04-30T16:00Z)
// May, WEST [05-01T07:00Z, 06-01T07:00Z):
//   F11 (L11 B) due 05-05 done 05-04: on time      F12 (L12 C) due 05-22 open: missed, overdue
//   F10 (L10 A) due 06-02 03:00Z: June             F12b (L12 C) due 06-20: not due yet
//   unattended: L12; first contact due: L11 on time, L12 never (L10's 06-02 03:00Z is June's)
//
// The fixture has no contact logged after the fact, no merged lead and no disqualified lead that
// was never reached, and every rep there has work; this suite adds team EXTRA (Asia/Shanghai, May
// as EAST's) so the fixture's figures stay as listed. Times UTC:
// | lead | owner | tier | captured    | status       | first contact due   | reached     | follow-ups                                       |
// | XL1  | repY  | A    | 05-05 02:00 | NEW          | 05-06 02:00         | 05-06 02:00 (at the deadline: on time) | XF1 logged contact (unplanned) DONE 05-06 02:00; XF2 CADENCE OPEN due 05-20 02:00; XF4 CADENCE due 05-12 02:00 DONE at that instant (on time); XF5 CADENCE OPEN due 06-15 04:00, NOW (not overdue yet) |
// | XL2  | repY  | B    | 05-07 02:00 | DISQUALIFIED | 05-10 15:59:59.999  | never       | —                                                |
// | XL3  | repY  | C    | 05-08 02:00 | NEW, merged into XL1 | 05-09 02:00 | never       | XF3 FIRST_CONTACT due 05-09 02:00, cancelled and moved to XL1 by the merge |
// Users of EXTRA: repY, repIdle (active, no work), repGone (inactive, no work).
export interface DisciplineExtra {
  team: TeamRow;
  repY: UserRow;
  repIdle: UserRow;
  repGone: UserRow;
  leads: Record<"XL1" | "XL2" | "XL3", string>;
}

export async function loadDisciplineExtra(db: Executor): Promise<DisciplineExtra> {
  const team = await createTeam(db, { name: "Discipline Extra" });
  const repY = await createUser(db, { role: "REP", teamId: team.id, displayName: "Rep Y" });
  const repIdle = await createUser(db, { role: "REP", teamId: team.id, displayName: "Rep Idle" });
  const repGone = await createUser(db, { role: "REP", teamId: team.id, displayName: "Rep Gone", active: false });
  const at = (iso: string) => new Date(`2026-${iso}Z`);
  const lead = async (key: string, values: Partial<typeof leads.$inferInsert>) => {
    const [row] = await db
      .insert(leads)
      .values({ teamId: team.id, ownerId: repY.id, channel: "TRADE_SHOW", companyName: `纪律测试公司 ${key}`, contactName: `联系人 ${key}`, ...values })
      .returning({ id: leads.id });
    return row!.id;
  };
  const XL1 = await lead("XL1", {
    tier: "A",
    status: "NEW",
    createdAt: at("05-05T02:00:00"),
    firstContactDueAt: at("05-06T02:00:00"),
    firstContactAt: at("05-06T02:00:00"),
    lastContactAt: at("05-12T02:00:00"),
  });
  const XL2 = await lead("XL2", {
    tier: "B",
    status: "DISQUALIFIED",
    disqualifiedReason: "不是目标客户",
    createdAt: at("05-07T02:00:00"),
    firstContactDueAt: at("05-10T15:59:59.999"),
  });
  const XL3 = await lead("XL3", { tier: "C", status: "NEW", createdAt: at("05-08T02:00:00"), firstContactDueAt: at("05-09T02:00:00"), mergedIntoId: XL1 });
  const followUp = (leadId: string, values: Partial<typeof followUps.$inferInsert>) =>
    db.insert(followUps).values({ leadId, teamId: team.id, ownerId: repY.id, tier: "A", kind: "CADENCE", channel: "PHONE", dueAt: at("05-20T02:00:00"), ...values });
  await followUp(XL1, {
    status: "DONE",
    unplanned: true,
    dueAt: at("05-06T02:00:00"),
    completedAt: at("05-06T02:00:00"),
    completedById: repY.id,
    outcome: "CONNECTED",
    channelUsed: "PHONE",
  });
  await followUp(XL1, { status: "OPEN", dueAt: at("05-20T02:00:00") });
  await followUp(XL1, { status: "DONE", dueAt: at("05-12T02:00:00"), completedAt: at("05-12T02:00:00"), completedById: repY.id, outcome: "CONNECTED" });
  await followUp(XL1, { status: "OPEN", dueAt: FIXTURE_NOW });
  // XL3's first contact, cancelled and moved to XL1 when XL3 was merged into it, as mergeLeads does.
  await followUp(XL1, { tier: "C", kind: "FIRST_CONTACT", status: "CANCELLED", dueAt: at("05-09T02:00:00"), slaDueAt: at("05-09T02:00:00") });
  return { team, repY, repIdle, repGone, leads: { XL1, XL2, XL3 } };
}

const RATIO = "numerator denominator value numeratorDrill denominatorDrill";
const COUNT = "count drill";
const ROW = `tier doneOnTime { ${COUNT} } doneLate { ${COUNT} } missed { ${COUNT} } stillOpen { ${COUNT} } overdueNow { ${COUNT} } unattended { ${COUNT} } firstContactSla { ${RATIO} }`;
export const DISCIPLINE = `query Discipline($from: LocalDate!, $to: LocalDate!, $teamId: ID, $ownerId: ID, $first: Int, $after: String) {
  followUpDiscipline(from: $from, to: $to, teamId: $teamId, ownerId: $ownerId, first: $first, after: $after) {
    from to teams { id name timeZone today }
    total { ${ROW} } byTier { ${ROW} }
    reps { nodes { rep { id displayName } team { id } total { ${ROW} } byTier { ${ROW} } } pageInfo { hasNextPage endCursor } } } }`;

interface Count {
  count: number;
  drill: string;
}
export interface DrilledRatio {
  numerator: number;
  denominator: number;
  value: number | null;
  numeratorDrill: string;
  denominatorDrill: string;
}
export interface DisciplineRow {
  tier: string | null;
  doneOnTime: Count;
  doneLate: Count;
  missed: Count;
  stillOpen: Count;
  overdueNow: Count;
  unattended: Count;
  firstContactSla: DrilledRatio;
}
export interface Discipline {
  teams: { id: string; name: string; timeZone: string; today: string }[];
  total: DisciplineRow;
  byTier: DisciplineRow[];
  reps: {
    nodes: { rep: { id: string; displayName: string }; team: { id: string }; total: DisciplineRow; byTier: DisciplineRow[] }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/**
 * A row's figures as a compact literal: [doneOnTime, doneLate, missed, stillOpen, overdueNow,
 * unattended, first contacts on time, first contacts due].
 */
export function figures(row: DisciplineRow): number[] {
  return [
    row.doneOnTime.count,
    row.doneLate.count,
    row.missed.count,
    row.stillOpen.count,
    row.overdueNow.count,
    row.unattended.count,
    row.firstContactSla.numerator,
    row.firstContactSla.denominator,
  ];
}

const ZERO = [0, 0, 0, 0, 0, 0, 0, 0];
//                       onTime late missed open overdue unattended fcOnTime fcDue
const EAST_TOTAL = [2, 1, 1, 0, 2, 1, 3, 5]; // F1 F4 | F2 | F3 | — | F3 F6 | L3 | L1 L4 L8 of L1 L2 L3 L4 L8
const EAST_A = [1, 0, 0, 0, 0, 0, 2, 2]; // F1 | L1 L8 of L1 L8
const EAST_B = [1, 1, 0, 0, 1, 0, 1, 2]; // F4 | F2 | F6 | L4 of L2 L4
const EAST_C = [0, 0, 1, 0, 1, 1, 0, 1]; // F3 | F3 | L3 | L3 never reached
const REP_A = [1, 1, 0, 0, 0, 0, 1, 2]; // F1 | F2 | L1 of L1 L2
const REP_A_BY_TIER = [
  [1, 0, 0, 0, 0, 0, 1, 1], // A: F1, L1
  [0, 1, 0, 0, 0, 0, 0, 1], // B: F2, L2 late
  ZERO, // C: L7's deadline was in March
];
const REP_B = [1, 0, 1, 0, 2, 1, 2, 3]; // F4 | F3 | F3 F6 | L3 | L4 L8 of L3 L4 L8
const REP_B_BY_TIER = [
  [0, 0, 0, 0, 0, 0, 1, 1], // A: L8
  [1, 0, 0, 0, 1, 0, 1, 1], // B: F4, F6, L4
  [0, 0, 1, 0, 1, 1, 0, 1], // C: F3, L3
];

export function reportFollowUpDisciplineSuite(database: TestDatabase) {
  describe(`followUpDiscipline on ${database.driver}`, () => {
    const { api, fixture, extra, reportQuery, drilledLeads: drilled, drillError, firstError, leadIds: ids } = useReportClient(database, loadDisciplineExtra);
    const discipline = reportQuery<Discipline>(DISCIPLINE, "followUpDiscipline", FIXTURE_PERIOD);
    const repRow = (report: Discipline, rep: UserRow) => report.reps.nodes.find((node) => node.rep.id === rep.id)!;

    describe("a manager's team", () => {
      it("SOP-3 counts EAST's May: on time, late, missed, overdue now, unattended and the first-contact SLA, by tier and by rep", async () => {
        const report = await discipline(fixture.users.managerEast);
        expect(report.teams).toEqual([{ id: fixture.east.id, name: fixture.east.name, timeZone: "Asia/Shanghai", today: "2026-06-15" }]);
        expect(figures(report.total)).toEqual(EAST_TOTAL);
        expect(report.total.firstContactSla.value).toBe(0.6); // 3 ÷ 5
        expect(report.byTier.map((row) => row.tier)).toEqual(["A", "B", "C"]);
        expect(report.byTier.map(figures)).toEqual([EAST_A, EAST_B, EAST_C]);
        expect(report.reps.nodes.map((node) => [node.rep.displayName, node.team.id])).toEqual([
          ["Rep A", fixture.east.id],
          ["Rep B", fixture.east.id],
        ]);
        expect(figures(repRow(report, fixture.users.repA).total)).toEqual(REP_A);
        expect(repRow(report, fixture.users.repA).byTier.map(figures)).toEqual(REP_A_BY_TIER);
        expect(figures(repRow(report, fixture.users.repB).total)).toEqual(REP_B);
        expect(repRow(report, fixture.users.repB).byTier.map(figures)).toEqual(REP_B_BY_TIER);
        expect(report.reps.pageInfo.hasNextPage).toBe(false);
      });

      it("drills every figure to exactly the leads behind it", async () => {
        const as = fixture.users.managerEast;
        const report = await discipline(as);
        const { total } = report;
        expect(await drilled(as, total.doneOnTime.drill)).toEqual(ids("L1", "L4"));
        expect(await drilled(as, total.doneLate.drill)).toEqual(ids("L2"));
        expect(await drilled(as, total.missed.drill)).toEqual(ids("L3"));
        expect(await drilled(as, total.stillOpen.drill)).toEqual([]);
        expect(await drilled(as, total.overdueNow.drill)).toEqual(ids("L3", "L6"));
        expect(await drilled(as, total.unattended.drill)).toEqual(ids("L3"));
        expect(await drilled(as, total.firstContactSla.numeratorDrill)).toEqual(ids("L1", "L4", "L8"));
        expect(await drilled(as, total.firstContactSla.denominatorDrill)).toEqual(ids("L1", "L2", "L3", "L4", "L8"));
        // A tier, a rep, a rep's tier
        expect(await drilled(as, report.byTier[1]!.doneOnTime.drill)).toEqual(ids("L4"));
        expect(await drilled(as, report.byTier[1]!.overdueNow.drill)).toEqual(ids("L6"));
        expect(await drilled(as, repRow(report, fixture.users.repA).total.firstContactSla.denominatorDrill)).toEqual(ids("L1", "L2"));
        expect(await drilled(as, repRow(report, fixture.users.repB).total.overdueNow.drill)).toEqual(ids("L3", "L6"));
        expect(await drilled(as, repRow(report, fixture.users.repB).byTier[2]!.unattended.drill)).toEqual(ids("L3"));
        expect(await drilled(as, repRow(report, fixture.users.repB).byTier[0]!.firstContactSla.numeratorDrill)).toEqual(ids("L8"));
      });

      it("SOP-3.6 agrees with firstContactSla over the same instants", async () => {
        const response = await api.graphql<{ firstContactSla: { totals: { due: number; contactedOnTime: number } } }>(
          `query($teamId: ID!, $from: DateTime!, $to: DateTime!) { firstContactSla(teamId: $teamId, from: $from, to: $to) { totals { due contactedOnTime } } }`,
          { teamId: fixture.east.id, from: "2026-04-30T16:00:00.000Z", to: "2026-05-31T16:00:00.000Z" },
          { as: fixture.users.managerEast },
        );
        const report = await discipline(fixture.users.managerEast);
        expect(response.data!.firstContactSla.totals).toEqual({ due: report.total.firstContactSla.denominator, contactedOnTime: report.total.firstContactSla.numerator });
      });

      it("counts June in Los Angeles for WEST's manager: a follow-up not due yet is still open, and overdue work from May stays overdue", async () => {
        // WEST June [06-01T07:00Z, 07-01T07:00Z): F10 due 06-02 03:00 done 06-01 16:00 on time; F12b due
        // 06-20 open, not due yet; F12 (due in May) overdue now; L12 unattended; L10's first contact on time.
        const report = await discipline(fixture.users.managerWest, { from: "2026-06-01", to: "2026-07-01" });
        expect(report.teams.map((team) => [team.timeZone, team.today])).toEqual([["America/Los_Angeles", "2026-06-14"]]);
        expect(figures(report.total)).toEqual([1, 0, 0, 1, 1, 1, 1, 1]);
        expect(report.byTier.map(figures)).toEqual([
          [1, 0, 0, 0, 0, 0, 1, 1], // A: F10, L10
          ZERO, // B: F11 and L11 were May's
          [0, 0, 0, 1, 1, 1, 0, 0], // C: F12b, F12, L12
        ]);
        const as = fixture.users.managerWest;
        expect(await drilled(as, report.total.stillOpen.drill)).toEqual(ids("L12"));
        expect(await drilled(as, report.total.doneOnTime.drill)).toEqual(ids("L10"));
        expect(await drilled(as, report.total.firstContactSla.numeratorDrill)).toEqual(ids("L10"));
      });
    });

    describe("company-wide, each team in its own time zone", () => {
      it("adds WEST's May in Los Angeles and EXTRA for the analyst", async () => {
        const report = await discipline(fixture.users.analyst);
        expect(report.teams.map((team) => [team.name, team.timeZone, team.today])).toEqual([
          ["Discipline Extra", "Asia/Shanghai", "2026-06-15"],
          ["Pacific Fixture", "America/Los_Angeles", "2026-06-14"],
          ["华东大区 Fixture", "Asia/Shanghai", "2026-06-15"],
        ]);
        // WEST May: F11 on time; F12 missed and overdue; L12 unattended; L11 of L11 L12 on time.
        // EXTRA May: XF1 left out (logged after the fact), XF4 on time (done at its due time), XF2
        // missed and overdue, XF5 due exactly now not overdue, XF3 and XL3 left out (merged), XL2
        // not unattended (disqualified); XL1 (reached at its deadline) of XL1 XL2 on time.
        expect(figures(report.total)).toEqual([
          2 + 1 + 1, // on time: EAST F1 F4, WEST F11, EXTRA XF4
          1, // late: F2
          1 + 1 + 1, // missed: F3, F12, XF2
          0,
          2 + 1 + 1, // overdue now: F3 F6, F12, XF2
          1 + 1 + 0, // unattended: L3, L12
          3 + 1 + 1, // first contacts on time: L1 L4 L8, L11, XL1
          5 + 2 + 2, // due: L1 L2 L3 L4 L8, L11 L12, XL1 XL2
        ]);
        expect(report.byTier.map(figures)).toEqual([
          [2, 0, 1, 0, 1, 0, 3, 3], // A: F1 XF4 | XF2 | XF2 | L1 L8 XL1
          [2, 1, 0, 0, 1, 0, 2, 4], // B: F4 F11 | F2 | F6 | L4 L11 of L2 L4 L11 XL2
          [0, 0, 2, 0, 2, 2, 0, 2], // C: F3 F12 | F3 F12 | L3 L12 | of L3 L12
        ]);
        expect(report.reps.nodes.map((node) => node.rep.displayName)).toEqual(["Rep A", "Rep B", "Rep W", "Rep Y"]);
        expect(figures(repRow(report, fixture.users.repW).total)).toEqual([1, 0, 1, 0, 1, 1, 1, 2]);
        expect(figures(repRow(report, extra.repY).total)).toEqual([1, 0, 1, 0, 1, 0, 1, 2]);
        expect(repRow(report, extra.repY).byTier.map(figures)).toEqual([
          [1, 0, 1, 0, 1, 0, 1, 1], // A: XF4, XF2, XL1
          [0, 0, 0, 0, 0, 0, 0, 1], // B: XL2 never reached
          ZERO, // C: XL3 merged
        ]);
        const as = fixture.users.analyst;
        expect(await drilled(as, report.total.missed.drill)).toEqual([...ids("L3", "L12"), extra.leads.XL1].sort());
        expect(await drilled(as, report.total.unattended.drill)).toEqual(ids("L3", "L12"));
        expect(await drilled(as, report.byTier[1]!.firstContactSla.denominatorDrill)).toEqual([...ids("L2", "L4", "L11"), extra.leads.XL2].sort());
      });

      it("shows the analyst the drilled leads with their phones masked", async () => {
        const report = await discipline(fixture.users.analyst, { teamId: fixture.east.id });
        const response = await api.graphql<{ reportLeads: { edges: { node: { id: string; phone: string } }[] } }>(
          `query($drill: String!) { reportLeads(drill: $drill) { edges { node { id phone } } } }`,
          { drill: report.total.overdueNow.drill },
          { as: fixture.users.analyst },
        );
        const nodes = response.data!.reportLeads.edges.map((edge) => edge.node);
        expect(nodes.map((node) => node.id).sort()).toEqual(ids("L3", "L6"));
        for (const node of nodes) expect(node.phone).toMatch(/\*{4}/);
      });

      it("pages through the reps by name", async () => {
        const first = await discipline(fixture.users.analyst, { first: 3 });
        expect(first.reps.nodes.map((node) => node.rep.displayName)).toEqual(["Rep A", "Rep B", "Rep W"]);
        expect(first.reps.pageInfo.hasNextPage).toBe(true);
        const second = await discipline(fixture.users.analyst, { first: 3, after: first.reps.pageInfo.endCursor });
        expect(second.reps.nodes.map((node) => node.rep.displayName)).toEqual(["Rep Y"]);
        expect(second.reps.pageInfo.hasNextPage).toBe(false);
        expect(figures(second.total)).toEqual(figures(first.total));
      });
    });

    describe("reps and filters", () => {
      it("gives rep A their own figures", async () => {
        const report = await discipline(fixture.users.repA);
        expect(figures(report.total)).toEqual(REP_A);
        expect(report.byTier.map(figures)).toEqual(REP_A_BY_TIER);
        expect(report.reps.nodes.map((node) => node.rep.id)).toEqual([fixture.users.repA.id]);
        expect(await drilled(fixture.users.repA, report.total.doneLate.drill)).toEqual(ids("L2"));
      });

      it("leaves rep A's work out of rep B's report, and out of what rep B drills from the manager's token", async () => {
        const report = await discipline(fixture.users.repB);
        expect(figures(report.total)).toEqual(REP_B);
        expect(report.reps.nodes.map((node) => node.rep.id)).toEqual([fixture.users.repB.id]);
        const manager = await discipline(fixture.users.managerEast);
        expect(await drilled(fixture.users.repB, manager.total.doneOnTime.drill)).toEqual(ids("L4"));
        expect(await drilled(fixture.users.repB, repRow(manager, fixture.users.repA).total.doneOnTime.drill)).toEqual([]);
      });

      it("narrows a manager's report to one rep", async () => {
        const report = await discipline(fixture.users.managerEast, { ownerId: fixture.users.repB.id });
        expect(figures(report.total)).toEqual(REP_B);
        expect(report.byTier.map(figures)).toEqual(REP_B_BY_TIER);
        expect(await drilled(fixture.users.managerEast, report.total.missed.drill)).toEqual(ids("L3"));
      });

      it("answers a filter on someone the viewer may not see with an empty report, as the lists do", async () => {
        const hidden = await discipline(fixture.users.repB, { ownerId: fixture.users.repA.id });
        expect(figures(hidden.total)).toEqual(ZERO);
        expect(hidden.reps.nodes).toEqual([]);
        const foreign = await discipline(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(foreign.teams).toEqual([]);
        expect(figures(foreign.total)).toEqual(ZERO);
        expect(foreign.byTier.map(figures)).toEqual([ZERO, ZERO, ZERO]);
        expect(await drilled(fixture.users.managerEast, foreign.total.missed.drill)).toEqual([]);
      });

      it("keeps a done follow-up on the record of the rep and tier it was done under: L2's late F2 stays rep A's and tier B's when L2 goes to rep B as tier A", async () => {
        const manager = fixture.users.managerEast;
        const lead = fixture.leads.L2;
        const change = async (query: string, variables: Record<string, unknown>) =>
          expect((await api.graphql(query, { id: lead, ...variables }, { as: manager })).errors).toBeUndefined();
        const assign = (ownerId: string) => change(`mutation($id: ID!, $ownerId: ID!) { assignLead(leadId: $id, ownerId: $ownerId) { id } }`, { ownerId });
        await assign(fixture.users.repB.id);
        await change(`mutation($id: ID!) { overrideTier(leadId: $id, tier: A, reason: "战略客户") { id } }`, {});
        try {
          const report = await discipline(manager);
          expect(figures(report.total)).toEqual(EAST_TOTAL);
          // F2 stays rep A's and tier B's; L2's first contact (a lead figure) is rep B's and tier A's now.
          expect(figures(repRow(report, fixture.users.repA).total)).toEqual([1, 1, 0, 0, 0, 0, 1, 1]);
          expect(figures(repRow(report, fixture.users.repB).total)).toEqual([1, 0, 1, 0, 2, 1, 2, 4]);
          expect(report.byTier.map(figures)).toEqual([
            [1, 0, 0, 0, 0, 0, 2, 3],
            [1, 1, 0, 0, 1, 0, 1, 1],
            EAST_C,
          ]);
          expect(await drilled(manager, repRow(report, fixture.users.repA).total.doneLate.drill)).toEqual(ids("L2"));
          expect(await drilled(manager, report.byTier[1]!.doneLate.drill)).toEqual(ids("L2"));
        } finally {
          await change(`mutation($id: ID!) { clearTierOverride(leadId: $id) { id } }`, {});
          await assign(fixture.users.repA.id);
        }
      });
    });

    describe("arguments and roles", () => {
      it("refuses a reviewer, who reads proposals only", async () => {
        expect((await firstError(fixture.users.reviewerEast, DISCIPLINE, FIXTURE_PERIOD))?.code).toBe("FORBIDDEN");
      });

      it.each([
        [{ from: "2026-06-01", to: "2026-05-01" }, "to"],
        [{ teamId: "not-an-id" }, "teamId"],
        [{ ownerId: "not-an-id" }, "ownerId"],
        [{ first: 0 }, "first"],
        [{ first: 501 }, "first"],
        [{ after: "not-a-cursor" }, "after"],
      ])("names the argument at fault: %o", async (variables, field) => {
        expect(await firstError(fixture.users.managerEast, DISCIPLINE, { ...FIXTURE_PERIOD, ...variables })).toMatchObject({ code: "BAD_USER_INPUT", field });
      });

      it.each([{ figure: "DONE_EARLY" }, { figure: "MISSED", tier: "D" }, { figure: "MISSED", rep: "not-an-id" }])(
        "refuses a discipline drill token with parameters it did not issue, naming drill: %o",
        async (params) => {
          const drill = forgedDrill("FOLLOW_UP_DISCIPLINE", FIXTURE_PERIOD, params);
          expect(await drillError(fixture.users.managerEast, drill, "reportLeads")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
        },
      );

      it("refuses to drill discipline figures as opportunities: they are leads", async () => {
        const report = await discipline(fixture.users.managerEast);
        expect(await drillError(fixture.users.managerEast, report.total.missed.drill, "reportOpportunities")).toMatchObject({ code: "BAD_USER_INPUT", field: "drill" });
      });
    });
  });
}
