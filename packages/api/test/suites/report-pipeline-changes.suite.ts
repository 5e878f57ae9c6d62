import { classifyStageMove, PIPELINE_STAGES, type PipelineStage } from "@sales/domain";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { rawRows } from "../../src/db/raw-rows.ts";
import { stageMoveKind } from "../../src/reports/pipeline-changes.service.ts";
import type { UserRow } from "../support/index.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import { insertDeal, insertUpdate } from "../support/report-extra-deals.ts";
import { type FixtureOpportunity } from "../support/report-fixture.ts";
import { useReportClient } from "../support/report-client.ts";
import type { TestDatabase } from "../support/test-database.ts";

// Issue 9 report 5 over the hand-checked fixture (support/report-fixture.ts lists every row).
// Since 2026-05-01T00:00Z the fixture's changes are, newest first (kind, opportunity):
//   06-05 18:00 O13 MOVED_FORWARD (WEST)        05-18 02:00 O7 LOST
//   06-02 16:00 O10 CREATED (WEST)              05-15 02:00 O1 CLOSE_DATE_PUSHED
//   06-01 02:00 O5 VALUE_RAISED (managerEast)   05-14 02:00 O1 MOVED_FORWARD
//   05-28 02:00 O1 WON                          05-12 18:00 O11 MOVED_FORWARD (WEST)
//   05-25 02:00 O2 LOST                         05-12 02:00 O2 CREATED, O1 MOVED_BACKWARD (same moment: the later row first)
//   05-20 18:00 O11 WON (WEST)                  05-10 02:00 O1 MOVED_FORWARD
//   05-20 02:00 O5 CLOSE_DATE_PUSHED, O1 MOVED_FORWARD (same moment: an audit entry sorts before a stage move)
//   05-08 02:00 O8 MOVED_BACKWARD, O1 MOVED_FORWARD;  05-07 02:00 O5 MOVED_FORWARD;  05-06 18:00 O11 MOVED_FORWARD (WEST)
//   05-06 02:00 O5 MOVED_FORWARD;  05-05 18:00 O11 MOVED_FORWARD (WEST);  05-05 02:00 O8 MOVED_FORWARD, O1 CREATED
//   05-04 02:00 O8 MOVED_FORWARD;  05-02 18:00 O11 CREATED (WEST);  05-02 02:00 O8 CREATED
// Before then: O7's value cut on 04-20, O5 opened on 04-12, and the March/February moves.

const SINCE = "2026-05-01T00:00:00.000Z";
const ENTRY = `kind at opportunity { id } actor { id } fromStage toStage closeDateBefore closeDateAfter
  valueBefore { amount currency } valueAfter { amount currency } nameBefore nameAfter`;
const CHANGES = `query Changes($since: DateTime!, $teamId: ID, $ownerId: ID, $first: Int, $after: String) {
  pipelineChanges(since: $since, teamId: $teamId, ownerId: $ownerId, first: $first, after: $after) {
    since teams { id }
    summary { kind count opportunities drill }
    changes { edges { cursor node { ${ENTRY} } } pageInfo { hasNextPage endCursor } } } }`;

interface Entry {
  kind: string;
  at: string;
  opportunity: { id: string };
  actor: { id: string } | null;
  fromStage: string | null;
  toStage: string | null;
  closeDateBefore: string | null;
  closeDateAfter: string | null;
  valueBefore: { amount: string; currency: string } | null;
  valueAfter: { amount: string; currency: string } | null;
  nameBefore: string | null;
  nameAfter: string | null;
}
interface Changes {
  since: string;
  teams: { id: string }[];
  summary: { kind: string; count: number; opportunities: number; drill: string }[];
  changes: { edges: { cursor: string; node: Entry }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const KINDS = [
  "CREATED",
  "MOVED_FORWARD",
  "MOVED_BACKWARD",
  "WON",
  "LOST",
  "REOPENED",
  "CLOSE_DATE_PUSHED",
  "CLOSE_DATE_PULLED_IN",
  "VALUE_RAISED",
  "VALUE_CUT",
  "VALUE_CHANGED",
  "RENAMED",
];

/** Kind → [changes, opportunities], for the kinds with any. */
const counted = (report: Changes) =>
  Object.fromEntries(report.summary.filter((row) => row.count > 0).map((row) => [row.kind, [row.count, row.opportunities]]));
const drillOf = (report: Changes, kind: string) => report.summary.find((row) => row.kind === kind)!.drill;

export function reportPipelineChangesSuite(database: TestDatabase) {
  describe(`pipelineChanges on ${database.driver}`, () => {
    const { fixture, reportQuery, drilledOpportunities: drilled, firstError, opportunityIds: ids } = useReportClient(database);
    const changes = reportQuery<Changes>(CHANGES, "pipelineChanges", { since: SINCE });
    const keyOf = (id: string) => (Object.entries(fixture.opportunities).find(([, candidate]) => candidate === id)?.[0] ?? id) as FixtureOpportunity;
    const listed = (report: Changes) => report.changes.edges.map((edge) => `${edge.node.kind} ${keyOf(edge.node.opportunity.id)}`);

    it("classifies stage moves in SQL exactly as the domain's classifyStageMove does, for every pair", async () => {
      const pairs = [null, ...PIPELINE_STAGES].flatMap((from) =>
        PIPELINE_STAGES.filter((to) => to !== from).map((to) => [from, to] as [PipelineStage | null, PipelineStage]),
      );
      const rows = await rawRows<{ f: PipelineStage | null; t: PipelineStage; kind: string }>(
        database.handle.db,
        sql`select f, t, ${stageMoveKind(sql`f`, sql`t`)} as kind
            from (values ${sql.join(pairs.map(([from, to]) => sql`(${from}::text, ${to}::text)`), sql`, `)}) as v(f, t)`,
      );
      expect(rows).toHaveLength(pairs.length);
      for (const row of rows) expect([row.f, row.t, row.kind]).toEqual([row.f, row.t, classifyStageMove(row.f, row.t)]);
    });

    describe("a manager's team since 1 May", () => {
      it("counts every kind, zeros included: EAST's 19 changes of O1, O2, O5, O7, O8", async () => {
        const report = await changes(fixture.users.managerEast);
        expect(report.since).toBe(SINCE);
        expect(report.summary.map((row) => row.kind)).toEqual(KINDS);
        expect(counted(report)).toEqual({
          CREATED: [3, 3], // O1, O2, O8 (O5 was opened in April)
          MOVED_FORWARD: [8, 3], // O1 ×4, O5 ×2, O8 ×2
          MOVED_BACKWARD: [2, 2], // O1 returned for revision, O8 rejected
          WON: [1, 1], // O1
          LOST: [2, 2], // O2, O7
          CLOSE_DATE_PUSHED: [2, 2], // O1, O5
          VALUE_RAISED: [1, 1], // O5
        });
      });

      it("lists them newest first, ties broken the same way on every page", async () => {
        const report = await changes(fixture.users.managerEast);
        expect(listed(report)).toEqual([
          "VALUE_RAISED O5",
          "WON O1",
          "LOST O2",
          "CLOSE_DATE_PUSHED O5",
          "MOVED_FORWARD O1",
          "LOST O7",
          "CLOSE_DATE_PUSHED O1",
          "MOVED_FORWARD O1",
          "CREATED O2",
          "MOVED_BACKWARD O1",
          "MOVED_FORWARD O1",
          "MOVED_BACKWARD O8",
          "MOVED_FORWARD O1",
          "MOVED_FORWARD O5",
          "MOVED_FORWARD O5",
          "MOVED_FORWARD O8",
          "CREATED O1",
          "MOVED_FORWARD O8",
          "CREATED O8",
        ]);
        expect(report.changes.pageInfo.hasNextPage).toBe(false);
      });

      it("gives each entry its before and after and who made it", async () => {
        const { users } = fixture;
        const entries = (await changes(fixture.users.managerEast)).changes.edges.map((edge) => edge.node);
        const none = { fromStage: null, toStage: null, closeDateBefore: null, closeDateAfter: null, valueBefore: null, valueAfter: null, nameBefore: null, nameAfter: null };
        expect(entries[0]).toEqual({
          ...none,
          kind: "VALUE_RAISED",
          at: "2026-06-01T02:00:00.000Z",
          opportunity: { id: fixture.opportunities.O5 },
          actor: { id: users.managerEast.id },
          valueBefore: { amount: "5000000", currency: "USD" },
          valueAfter: { amount: "6000000", currency: "USD" },
        });
        expect(entries[3]).toEqual({
          ...none,
          kind: "CLOSE_DATE_PUSHED",
          at: "2026-05-20T02:00:00.000Z",
          opportunity: { id: fixture.opportunities.O5 },
          actor: { id: users.repA.id },
          closeDateBefore: "2026-06-30",
          closeDateAfter: "2026-08-31",
        });
        expect(entries[11]).toEqual({
          ...none,
          kind: "MOVED_BACKWARD",
          at: "2026-05-08T02:00:00.000Z",
          opportunity: { id: fixture.opportunities.O8 },
          actor: { id: users.managerEast.id },
          fromStage: "IN_REVIEW",
          toStage: "OPPORTUNITY",
        });
        expect(entries[18]).toMatchObject({ kind: "CREATED", fromStage: null, toStage: "OPPORTUNITY", actor: { id: users.repB.id } });
      });

      it("drills each count to the opportunities behind it", async () => {
        const report = await changes(fixture.users.managerEast);
        const manager = fixture.users.managerEast;
        expect(await drilled(manager, drillOf(report, "MOVED_FORWARD"))).toEqual(ids("O1", "O5", "O8"));
        expect(await drilled(manager, drillOf(report, "MOVED_BACKWARD"))).toEqual(ids("O1", "O8"));
        expect(await drilled(manager, drillOf(report, "CLOSE_DATE_PUSHED"))).toEqual(ids("O1", "O5"));
        expect(await drilled(manager, drillOf(report, "REOPENED"))).toEqual([]);
      });
    });

    describe("the analyst, company-wide", () => {
      it("adds WEST's O10, O11 and O13: 26 changes", async () => {
        const report = await changes(fixture.users.analyst);
        expect(report.teams.map((team) => team.id).sort()).toEqual([fixture.east.id, fixture.west.id].sort());
        expect(counted(report)).toEqual({
          CREATED: [5, 5], // + O10, O11
          MOVED_FORWARD: [12, 5], // + O11 ×3, O13
          MOVED_BACKWARD: [2, 2],
          WON: [2, 2], // + O11
          LOST: [2, 2],
          CLOSE_DATE_PUSHED: [2, 2],
          VALUE_RAISED: [1, 1],
        });
        expect(report.changes.edges).toHaveLength(26);
      });

      it("pages by keyset without losing or repeating a change, even between two of the same moment", async () => {
        const whole = listed(await changes(fixture.users.analyst));
        const pages: string[][] = [];
        const more: boolean[] = [];
        let after: string | null = null;
        do {
          const page: Changes = await changes(fixture.users.analyst, { first: 7, after });
          pages.push(listed(page));
          more.push(page.changes.pageInfo.hasNextPage);
          after = page.changes.pageInfo.hasNextPage ? page.changes.pageInfo.endCursor : null;
        } while (after !== null);
        expect(pages.map((page) => page.length)).toEqual([7, 7, 7, 5]);
        expect(more).toEqual([true, true, true, false]);
        // The first page ends inside 05-20 02:00: O5's pushed close date, then O1's move opens page 2.
        expect(pages[0]).toEqual(["MOVED_FORWARD O13", "CREATED O10", "VALUE_RAISED O5", "WON O1", "LOST O2", "WON O11", "CLOSE_DATE_PUSHED O5"]);
        expect(pages[1]![0]).toBe("MOVED_FORWARD O1");
        expect(pages.flat()).toEqual(whole);
      });

      it("drills company-wide counts", async () => {
        const report = await changes(fixture.users.analyst);
        const analyst = fixture.users.analyst;
        expect(await drilled(analyst, drillOf(report, "CREATED"))).toEqual(ids("O1", "O2", "O8", "O10", "O11"));
        expect(await drilled(analyst, drillOf(report, "MOVED_FORWARD"))).toEqual(ids("O1", "O5", "O8", "O11", "O13"));
        expect(await drilled(analyst, drillOf(report, "WON"))).toEqual(ids("O1", "O11"));
        expect(await drilled(analyst, drillOf(report, "LOST"))).toEqual(ids("O2", "O7"));
        expect(await drilled(analyst, drillOf(report, "VALUE_RAISED"))).toEqual(ids("O5"));
      });

      it("is right for a later since too: from 2 June only O10's opening and O13's move", async () => {
        const report = await changes(fixture.users.analyst, { since: "2026-06-02T00:00:00.000Z" });
        expect(counted(report)).toEqual({ CREATED: [1, 1], MOVED_FORWARD: [1, 1] });
        expect(await drilled(fixture.users.analyst, drillOf(report, "CREATED"))).toEqual(ids("O10"));
      });
    });

    describe("a rep sees their own work only", () => {
      it("repA since 1 April: O1, O2, O5 and O7, with O7's value cut of 20 April", async () => {
        const report = await changes(fixture.users.repA, { since: "2026-04-01T00:00:00.000Z" });
        expect(counted(report)).toEqual({
          CREATED: [3, 3], // O1, O2, O5 (12 April)
          MOVED_FORWARD: [6, 2], // O1 ×4, O5 ×2
          MOVED_BACKWARD: [1, 1], // O1
          WON: [1, 1],
          LOST: [2, 2], // O2, O7
          CLOSE_DATE_PUSHED: [2, 2],
          VALUE_RAISED: [1, 1], // O5, by managerEast on repA's deal
          VALUE_CUT: [1, 1], // O7: CNY 60000000 → 50000000
        });
        expect(await drilled(fixture.users.repA, drillOf(report, "VALUE_CUT"))).toEqual(ids("O7"));
      });

      it("repB sees O8 only; repA asking for repB's work gets nothing, and repB's drill shows repA only repA's own", async () => {
        const repB = await changes(fixture.users.repB);
        expect(counted(repB)).toEqual({ CREATED: [1, 1], MOVED_FORWARD: [2, 1], MOVED_BACKWARD: [1, 1] });
        expect(await drilled(fixture.users.repB, drillOf(repB, "MOVED_BACKWARD"))).toEqual(ids("O8"));
        const asked = await changes(fixture.users.repA, { ownerId: fixture.users.repB.id });
        expect(counted(asked)).toEqual({});
        expect(asked.changes.edges).toEqual([]);
        // The token holds conditions, not rows: under repA's visibility it selects repA's O1, never repB's O8.
        expect(await drilled(fixture.users.repA, drillOf(repB, "MOVED_BACKWARD"))).toEqual(ids("O1"));
      });
    });

    describe("access and arguments", () => {
      it("refuses a reviewer (FORBIDDEN)", async () => {
        expect((await firstError(fixture.users.reviewerEast, CHANGES, { since: SINCE }))?.code).toBe("FORBIDDEN");
      });

      it("gives a manager naming another team the empty answer the lists give", async () => {
        const report = await changes(fixture.users.managerEast, { teamId: fixture.west.id });
        expect(report.teams).toEqual([]);
        expect(report.summary).toHaveLength(KINDS.length);
        expect(counted(report)).toEqual({});
        expect(report.changes).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
      });

      it("takes a since exactly 731 days back", async () => {
        // 2024-06-14T04:00Z → 2026-06-15T04:00Z: 365 + 365 + 1 days
        const report = await changes(fixture.users.managerEast, { since: "2024-06-14T04:00:00.000Z" });
        expect(report.summary.find((row) => row.kind === "CREATED")!.count).toBe(5); // every EAST deal
      });

      it.each([
        ["since", { since: "2026-06-15T04:00:00.001Z" }], // a millisecond in the future
        ["since", { since: "2024-06-14T03:59:59.999Z" }], // a millisecond more than 731 days back
        ["first", { first: 0 }],
        ["first", { first: 501 }],
        ["after", { after: "not-a-cursor" }],
        ["teamId", { teamId: "not-an-id" }],
      ])("names %s when it is bad (BAD_USER_INPUT)", async (field, variables) => {
        expect(await firstError(fixture.users.managerEast, CHANGES, { since: SINCE, ...variables })).toMatchObject({ code: "BAD_USER_INPUT", field });
      });
    });

    // Last, so the rows it adds (a team of its own) are in no figure above.
    describe("the kinds the fixture lacks, on a deal of a team of its own", () => {
      let manager: UserRow;
      let rep: UserRow;
      let deal: string;
      beforeAll(async () => {
        const db = database.handle.db;
        const team = await createTeam(db, { name: "巡检附加团队" });
        manager = await createUser(db, { role: "MANAGER", teamId: team.id });
        rep = await createUser(db, { role: "REP", teamId: team.id });
        deal = await insertDeal(db, {
          name: "新名",
          owner: rep,
          value: 8000n,
          closeOn: "2026-08-31",
          moves: [
            ["OPPORTUNITY", new Date("2026-06-01T02:00:00.000Z")],
            ["LOST", new Date("2026-06-03T02:00:00.000Z")],
            ["OPPORTUNITY", new Date("2026-06-05T02:00:00.000Z")],
          ],
        });
        // One update that renames, pulls the close date in and cuts the value: three entries.
        await insertUpdate(db, {
          opportunityId: deal,
          teamId: team.id,
          actor: rep,
          at: new Date("2026-06-10T02:00:00.000Z"),
          before: { name: "旧名", estimatedValue: { amount: "10000", currency: "CNY" }, expectedCloseOn: "2026-09-30" },
          after: { name: "新名", estimatedValue: { amount: "8000", currency: "CNY" }, expectedCloseOn: "2026-08-31" },
        });
        // A value recorded in another currency, by the system: VALUE_CHANGED, and an unchanged name is no RENAMED.
        await insertUpdate(db, {
          opportunityId: deal,
          teamId: team.id,
          actor: null,
          at: new Date("2026-06-11T02:00:00.000Z"),
          before: { name: "新名", estimatedValue: { amount: "8000", currency: "CNY" } },
          after: { name: "新名", estimatedValue: { amount: "8000", currency: "USD" } },
        });
      });

      it("counts REOPENED, CLOSE_DATE_PULLED_IN, VALUE_CUT, VALUE_CHANGED and RENAMED, one update giving one entry per field", async () => {
        const report = await changes(manager, { since: "2026-06-01T00:00:00.000Z" });
        expect(counted(report)).toEqual({
          CREATED: [1, 1],
          LOST: [1, 1],
          REOPENED: [1, 1],
          CLOSE_DATE_PULLED_IN: [1, 1],
          VALUE_CUT: [1, 1],
          VALUE_CHANGED: [1, 1],
          RENAMED: [1, 1],
        });
        const entries = report.changes.edges.map((edge) => edge.node);
        expect(entries.map((entry) => [entry.kind, entry.at])).toEqual([
          ["VALUE_CHANGED", "2026-06-11T02:00:00.000Z"],
          ["RENAMED", "2026-06-10T02:00:00.000Z"],
          ["VALUE_CUT", "2026-06-10T02:00:00.000Z"],
          ["CLOSE_DATE_PULLED_IN", "2026-06-10T02:00:00.000Z"],
          ["REOPENED", "2026-06-05T02:00:00.000Z"],
          ["LOST", "2026-06-03T02:00:00.000Z"],
          ["CREATED", "2026-06-01T02:00:00.000Z"],
        ]);
        expect(entries[0]).toMatchObject({ actor: null, valueBefore: { amount: "8000", currency: "CNY" }, valueAfter: { amount: "8000", currency: "USD" } });
        expect(entries[1]).toMatchObject({ actor: { id: rep.id }, nameBefore: "旧名", nameAfter: "新名", closeDateBefore: null, valueBefore: null });
        expect(entries[2]).toMatchObject({ valueBefore: { amount: "10000", currency: "CNY" }, valueAfter: { amount: "8000", currency: "CNY" }, nameBefore: null });
        expect(entries[3]).toMatchObject({ closeDateBefore: "2026-09-30", closeDateAfter: "2026-08-31", valueBefore: null });
        expect(entries[4]).toMatchObject({ fromStage: "LOST", toStage: "OPPORTUNITY" });
        for (const kind of ["REOPENED", "CLOSE_DATE_PULLED_IN", "VALUE_CHANGED", "RENAMED"]) {
          expect(await drilled(manager, drillOf(report, kind))).toEqual([deal]);
        }
      });
    });
  });
}
