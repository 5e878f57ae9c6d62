import { firstContactSlaStatus, planFirstContact, validateCalendarSpec, type CalendarSpec, type FollowUpKind, type Tier } from "@sales/domain";
import { and, eq, sql } from "drizzle-orm";
import { getNamedType, isLeafType, type GraphQLObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import type { Actor } from "../../src/access/actor.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import type { SlaCounts } from "../../src/follow-ups/first-contact-sla.service.ts";
import { insertPlannedFollowUp } from "../../src/follow-ups/follow-up-plans.ts";
import { followUps, type FollowUpRow } from "../../src/follow-ups/follow-up.table.ts";
import { leads, type LeadRow } from "../../src/leads/lead.table.ts";
import { buildAppSchema } from "../../src/schema/build-schema.ts";
import { teamRules } from "../../src/teams/team-rules.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

/** A Shanghai wall-clock time, e.g. sh("2026-03-09 10:00"). */
const sh = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);
/** The last millisecond of a Shanghai day: where "within N business days" ends (SOP-3.5). */
const endOfShanghaiDay = (date: string) => new Date(new Date(`${date}T23:59:59.999+08:00`).getTime());

// March 2026: Mon 9, Tue 10, Wed 11 (the team's holiday), Thu 12, Fri 13, Sat 14 (a make-up
// working day), Sun 15, Mon 16.
const TEAM_CALENDAR: CalendarSpec = checkedCalendar({
  timeZone: "Asia/Shanghai",
  weekendDays: [6, 7],
  holidays: [{ date: "2026-03-11", name: "团建 team offsite" }],
  makeUpWorkdays: [{ date: "2026-03-14", name: "调休上班" }],
  coverage: { from: "2026-01-01", through: "2026-12-31" },
});

function checkedCalendar(spec: unknown): CalendarSpec {
  const result = validateCalendarSpec(spec);
  if (!result.ok) throw new Error(`bad test calendar: ${JSON.stringify(result.error)}`);
  return result.value;
}

const FOLLOW_UP_FIELDS = /* GraphQL */ `
  fragment FollowUpFields on FollowUp {
    id kind channel status dueAt slaDueAt completedAt outcome channelUsed interest signals note unplanned
    isOverdue bucket owner { id } lead { id } nextFollowUp { id } previousFollowUp { id }
  }
`;

interface FollowUpView {
  id: string;
  kind: FollowUpKind;
  channel: string;
  status: string;
  dueAt: string;
  slaDueAt: string | null;
  completedAt: string | null;
  outcome: string | null;
  channelUsed: string | null;
  interest: string | null;
  signals: string[];
  note: string | null;
  unplanned: boolean;
  isOverdue: boolean;
  bucket: string | null;
  owner: { id: string };
  lead: { id: string } | null;
  nextFollowUp: { id: string } | null;
  previousFollowUp: { id: string } | null;
}

interface LeadView {
  id: string;
  version: number;
  firstContactDueAt: string | null;
  firstContactAt: string | null;
  lastContactAt: string | null;
  needsReassessment: boolean;
}

const LEAD_FIELDS = "id version firstContactDueAt firstContactAt lastContactAt needsReassessment";

const COMPLETE = /* GraphQL */ `
  mutation Complete($id: ID!, $input: CompleteFollowUpInput!, $key: String) {
    completeFollowUp(id: $id, input: $input, idempotencyKey: $key) {
      completed { ...FollowUpFields }
      next { ...FollowUpFields }
      lead { ${LEAD_FIELDS} }
    }
  }
  ${FOLLOW_UP_FIELDS}
`;

const LOG_ACTIVITY = /* GraphQL */ `
  mutation Log($leadId: ID!, $input: LogActivityInput!, $key: String) {
    logActivity(leadId: $leadId, input: $input, idempotencyKey: $key) {
      activity { ...FollowUpFields }
      next { ...FollowUpFields }
      cancelled { id status kind }
      lead { ${LEAD_FIELDS} }
    }
  }
  ${FOLLOW_UP_FIELDS}
`;

const RESCHEDULE = /* GraphQL */ `
  mutation Reschedule($id: ID!, $dueAt: DateTime!, $reason: String!) {
    rescheduleFollowUp(id: $id, dueAt: $dueAt, reason: $reason) { ...FollowUpFields }
  }
  ${FOLLOW_UP_FIELDS}
`;

const QUEUE = /* GraphQL */ `
  query Queue($ownerId: ID, $teamId: ID, $first: Int, $after: String) {
    followUpQueue(ownerId: $ownerId, teamId: $teamId, first: $first, after: $after) {
      totalCount
      edges { cursor node { ...FollowUpFields } }
      pageInfo { hasNextPage endCursor }
    }
  }
  ${FOLLOW_UP_FIELDS}
`;

const SLA = /* GraphQL */ `
  query Sla($teamId: ID!, $from: DateTime!, $to: DateTime!) {
    firstContactSla(teamId: $teamId, from: $from, to: $to) {
      team { id }
      totals { due contactedOnTime contactedLate stillOpen stillOpenOverdue missed }
      byTier { tier due contactedOnTime contactedLate stillOpen stillOpenOverdue missed }
      byRep { rep { id } due contactedOnTime contactedLate stillOpen stillOpenOverdue missed }
      missed { id }
    }
  }
`;

interface CompletePayload {
  completeFollowUp: { completed: FollowUpView; next: FollowUpView | null; lead: LeadView };
}
interface LogPayload {
  logActivity: {
    activity: FollowUpView;
    next: FollowUpView | null;
    cancelled: { id: string; status: string; kind: string }[];
    lead: LeadView;
  };
}
interface QueuePage {
  followUpQueue: {
    totalCount: number;
    edges: { cursor: string; node: FollowUpView }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
interface SlaPayload {
  firstContactSla: {
    team: { id: string };
    totals: SlaCounts;
    byTier: (SlaCounts & { tier: Tier })[];
    byRep: (SlaCounts & { rep: { id: string } })[];
    missed: { id: string }[];
  };
}

const counts = (due: number, contactedOnTime: number, contactedLate: number, stillOpen: number, stillOpenOverdue: number): SlaCounts => ({
  due,
  contactedOnTime,
  contactedLate,
  stillOpen,
  stillOpenOverdue,
  missed: contactedLate + stillOpenOverdue,
});

export function followUpsSuite(database: TestDatabase) {
  describe(`follow-ups over HTTP on ${database.driver}`, () => {
    let now = sh("2026-03-09 10:00");
    const api = startTestServer(database, { now: () => now });
    const db = () => database.handle.db;

    // ---- fixtures ------------------------------------------------------------------------

    async function teamWithPeople(calendar: CalendarSpec | null = TEAM_CALENDAR) {
      const team = await createTeam(db(), { calendar });
      const [rep, otherRep, manager] = [
        await createUser(db(), { role: "REP", teamId: team.id }),
        await createUser(db(), { role: "REP", teamId: team.id }),
        await createUser(db(), { role: "MANAGER", teamId: team.id }),
      ];
      return { team, rep: rep!, otherRep: otherRep!, manager: manager! };
    }

    /** A lead captured at `capturedAt` with its SOP-3.1–3.3 first contact, as captureLead leaves it. */
    async function captureLead(
      team: TeamRow,
      owner: UserRow,
      values: { tier: Tier; capturedAt: Date; companyName?: string },
    ): Promise<{ lead: LeadRow; firstContact: FollowUpRow }> {
      return db().transaction(async (tx) => {
        const actor: Actor = { user: owner, requestId: "fixture", now: values.capturedAt };
        const [inserted] = await tx
          .insert(leads)
          .values({
            teamId: team.id,
            ownerId: owner.id,
            channel: "TRADE_SHOW",
            companyName: values.companyName ?? `上海测试科技有限公司 ${Math.random().toString(36).slice(2, 8)}`,
            contactName: "张伟",
            phone: "+8613800138000",
            tier: values.tier,
            computedTier: values.tier,
            status: "WORKING",
            createdAt: values.capturedAt,
            updatedAt: values.capturedAt,
          })
          .returning();
        const rules = teamRules(team);
        const planned = planFirstContact({ capturedAt: values.capturedAt, tier: values.tier }, rules.playbook, rules.calendar);
        const firstContact = await insertPlannedFollowUp(tx, actor, inserted!, planned, { slaDueAt: planned.slaDueAt });
        const [lead] = await tx
          .update(leads)
          .set({ firstContactDueAt: firstContact.slaDueAt })
          .where(eq(leads.id, inserted!.id))
          .returning();
        return { lead: lead!, firstContact };
      });
    }

    async function addOpenFollowUp(lead: LeadRow, values: { kind?: FollowUpKind; dueAt: Date; channel?: "PHONE" | "VISIT" | "VIDEO" }) {
      const [row] = await db()
        .insert(followUps)
        .values({
          leadId: lead.id,
          teamId: lead.teamId,
          ownerId: lead.ownerId,
          tier: lead.tier,
          kind: values.kind ?? "CADENCE",
          channel: values.channel ?? "PHONE",
          dueAt: values.dueAt,
        })
        .returning();
      return row!;
    }

    async function leadRow(id: string): Promise<LeadRow> {
      const [row] = await db().select().from(leads).where(eq(leads.id, id));
      return row!;
    }

    /** Everything a mutation could write: rows, versions and audit events. */
    async function writeState() {
      const [f] = await db()
        .select({ n: countRows(), versions: sql<number>`coalesce(sum(${followUps.version}), 0)`.mapWith(Number) })
        .from(followUps);
      const [l] = await db().select({ versions: sql<number>`coalesce(sum(${leads.version}), 0)`.mapWith(Number) }).from(leads);
      const [a] = await db().select({ n: countRows() }).from(auditEvents);
      const [k] = await db().select({ n: countRows() }).from(sql`idempotency_keys`);
      return { followUps: f!.n, followUpVersions: f!.versions, leadVersions: l!.versions, audit: a!.n, idempotencyKeys: k!.n };
    }

    async function plannedAfter(id: string): Promise<FollowUpRow[]> {
      return db().select().from(followUps).where(eq(followUps.previousId, id));
    }

    const complete = (as: UserRow, id: string, input: Record<string, unknown>, key?: string) =>
      api.graphql<CompletePayload>(COMPLETE, { id, input, key }, { as });
    const logActivity = (as: UserRow, leadId: string, input: Record<string, unknown>, key?: string) =>
      api.graphql<LogPayload>(LOG_ACTIVITY, { leadId, input, key }, { as });
    const queue = (as: UserRow, variables: Record<string, unknown> = {}) => api.graphql<QueuePage>(QUEUE, variables, { as });

    function expectError(res: GraphqlResponse<unknown>, code: string, field?: string) {
      expect(res.errors, JSON.stringify(res.data)).toBeDefined();
      expect(res.errors![0]!.extensions).toMatchObject(field === undefined ? { code } : { code, field });
    }

    function ok<T>(res: GraphqlResponse<T>): T {
      expect(res.errors).toBeUndefined();
      return res.data!;
    }

    // ---- SOP-3.1–3.3 the cadence per tier ------------------------------------------------

    describe("planning by tier in the team calendar", () => {
      it("SOP-3.1 a tier A lead's first call is due 24 hours after capture, then a call every 2 business days (SOP-3.5 skipping the team's holiday, counting its make-up Saturday)", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        expect(firstContact).toMatchObject({ kind: "FIRST_CONTACT", channel: "PHONE", dueAt: sh("2026-03-10 10:00"), slaDueAt: sh("2026-03-10 10:00") });

        now = sh("2026-03-10 09:00");
        const first = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED", channelUsed: "PHONE" })).completeFollowUp;
        expect(first.completed).toMatchObject({ status: "DONE", outcome: "CONNECTED", channelUsed: "PHONE", completedAt: now.toISOString() });
        // Tuesday + 2 business days: Wednesday is the team's holiday, so Thursday and Friday.
        expect(first.next).toMatchObject({ kind: "CADENCE", channel: "PHONE", dueAt: endOfShanghaiDay("2026-03-13").toISOString(), slaDueAt: null });
        expect(first.next!.previousFollowUp).toEqual({ id: firstContact.id });
        expect(first.completed.nextFollowUp).toEqual({ id: first.next!.id });
        expect(first.lead).toMatchObject({ id: lead.id, firstContactAt: now.toISOString(), lastContactAt: now.toISOString(), version: lead.version + 1 });

        now = sh("2026-03-13 10:00");
        const second = ok(await complete(rep, first.next!.id, { outcome: "CONNECTED" })).completeFollowUp;
        // Friday + 2 business days: the make-up Saturday counts, then Monday.
        expect(second.next).toMatchObject({ kind: "CADENCE", channel: "PHONE", dueAt: endOfShanghaiDay("2026-03-16").toISOString() });
        // The planned channel stands in for the channel used when the rep does not say.
        expect(second.completed.channelUsed).toBe("PHONE");
        expect(second.lead.firstContactAt).toBe(sh("2026-03-10 09:00").toISOString());
        expect(second.lead.lastContactAt).toBe(now.toISOString());
      });

      it("SOP-3.2 a tier B lead gets a call within 3 business days, then an email every week", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        // Tuesday, (Wednesday off), Thursday, Friday.
        expect(firstContact).toMatchObject({ kind: "FIRST_CONTACT", channel: "PHONE", dueAt: endOfShanghaiDay("2026-03-13") });

        now = sh("2026-03-12 10:00");
        const { next } = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED", channelUsed: "PHONE" })).completeFollowUp;
        expect(next).toMatchObject({ kind: "CADENCE", channel: "EMAIL", dueAt: sh("2026-03-19 10:00").toISOString() });
      });

      it("SOP-3.3 a tier C lead gets material by email within 5 business days, then monthly nurture (SOP-3.5 clamped to the month's last day)", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "C", capturedAt: sh("2026-03-24 10:00") });
        expect(firstContact).toMatchObject({ kind: "FIRST_CONTACT", channel: "EMAIL", dueAt: endOfShanghaiDay("2026-03-31") });

        now = sh("2026-03-31 10:00");
        const { next } = ok(await complete(rep, firstContact.id, { outcome: "MATERIAL_SENT", channelUsed: "EMAIL" })).completeFollowUp;
        expect(next).toMatchObject({ kind: "NURTURE", channel: "EMAIL", dueAt: sh("2026-04-30 10:00").toISOString() });
      });

      it("SOP-3.3 a customer who is not interested is only nurtured monthly, even on a tier A lead", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 15:00");
        const { next, lead } = ok(await complete(rep, firstContact.id, { outcome: "NOT_INTERESTED", interest: "LOWERED" })).completeFollowUp;
        expect(next).toMatchObject({ kind: "NURTURE", channel: "EMAIL", dueAt: sh("2026-04-09 15:00").toISOString() });
        // Reaching the customer keeps the SLA, whatever they said.
        expect(lead.firstContactAt).toBe(now.toISOString());
      });

      it.each([
        ["at the channel given", { meetingChannel: "VIDEO" }, "VIDEO"],
        ["as a visit when no channel is given", {}, "VISIT"],
      ])("SOP-3.1 a booked meeting is planned at its time, %s", async (_label, extra, channel) => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 16:00");
        const meetingAt = sh("2026-03-12 14:30");
        const { next } = ok(
          await complete(rep, firstContact.id, { outcome: "MEETING_BOOKED", meetingAt: meetingAt.toISOString(), ...extra }),
        ).completeFollowUp;
        expect(next).toMatchObject({ kind: "MEETING", channel, dueAt: meetingAt.toISOString(), bucket: "UPCOMING" });
      });

      it("SOP-3.5 a team without its own calendar works by mainland China's: a tier B lead captured before National Day is due at the end of the make-up Saturday", async () => {
        const { team, rep } = await teamWithPeople(null);
        // 1–7 October 2026 are holidays; Thursday 8, Friday 9 and Saturday 10 (调休) are working days.
        const { firstContact } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-09-30 10:00") });
        expect(firstContact.dueAt).toEqual(endOfShanghaiDay("2026-10-10"));
        expect(firstContact.calendarCovered).toBe(true);
      });
    });

    // ---- SOP-3.5 no answer ---------------------------------------------------------------

    describe("SOP-3.5 an unanswered call", () => {
      it.each([
        ["on Tuesday is retried by the end of Thursday (Wednesday is the team's holiday)", "2026-03-10 15:00", "2026-03-12"],
        ["on Friday is retried by the end of the make-up Saturday", "2026-03-13 15:00", "2026-03-14"],
      ])("SOP-3.5 a NO_ANSWER %s, still as the first contact under the deadline in force", async (_label, at, retryDay) => {
        const { team, rep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh(at);
        const result = ok(await complete(rep, firstContact.id, { outcome: "NO_ANSWER", channelUsed: "PHONE" })).completeFollowUp;
        expect(result.completed).toMatchObject({ status: "DONE", outcome: "NO_ANSWER" });
        expect(result.next).toMatchObject({
          kind: "FIRST_CONTACT",
          channel: "PHONE",
          dueAt: endOfShanghaiDay(retryDay).toISOString(),
          slaDueAt: lead.firstContactDueAt!.toISOString(),
        });
        // Not reaching the customer does not satisfy first contact, and changes nothing on the lead.
        expect(result.lead).toMatchObject({ firstContactAt: null, lastContactAt: null, version: lead.version });
        expect(result.lead.firstContactDueAt).toBe(lead.firstContactDueAt!.toISOString());
      });
    });

    // ---- SOP-3.4 raised interest ---------------------------------------------------------

    it("SOP-3.4 raised interest flags the lead for re-assessment, and the completion shows in the lead's history", async () => {
      const { team, rep } = await teamWithPeople();
      const { lead, firstContact } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
      now = sh("2026-03-10 11:00");
      const result = ok(
        await complete(rep, firstContact.id, {
          outcome: "CONNECTED",
          channelUsed: "WECHAT",
          interest: "RAISED",
          signals: ["PRICE_OR_PROCESS_QUESTION", "INDUSTRY_POLICY_CHANGE", "PRICE_OR_PROCESS_QUESTION"],
          note: "客户询问报价流程 asked how purchasing works",
        }),
      ).completeFollowUp;
      expect(result.lead).toMatchObject({ needsReassessment: true, version: lead.version + 1 });
      expect(result.completed).toMatchObject({
        interest: "RAISED",
        channelUsed: "WECHAT",
        signals: ["PRICE_OR_PROCESS_QUESTION", "INDUSTRY_POLICY_CHANGE"],
        note: "客户询问报价流程 asked how purchasing works",
      });

      const history = ok(
        await api.graphql<{ lead: { history: { action: string; entityId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] } }>(
          `query($id: ID!) { lead(id: $id) { history { action entityId before after } } }`,
          { id: lead.id },
          { as: rep },
        ),
      ).lead.history;
      const completed = history.find((event) => event.action === "FOLLOW_UP_COMPLETED");
      expect(completed).toMatchObject({
        entityId: firstContact.id,
        before: { status: "OPEN" },
        after: { status: "DONE", outcome: "CONNECTED", interest: "RAISED", nextFollowUpId: result.next!.id },
      });
      expect(history.find((event) => event.action === "LEAD_CONTACT_RECORDED")).toMatchObject({
        before: { needsReassessment: false, firstContactAt: null },
        after: { needsReassessment: true },
      });
      expect(history.filter((event) => event.action === "FOLLOW_UP_PLANNED").map((event) => event.entityId)).toEqual([firstContact.id, result.next!.id]);
    });

    // ---- SOP-3.5 logged activity ---------------------------------------------------------

    describe("SOP-3.5 logging an unplanned contact", () => {
      it("SOP-3.5 a WeChat chat that reached the customer counts as the last follow-up: it replaces the open first contact, keeps the booked meeting, and plans the cadence from the chat", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        const meeting = await addOpenFollowUp(lead, { kind: "MEETING", channel: "VISIT", dueAt: sh("2026-03-20 14:00") });
        now = sh("2026-03-10 11:00");
        const occurredAt = sh("2026-03-10 09:30");
        const result = ok(
          await logActivity(rep, lead.id, { outcome: "CONNECTED", channelUsed: "WECHAT", occurredAt: occurredAt.toISOString(), note: "微信沟通" }),
        ).logActivity;

        expect(result.activity).toMatchObject({
          status: "DONE",
          unplanned: true,
          kind: "CADENCE",
          channel: "WECHAT",
          channelUsed: "WECHAT",
          outcome: "CONNECTED",
          completedAt: occurredAt.toISOString(),
          note: "微信沟通",
          bucket: null,
          isOverdue: false,
        });
        expect(result.cancelled).toEqual([{ id: firstContact.id, status: "CANCELLED", kind: "FIRST_CONTACT" }]);
        // Tuesday (the chat's day) + 2 business days, skipping the Wednesday holiday.
        expect(result.next).toMatchObject({ kind: "CADENCE", channel: "PHONE", dueAt: endOfShanghaiDay("2026-03-13").toISOString() });
        expect(result.next!.previousFollowUp).toEqual({ id: result.activity.id });
        expect(result.lead).toMatchObject({ firstContactAt: occurredAt.toISOString(), lastContactAt: occurredAt.toISOString() });

        const open = ok(await queue(rep)).followUpQueue.edges.map((edge) => edge.node.id);
        expect(open).toEqual([result.next!.id, meeting.id]);
        const [cancelledEvent] = await db()
          .select()
          .from(auditEvents)
          .where(and(eq(auditEvents.entityId, firstContact.id), eq(auditEvents.action, "FOLLOW_UP_CANCELLED")));
        expect(cancelledEvent).toMatchObject({ leadId: lead.id, actorId: rep.id, after: { status: "CANCELLED", activityId: result.activity.id } });
      });

      it("SOP-3.5 an unanswered call that nobody planned is only recorded", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-10 11:00");
        const result = ok(await logActivity(rep, lead.id, { outcome: "NO_ANSWER", channelUsed: "PHONE" })).logActivity;
        expect(result.activity).toMatchObject({ status: "DONE", unplanned: true, outcome: "NO_ANSWER", completedAt: now.toISOString() });
        expect(result.next).toBeNull();
        expect(result.cancelled).toEqual([]);
        expect(result.lead).toMatchObject({ version: lead.version, firstContactAt: null, lastContactAt: null });
        expect(ok(await queue(rep)).followUpQueue.edges.map((edge) => edge.node.id)).toEqual([firstContact.id]);
      });

      it("refuses a contact in the future, naming input.occurredAt, and writes nothing", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-10 11:00");
        const before = await writeState();
        const res = await logActivity(rep, lead.id, { outcome: "CONNECTED", channelUsed: "PHONE", occurredAt: sh("2026-03-10 11:01").toISOString() });
        expectError(res, "BAD_USER_INPUT", "input.occurredAt");
        expect(await writeState()).toEqual(before);
      });

      it("refuses a lead that is not yours as NOT_FOUND naming leadId", async () => {
        const { team, rep, otherRep } = await teamWithPeople();
        const { lead } = await captureLead(team, otherRep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        const before = await writeState();
        expectError(await logActivity(rep, lead.id, { outcome: "CONNECTED", channelUsed: "PHONE" }), "NOT_FOUND", "leadId");
        expect(await writeState()).toEqual(before);
      });
    });

    // ---- SOP-3.6 the queue ---------------------------------------------------------------

    describe("SOP-3.6 the follow-up queue", () => {
      it("SOP-3.6 lists open follow-ups overdue first then by due time, with 'due today' in the team's time zone", async () => {
        const { team, rep, otherRep } = await teamWithPeople();
        const { lead } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-01 10:00") });
        await db().update(followUps).set({ status: "CANCELLED" }).where(eq(followUps.leadId, lead.id));
        // 07:30 in Shanghai on Tuesday 10 March is still Monday 9 March in UTC.
        now = sh("2026-03-10 07:30");
        const upcoming = await addOpenFollowUp(lead, { dueAt: new Date("2026-03-10T16:30:00Z") }); // 00:30 Wednesday in Shanghai
        const dueTonight = await addOpenFollowUp(lead, { dueAt: new Date("2026-03-10T15:30:00Z") }); // 23:30 today in Shanghai
        const overdueThisMorning = await addOpenFollowUp(lead, { dueAt: new Date("2026-03-09T23:00:00Z") }); // 07:00 today
        const overdueYesterday = await addOpenFollowUp(lead, { dueAt: sh("2026-03-09 18:00") });
        const { lead: otherLead } = await captureLead(team, otherRep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        await addOpenFollowUp(otherLead, { dueAt: sh("2026-03-09 09:00") });

        const page = ok(await queue(rep)).followUpQueue;
        expect(page.edges.map((edge) => [edge.node.id, edge.node.bucket, edge.node.isOverdue])).toEqual([
          [overdueYesterday.id, "OVERDUE", true],
          [overdueThisMorning.id, "OVERDUE", true],
          [dueTonight.id, "DUE_TODAY", false],
          [upcoming.id, "UPCOMING", false],
        ]);
        expect(page.totalCount).toBe(4);
        expect(page.edges[0]!.node).toMatchObject({ lead: { id: lead.id }, owner: { id: rep.id }, kind: "CADENCE", channel: "PHONE" });
      });

      it("SOP-3.6 the same instant is due today for a team in Shanghai and upcoming for a team in New York", async () => {
        now = sh("2026-03-10 07:30"); // 19:30 on Monday 9 March in New York
        const dueAt = new Date("2026-03-10T05:30:00Z"); // 13:30 Tuesday in Shanghai, 01:30 Tuesday in New York
        const buckets: string[] = [];
        for (const timeZone of ["Asia/Shanghai", "America/New_York"]) {
          const { team, rep } = await teamWithPeople({ ...TEAM_CALENDAR, timeZone });
          const { lead } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
          await db().update(followUps).set({ dueAt }).where(eq(followUps.leadId, lead.id));
          buckets.push(ok(await queue(rep)).followUpQueue.edges[0]!.node.bucket!);
        }
        expect(buckets).toEqual(["DUE_TODAY", "UPCOMING"]);
      });

      it("pages by (dueAt, id) without skipping or repeating follow-ups due at the same time", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        for (let i = 0; i < 4; i++) await addOpenFollowUp(lead, { dueAt: sh("2026-03-11 10:00") });
        await addOpenFollowUp(lead, { dueAt: sh("2026-03-10 10:00") });
        const seen: string[] = [];
        let after: string | null = null;
        for (;;) {
          const page: QueuePage["followUpQueue"] = ok(await queue(rep, { first: 2, after })).followUpQueue;
          seen.push(...page.edges.map((edge) => edge.node.id));
          if (!page.pageInfo.hasNextPage) break;
          after = page.pageInfo.endCursor;
        }
        const all = await db().select().from(followUps).where(and(eq(followUps.leadId, lead.id), eq(followUps.status, "OPEN")));
        const expected = [...all].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : 1)).map((row) => row.id);
        expect(seen).toEqual(expected);
        expect(seen).toHaveLength(6);
      });

      it("issue 13: every FollowUp field, asked for alone of the queue, answers as the follow-up itself (the queue reads only the columns asked for)", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        await addOpenFollowUp(lead, { dueAt: sh("2026-03-08 10:00"), kind: "MEETING", channel: "VISIT" });
        // An open follow-up planned after a done one, so previousFollowUp reads its column.
        const [planned] = await db().insert(followUps).values({ leadId: lead.id, teamId: lead.teamId, ownerId: lead.ownerId, tier: lead.tier, kind: "CADENCE", channel: "PHONE", dueAt: sh("2026-03-12 10:00"), previousId: firstContact.id }).returning();
        await db().update(followUps).set({ status: "DONE", completedAt: sh("2026-03-09 11:00"), completedById: rep.id, outcome: "CONNECTED", channelUsed: "PHONE" }).where(eq(followUps.id, firstContact.id));
        now = sh("2026-03-10 11:00");
        const followUp = (await buildAppSchema()).getType("FollowUp") as GraphQLObjectType;
        const selections = Object.values(followUp.getFields()).map((field) => (isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename id }`));
        expect(selections).toEqual(expect.arrayContaining(["dueAt", "isOverdue", "bucket", "previousFollowUp { __typename id }"]));
        for (const selection of selections) {
          const res = await api.graphql<{ followUpQueue: { edges: { node: { id: string } }[] } }>(`{ followUpQueue(first: 20) { edges { node { id ${selection} } } } }`, {}, { as: rep });
          expect(res.errors, selection).toBeUndefined();
          const nodes = res.data!.followUpQueue.edges.map((edge) => edge.node);
          expect(nodes.map((node) => node.id), selection).toContain(planned!.id);
          expect(nodes, selection).toHaveLength(2);
          for (const node of nodes) {
            const whole = await api.graphql<{ followUp: unknown }>(`query($id: ID!) { followUp(id: $id) { id ${selection} } }`, { id: node.id }, { as: rep });
            expect(node, selection).toEqual(whole.data!.followUp);
          }
        }
      });

      it("issue 13: every Lead field, asked for alone of the queue's leads, answers as on the follow-up itself (the queue reads each lead's asked-for columns with the page)", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 11:00") });
        // A field whose resolver reads columns besides its own (tierReasons reads the override) is only checked by a lead that has them.
        await db().update(leads).set({ tierOverride: "C", tierOverrideReason: "no budget this year" }).where(eq(leads.id, lead.id));
        now = sh("2026-03-10 11:00");
        // The leads come in the page's own statement: asking for them costs no statement more.
        const plain = await database.countStatements(() => api.graphql(`{ followUpQueue(first: 20) { edges { node { id } } } }`, {}, { as: rep }));
        const withLeads = await database.countStatements(() => api.graphql(`{ followUpQueue(first: 20) { edges { node { id lead { id companyName } } } } }`, {}, { as: rep }));
        expect(withLeads.statements).toBe(plain.statements);
        const leadType = (await buildAppSchema()).getType("Lead") as GraphQLObjectType;
        const selections = Object.values(leadType.getFields()).map((field) => (isLeafType(getNamedType(field.type)) ? field.name : `${field.name} { __typename }`));
        expect(selections).toEqual(expect.arrayContaining(["phone", "tierReasons", "owner { __typename }"]));
        for (const selection of selections) {
          const res = await api.graphql<{ followUpQueue: { edges: { node: { id: string; lead: { id: string } } }[] } }>(`{ followUpQueue(first: 20) { edges { node { id lead { id ${selection} } } } } }`, {}, { as: rep });
          expect(res.errors, selection).toBeUndefined();
          const nodes = res.data!.followUpQueue.edges.map((edge) => edge.node);
          expect(nodes.map((node) => node.lead.id), selection).toContain(lead.id);
          for (const node of nodes) {
            const whole = await api.graphql<{ followUp: unknown }>(`query($id: ID!) { followUp(id: $id) { id lead { id ${selection} } } }`, { id: node.id }, { as: rep });
            expect(node, selection).toEqual(whole.data!.followUp);
          }
        }
      });

      it("issue 13: answers pages of different sizes one after another, each with its own size (the size is part of the page statement's shape)", async () => {
        const { team, rep } = await teamWithPeople();
        for (let i = 0; i < 3; i++) await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        // Fields no other test asks for together, so the first size asked is the first this statement shape sees.
        const page = async (first: number) =>
          ok(await api.graphql<{ followUpQueue: { edges: unknown[]; pageInfo: { hasNextPage: boolean } } }>(`query($first: Int!) { followUpQueue(first: $first) { edges { node { id channel kind } } pageInfo { hasNextPage } } }`, { first }, { as: rep })).followUpQueue;
        for (const [first, rows, hasNextPage] of [[1, 1, true], [2, 2, true], [3, 3, false], [1, 1, true]] as const) {
          const answered = await page(first);
          expect({ first, rows: answered.edges.length, hasNextPage: answered.pageInfo.hasNextPage }).toEqual({ first, rows, hasNextPage });
        }
      });

      it("costs the same number of SQL statements for 5 follow-ups as for 50, nested fields and totalCount included", async () => {
        const { team, rep, otherRep, manager } = await teamWithPeople();
        const run = () => database.countStatements(() => queue(manager, { teamId: team.id, first: 200 }));
        for (let i = 0; i < 5; i++) await captureLead(team, i % 2 ? rep : otherRep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const few = await run();
        for (let i = 0; i < 45; i++) await captureLead(team, i % 2 ? rep : otherRep, { tier: i % 3 ? "B" : "C", capturedAt: sh("2026-03-09 10:00") });
        const many = await run();
        expect(ok(few.result).followUpQueue.edges).toHaveLength(5);
        expect(ok(many.result).followUpQueue.edges).toHaveLength(50);
        expect(many.statements).toBe(few.statements);
      });

      it.each([
        [201, "first"],
        [0, "first"],
      ])("rejects first: %i with BAD_USER_INPUT naming %s", async (first, field) => {
        const { rep } = await teamWithPeople();
        expectError(await queue(rep, { first }), "BAD_USER_INPUT", field);
      });

      it("rejects a cursor it did not issue, naming `after`", async () => {
        const { rep } = await teamWithPeople();
        expectError(await queue(rep, { after: "not-a-cursor" }), "BAD_USER_INPUT", "after");
      });

      it("lets a manager read any rep's queue of the team and the whole team's, an analyst any team's; others get NOT_FOUND", async () => {
        const { team, rep, otherRep, manager } = await teamWithPeople();
        const other = await teamWithPeople();
        const analyst = await createUser(db(), { role: "ANALYST" });
        const reviewer = await createUser(db(), { role: "REVIEWER", teamId: team.id });
        const mine = (await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") })).firstContact;
        const theirs = (await captureLead(team, otherRep, { tier: "B", capturedAt: sh("2026-03-09 10:00") })).firstContact;
        await captureLead(other.team, other.rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const ids = (res: GraphqlResponse<QueuePage>) => ok(res).followUpQueue.edges.map((edge) => edge.node.id);

        expect(ids(await queue(rep))).toEqual([mine.id]);
        expect(ids(await queue(rep, { ownerId: rep.id }))).toEqual([mine.id]);
        expectError(await queue(rep, { ownerId: otherRep.id }), "NOT_FOUND", "ownerId");
        expectError(await queue(rep, { teamId: team.id }), "NOT_FOUND", "teamId");

        expect(ids(await queue(manager, { ownerId: otherRep.id }))).toEqual([theirs.id]);
        expect(ok(await queue(manager, { teamId: team.id })).followUpQueue).toMatchObject({ totalCount: 2 });
        expect(ids(await queue(manager))).toEqual([]);
        expectError(await queue(manager, { ownerId: other.rep.id }), "NOT_FOUND", "ownerId");
        expectError(await queue(manager, { teamId: other.team.id }), "NOT_FOUND", "teamId");
        expectError(await queue(manager, { ownerId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", "ownerId");

        expect(ok(await queue(analyst, { teamId: other.team.id })).followUpQueue.totalCount).toBe(1);
        expect(ids(await queue(analyst, { ownerId: otherRep.id }))).toEqual([theirs.id]);
        expectError(await queue(analyst, { teamId: "00000000-0000-4000-8000-000000000000" }), "NOT_FOUND", "teamId");
        expectError(await queue(analyst, { teamId: "not-an-id" }), "NOT_FOUND", "teamId");

        expectError(await queue(reviewer), "FORBIDDEN");
      });

      it("shows a follow-up's lead as null to a viewer who may no longer see the lead", async () => {
        const { team, rep, otherRep } = await teamWithPeople();
        const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const { next } = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" })).completeFollowUp;
        // The lead and its open follow-ups move to another rep, as a reassignment does.
        await db().update(leads).set({ ownerId: otherRep.id }).where(eq(leads.id, lead.id));
        await db().update(followUps).set({ ownerId: otherRep.id }).where(eq(followUps.id, next!.id));

        const query = `query($id: ID!) { followUp(id: $id) { id status lead { id } nextFollowUp { id } } }`;
        const asFormerOwner = ok(await api.graphql<{ followUp: { lead: unknown; nextFollowUp: unknown } }>(query, { id: firstContact.id }, { as: rep }));
        expect(asFormerOwner.followUp).toMatchObject({ status: "DONE", lead: null, nextFollowUp: null });
        const asNewOwner = ok(await api.graphql<{ followUp: unknown }>(query, { id: next!.id }, { as: otherRep }));
        expect(asNewOwner.followUp).toMatchObject({ lead: { id: lead.id } });
        expect(ok(await api.graphql<{ followUp: unknown }>(query, { id: next!.id }, { as: rep })).followUp).toBeNull();
      });
    });

    // ---- who may write -------------------------------------------------------------------

    describe("writers", () => {
      it("an analyst reads the queue but cannot complete, log or reschedule (FORBIDDEN), and nothing is written", async () => {
        const { team, rep } = await teamWithPeople();
        const analyst = await createUser(db(), { role: "ANALYST" });
        const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const before = await writeState();
        expectError(await complete(analyst, firstContact.id, { outcome: "CONNECTED" }), "FORBIDDEN");
        expectError(await logActivity(analyst, lead.id, { outcome: "CONNECTED", channelUsed: "PHONE" }), "FORBIDDEN");
        expectError(
          await api.graphql(RESCHEDULE, { id: firstContact.id, dueAt: sh("2026-03-09 18:00").toISOString(), reason: "x" }, { as: analyst }),
          "FORBIDDEN",
        );
        expect(await writeState()).toEqual(before);
      });

      it("a rep cannot complete another rep's follow-up (NOT_FOUND naming id); the team's manager can, and the next one stays the rep's", async () => {
        const { team, rep, otherRep, manager } = await teamWithPeople();
        const { firstContact } = await captureLead(team, otherRep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const before = await writeState();
        expectError(await complete(rep, firstContact.id, { outcome: "CONNECTED" }), "NOT_FOUND", "id");
        expectError(await complete(rep, "00000000-0000-4000-8000-000000000000", { outcome: "CONNECTED" }), "NOT_FOUND", "id");
        expectError(await complete(rep, "nope", { outcome: "CONNECTED" }), "NOT_FOUND", "id");
        expect(await writeState()).toEqual(before);

        const { completed, next } = ok(await complete(manager, firstContact.id, { outcome: "CONNECTED" })).completeFollowUp;
        expect(completed.status).toBe("DONE");
        expect(next!.owner).toEqual({ id: otherRep.id });
        const [row] = await db().select().from(followUps).where(eq(followUps.id, firstContact.id));
        expect(row!.completedById).toBe(manager.id);
      });
    });

    // ---- bad input writes nothing --------------------------------------------------------

    describe("bad input", () => {
      it("completing a follow-up twice is a CONFLICT naming id, and plans no second next follow-up", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" }));
        const before = await writeState();
        const again = await complete(rep, firstContact.id, { outcome: "NO_ANSWER" });
        expectError(again, "CONFLICT", "id");
        expect(await writeState()).toEqual(before);
        expect(await plannedAfter(firstContact.id)).toHaveLength(1);
      });

      it("two completions racing over HTTP: exactly one wins, the other is a CONFLICT, and one next follow-up is planned", async () => {
        const { team, rep } = await teamWithPeople();
        for (let round = 0; round < 3; round++) {
          const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
          now = sh("2026-03-09 12:00");
          const results = await Promise.all([
            complete(rep, firstContact.id, { outcome: "CONNECTED" }),
            complete(rep, firstContact.id, { outcome: "NO_ANSWER" }),
          ]);
          const codes = results.map((res) => res.errors?.[0]?.extensions?.code ?? "OK").sort();
          expect(codes).toEqual(["CONFLICT", "OK"]);
          const winner = results.find((res) => !res.errors)!.data!.completeFollowUp;
          const planned = await plannedAfter(firstContact.id);
          expect(planned.map((row) => row.id)).toEqual([winner.next!.id]);
          const completedEvents = await db()
            .select({ n: countRows() })
            .from(auditEvents)
            .where(and(eq(auditEvents.entityId, firstContact.id), eq(auditEvents.action, "FOLLOW_UP_COMPLETED")));
          expect(completedEvents[0]!.n).toBe(1);
        }
      });

      it("rescheduling into the past is BAD_USER_INPUT naming dueAt; a missing or overlong reason names reason; nothing is written", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const before = await writeState();
        const reschedule = (dueAt: Date, reason: string) =>
          api.graphql(RESCHEDULE, { id: firstContact.id, dueAt: dueAt.toISOString(), reason }, { as: rep });
        expectError(await reschedule(sh("2026-03-09 11:59"), "客户出差"), "BAD_USER_INPUT", "dueAt");
        expectError(await reschedule(sh("2026-03-09 18:00"), "   "), "BAD_USER_INPUT", "reason");
        expectError(await reschedule(sh("2026-03-09 18:00"), "长".repeat(1001)), "BAD_USER_INPUT", "reason");
        expect(await writeState()).toEqual(before);
        ok(await reschedule(sh("2026-03-09 12:00"), "长".repeat(1000)));
      });

      it("rescheduling a follow-up that is no longer open is a CONFLICT naming id", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" }));
        const before = await writeState();
        const res = await api.graphql(RESCHEDULE, { id: firstContact.id, dueAt: sh("2026-03-10 12:00").toISOString(), reason: "later" }, { as: rep });
        expectError(res, "CONFLICT", "id");
        expect(await writeState()).toEqual(before);
      });

      // Unknown enum values are refused by GraphQL itself while reading the variables, before
      // any resolver runs; the message names the path.
      it.each([
        ["MEETING_BOOKED without meetingAt", { outcome: "MEETING_BOOKED" }, "input.meetingAt"],
        ["a meeting before the follow-up that booked it", { outcome: "MEETING_BOOKED", meetingAt: "2026-03-09T03:00:00Z" }, "input.meetingAt"],
        ["a note over 2000 characters", { outcome: "CONNECTED", note: "记".repeat(2001) }, "input.note"],
        ["an unknown outcome", { outcome: "MAYBE_LATER" }, "input.outcome"],
        ["an unknown buying signal", { outcome: "CONNECTED", signals: ["GOOD_VIBES"] }, "input.signals[0]"],
        ["an unknown channel", { outcome: "CONNECTED", channelUsed: "FAX" }, "input.channelUsed"],
      ])("completing with %s is BAD_USER_INPUT naming %s, and writes nothing", async (_label, input, field) => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const before = await writeState();
        const res = await complete(rep, firstContact.id, input);
        expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        const named = res.errors![0]!.extensions!.field ?? res.errors![0]!.message.match(/ at "([^"]+)"/)?.[1];
        expect(named).toBe(field);
        expect(await writeState()).toEqual(before);
        const [row] = await db().select().from(followUps).where(eq(followUps.id, firstContact.id));
        expect(row!.status).toBe("OPEN");
      });

      it("a note of exactly 2000 characters is accepted", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const { completed } = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED", note: "记".repeat(2000) })).completeFollowUp;
        expect([...completed.note!]).toHaveLength(2000);
      });
    });

    // ---- rescheduling --------------------------------------------------------------------

    it("SOP-3.6 rescheduling moves the due time but never the SLA deadline, and the reason is in the lead's history", async () => {
      const { team, rep } = await teamWithPeople();
      const { lead, firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
      now = sh("2026-03-09 12:00");
      const newDueAt = sh("2026-03-11 09:00");
      const moved = ok(
        await api.graphql<{ rescheduleFollowUp: FollowUpView }>(
          RESCHEDULE,
          { id: firstContact.id, dueAt: newDueAt.toISOString(), reason: "客户出差到周三 customer travelling" },
          { as: rep },
        ),
      ).rescheduleFollowUp;
      expect(moved).toMatchObject({ status: "OPEN", dueAt: newDueAt.toISOString(), slaDueAt: sh("2026-03-10 10:00").toISOString() });
      const stored = await leadRow(lead.id);
      expect(stored.firstContactDueAt).toEqual(sh("2026-03-10 10:00"));
      expect(stored.version).toBe(lead.version);

      const [event] = await db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, firstContact.id), eq(auditEvents.action, "FOLLOW_UP_RESCHEDULED")));
      expect(event).toMatchObject({
        leadId: lead.id,
        actorId: rep.id,
        before: { dueAt: sh("2026-03-10 10:00").toISOString() },
        after: { dueAt: newDueAt.toISOString(), reason: "客户出差到周三 customer travelling" },
      });

      // Reached at the rescheduled time, after the deadline in force: late.
      now = newDueAt;
      const { lead: contacted } = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" })).completeFollowUp;
      expect(firstContactSlaStatus({ slaDueAt: new Date(contacted.firstContactDueAt!), firstContactAt: new Date(contacted.firstContactAt!), now })).toBe("MISSED");
    });

    // ---- idempotency ---------------------------------------------------------------------

    describe("idempotency", () => {
      it("completing with the same key twice returns the same follow-ups and writes once", async () => {
        const { team, rep } = await teamWithPeople();
        const { firstContact } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const first = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" }, "retry-key-1")).completeFollowUp;
        const afterFirst = await writeState();
        const second = ok(await complete(rep, firstContact.id, { outcome: "CONNECTED" }, "retry-key-1")).completeFollowUp;
        expect(second.completed.id).toBe(first.completed.id);
        expect(second.next!.id).toBe(first.next!.id);
        expect(second.lead.version).toBe(first.lead.version);
        expect(await writeState()).toEqual(afterFirst);
        expect(await plannedAfter(firstContact.id)).toHaveLength(1);

        // The same key for another follow-up is a mistake the caller should hear about.
        const { firstContact: another } = await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        expectError(await complete(rep, another.id, { outcome: "CONNECTED" }, "retry-key-1"), "BAD_USER_INPUT", "idempotencyKey");
      });

      it("logging an activity with the same key twice records it once", async () => {
        const { team, rep } = await teamWithPeople();
        const { lead } = await captureLead(team, rep, { tier: "B", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-09 12:00");
        const input = { outcome: "CONNECTED", channelUsed: "WECHAT" };
        const first = ok(await logActivity(rep, lead.id, input, "log-key-1")).logActivity;
        const afterFirst = await writeState();
        const second = ok(await logActivity(rep, lead.id, input, "log-key-1")).logActivity;
        expect(second.activity.id).toBe(first.activity.id);
        expect(second.next!.id).toBe(first.next!.id);
        expect(second.cancelled.map((row) => row.id)).toEqual(first.cancelled.map((row) => row.id));
        expect(await writeState()).toEqual(afterFirst);
      });
    });

    // ---- SOP-3.6 first-contact SLA report ------------------------------------------------

    describe("SOP-3.6 the first-contact SLA report", () => {
      // Leads captured Monday 9 March 10:00; the report covers deadlines from Monday to Monday.
      const from = sh("2026-03-09 00:00");
      const to = sh("2026-03-17 00:00");

      async function slaScenario() {
        const people = await teamWithPeople();
        const { team, rep, otherRep } = people;
        const capturedAt = sh("2026-03-09 10:00");
        // rep: A reached exactly at the deadline (on time); B reached after an unanswered call, late.
        const onTimeA = await captureLead(team, rep, { tier: "A", capturedAt });
        const lateB = await captureLead(team, rep, { tier: "B", capturedAt });
        // otherRep: A never reached (missed); C not reached but not yet due; B reached by a logged call.
        const missedA = await captureLead(team, otherRep, { tier: "A", capturedAt });
        const pendingC = await captureLead(team, otherRep, { tier: "C", capturedAt });
        const loggedB = await captureLead(team, otherRep, { tier: "B", capturedAt });
        // Outside the period, and another team's: neither counts.
        await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-02 10:00") });
        const elsewhere = await teamWithPeople();
        await captureLead(elsewhere.team, elsewhere.rep, { tier: "A", capturedAt });

        now = sh("2026-03-10 10:00"); // exactly tier A's 24-hour deadline
        ok(await complete(rep, onTimeA.firstContact.id, { outcome: "CONNECTED" }));
        now = sh("2026-03-12 10:00");
        ok(await logActivity(otherRep, loggedB.lead.id, { outcome: "CONNECTED", channelUsed: "PHONE" }));
        now = sh("2026-03-13 10:00");
        const retry = ok(await complete(rep, lateB.firstContact.id, { outcome: "NO_ANSWER" })).completeFollowUp.next!;
        expect(retry.slaDueAt).toBe(endOfShanghaiDay("2026-03-13").toISOString());
        now = sh("2026-03-14 10:00"); // the make-up Saturday: after tier B's deadline (end of Friday)
        ok(await complete(rep, retry.id, { outcome: "CONNECTED" }));
        now = sh("2026-03-15 12:00"); // before tier C's deadline (end of Monday 16)
        return { ...people, onTimeA, lateB, missedA, pendingC, loggedB, elsewhere };
      }

      it("SOP-3.6 counts kept, late and still-open first contacts per tier and per rep, and lists who missed", async () => {
        const s = await slaScenario();
        const report = ok(await api.graphql<SlaPayload>(SLA, { teamId: s.team.id, from, to }, { as: s.manager })).firstContactSla;

        expect(report.team.id).toBe(s.team.id);
        expect(report.totals).toEqual(counts(5, 2, 1, 2, 1));
        expect(report.byTier).toEqual([
          { tier: "A", ...counts(2, 1, 0, 1, 1) },
          { tier: "B", ...counts(2, 1, 1, 0, 0) },
          { tier: "C", ...counts(1, 0, 0, 1, 0) },
        ]);
        expect(report.byRep).toEqual([
          { rep: { id: s.otherRep.id }, ...counts(3, 1, 0, 2, 1) },
          { rep: { id: s.rep.id }, ...counts(2, 1, 1, 0, 0) },
        ]);
        expect(report.missed.map((lead) => lead.id)).toEqual([s.missedA.lead.id, s.lateB.lead.id]);

        // The same verdicts as the domain's rule, lead by lead.
        const rows = await db().select().from(leads).where(eq(leads.teamId, s.team.id));
        const inPeriod = rows.filter((row) => row.firstContactDueAt! >= from && row.firstContactDueAt! < to);
        const statuses = inPeriod.map((row) => firstContactSlaStatus({ slaDueAt: row.firstContactDueAt!, firstContactAt: row.firstContactAt, now }));
        expect(statuses.filter((status) => status === "MISSED")).toHaveLength(report.totals.missed);
        expect(statuses.filter((status) => status === "KEPT")).toHaveLength(report.totals.contactedOnTime);
      });

      it("SOP-3.6 an analyst reads any team's report; a rep is FORBIDDEN; another team's manager gets NOT_FOUND naming teamId", async () => {
        const s = await slaScenario();
        const analyst = await createUser(db(), { role: "ANALYST" });
        const admin = await createUser(db(), { role: "ADMIN" });
        expect(ok(await api.graphql<SlaPayload>(SLA, { teamId: s.team.id, from, to }, { as: analyst })).firstContactSla.totals.due).toBe(5);
        expect(ok(await api.graphql<SlaPayload>(SLA, { teamId: s.team.id, from, to }, { as: admin })).firstContactSla.totals.due).toBe(5);
        expectError(await api.graphql(SLA, { teamId: s.team.id, from, to }, { as: s.rep }), "FORBIDDEN");
        expectError(await api.graphql(SLA, { teamId: s.team.id, from, to }, { as: s.elsewhere.manager }), "NOT_FOUND", "teamId");
        expectError(await api.graphql(SLA, { teamId: "00000000-0000-4000-8000-000000000000", from, to }, { as: analyst }), "NOT_FOUND", "teamId");
      });

      it.each([
        ["equal", sh("2026-03-09 00:00")],
        ["before from", sh("2026-03-08 00:00")],
      ])("rejects `to` %s to `from` with BAD_USER_INPUT naming to", async (_label, badTo) => {
        const { team, manager } = await teamWithPeople();
        expectError(await api.graphql(SLA, { teamId: team.id, from, to: badTo }, { as: manager }), "BAD_USER_INPUT", "to");
      });

      it("counts in the database: the report costs the same number of SQL statements for 3 leads as for 30", async () => {
        const { team, rep, manager } = await teamWithPeople();
        const run = () => database.countStatements(() => api.graphql<SlaPayload>(SLA, { teamId: team.id, from, to }, { as: manager }));
        for (let i = 0; i < 3; i++) await captureLead(team, rep, { tier: "A", capturedAt: sh("2026-03-09 10:00") });
        now = sh("2026-03-15 12:00");
        const few = await run();
        for (let i = 0; i < 27; i++) await captureLead(team, rep, { tier: i % 2 ? "B" : "C", capturedAt: sh("2026-03-09 10:00") });
        const many = await run();
        expect(ok(few.result).firstContactSla.totals.due).toBe(3);
        expect(ok(many.result).firstContactSla.totals.due).toBe(30);
        expect(many.statements).toBe(few.statements);
      });
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect((await expectHistoryKeysDecided(database.handle.db)).length).toBeGreaterThan(0);
    });
  });
}
