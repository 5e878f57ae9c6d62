import { createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";
import { SalesClient } from "../support/sales-client.ts";

// SOP section 3 (follow-up), accepted over the GraphQL API. The team works by the default
// mainland China calendar (Asia/Shanghai, UTC+8); the clock moves as a rep's days go by.
const ALL_HIGH = { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" };
const TIER_B = { needUrgency: "MEDIUM", budget: "HIGH", decisionAuthority: "HIGH" };
const TIER_C = { needUrgency: "LOW", budget: "HIGH", decisionAuthority: "HIGH" };

export function sop3FollowUpSuite(database: TestDatabase) {
  describe(`SOP section 3, follow-up (${database.driver})`, () => {
    const clock = new TestClock("2026-11-26T02:00:00.000Z");
    const api = startTestServer(database, { now: clock.now });
    const client = new SalesClient(api);
    let team: { id: string };
    let rep: UserRow;
    let manager: UserRow;
    beforeAll(async () => {
      team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
    });

    it("SOP-3.1 tier A: a phone call within 24 hours of capture, then at least every 2 business days", async () => {
      clock.set("2026-11-26T02:00:00.000Z"); // Thu 26 Nov 10:00 Shanghai
      const lead = await client.capture(rep);
      const assessed = await client.assess(rep, lead.id, ALL_HIGH);
      expect(assessed.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", channel: "PHONE", dueAt: "2026-11-27T02:00:00.000Z" });

      clock.set("2026-11-26T05:00:00.000Z"); // Thu 13:00: the call reaches the customer
      const done = await client.complete(rep, assessed.nextFollowUp!.id, { outcome: "CONNECTED" });
      // End of the 2nd business day after Thursday: Monday 30 Nov, 23:59:59.999 Shanghai.
      expect(done.next).toMatchObject({ kind: "CADENCE", channel: "PHONE", dueAt: "2026-11-30T15:59:59.999Z" });
      expect(done.lead.firstContactAt).toBe("2026-11-26T05:00:00.000Z");
    });

    it("SOP-3.1 a call that books a visit plans the meeting at its time", async () => {
      clock.set("2026-11-26T02:00:00.000Z");
      const lead = await client.assess(rep, (await client.capture(rep)).id, ALL_HIGH);
      const done = await client.complete(rep, lead.nextFollowUp!.id, { outcome: "MEETING_BOOKED", meetingAt: "2026-12-01T06:00:00.000Z" });
      expect(done.next).toMatchObject({ kind: "MEETING", channel: "VISIT", dueAt: "2026-12-01T06:00:00.000Z" });
    });

    it("SOP-3.2 tier B: a phone call within 3 business days, then material weekly", async () => {
      clock.set("2026-11-27T08:00:00.000Z"); // Fri 27 Nov 16:00 Shanghai
      const lead = await client.assess(rep, (await client.capture(rep)).id, TIER_B);
      expect(lead.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", channel: "PHONE", dueAt: "2026-12-02T15:59:59.999Z" });

      clock.set("2026-12-01T02:00:00.000Z"); // Tue 1 Dec 10:00
      const done = await client.complete(rep, lead.nextFollowUp!.id, { outcome: "CONNECTED" });
      expect(done.next).toMatchObject({ kind: "CADENCE", channel: "EMAIL", dueAt: "2026-12-08T02:00:00.000Z" });
    });

    it("SOP-3.3 tier C: material by email within 5 business days, then once a month (clamped to the month's end)", async () => {
      clock.set("2026-01-29T02:00:00.000Z"); // Thu 29 Jan 10:00 Shanghai
      const lead = await client.assess(rep, (await client.capture(rep)).id, TIER_C);
      expect(lead.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", channel: "EMAIL", dueAt: "2026-02-05T15:59:59.999Z" });

      clock.set("2026-01-31T02:00:00.000Z"); // Sat 31 Jan: the material goes out
      const done = await client.complete(rep, lead.nextFollowUp!.id, { outcome: "MATERIAL_SENT", channelUsed: "EMAIL" });
      expect(done.next).toMatchObject({ kind: "NURTURE", channel: "EMAIL", dueAt: "2026-02-28T02:00:00.000Z" });
    });

    it("SOP-3.4 raised interest prompts a re-assessment, and the new tier re-plans the open follow-ups", async () => {
      clock.set("2026-11-27T08:00:00.000Z");
      const lead = await client.assess(rep, (await client.capture(rep)).id, TIER_C);
      clock.set("2026-11-30T02:00:00.000Z"); // Mon 30 Nov 10:00
      const done = await client.complete(rep, lead.nextFollowUp!.id, { outcome: "CONNECTED", interest: "RAISED", signals: ["STRONG_INTEREST"] });
      expect(done.lead.needsReassessment).toBe(true);
      expect(done.next).toMatchObject({ kind: "NURTURE", dueAt: "2026-12-30T02:00:00.000Z" });

      const raised = await client.assess(rep, lead.id, ALL_HIGH);
      expect(raised).toMatchObject({ tier: "A", needsReassessment: false });
      // The monthly nurture becomes tier A's calls, counted from the last contact: 2 business days after Monday.
      expect(raised.nextFollowUp).toMatchObject({ id: done.next!.id, kind: "CADENCE", channel: "PHONE", dueAt: "2026-12-02T15:59:59.999Z" });
    });

    it("SOP-3.5 business days skip the team calendar's holidays and count its make-up working days", async () => {
      clock.set("2026-09-30T02:00:00.000Z"); // Wed 30 Sep; 1–7 Oct are the National Day holiday
      const lead = await client.capture(rep);
      // Tier B until assessed: 3 business days are 8 Oct (Thu), 9 Oct (Fri) and 10 Oct (a make-up Saturday).
      expect(lead.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", dueAt: "2026-10-10T15:59:59.999Z" });
    });

    it("SOP-3.5 24 hours are elapsed hours, weekend or not", async () => {
      clock.set("2026-11-27T08:00:00.000Z"); // Friday afternoon
      const lead = await client.assess(rep, (await client.capture(rep)).id, ALL_HIGH);
      expect(lead.nextFollowUp!.dueAt).toBe("2026-11-28T08:00:00.000Z"); // Saturday afternoon
    });

    it("SOP-3.5 an unanswered call is retried the next business day and does not count as first contact", async () => {
      clock.set("2026-11-27T08:00:00.000Z");
      const lead = await client.capture(rep);
      clock.set("2026-11-27T09:00:00.000Z"); // Fri 17:00: no answer
      const done = await client.complete(rep, lead.nextFollowUp!.id, { outcome: "NO_ANSWER" });
      expect(done.next).toMatchObject({ kind: "FIRST_CONTACT", dueAt: "2026-11-30T15:59:59.999Z", slaDueAt: lead.firstContactDueAt });
      expect(done.lead.firstContactAt).toBeNull();
    });

    it("SOP-3.5 rescheduling moves the due time, never the first-contact deadline", async () => {
      clock.set("2026-11-27T08:00:00.000Z");
      const lead = await client.capture(rep);
      const moved = await client.call<{ rescheduleFollowUp: { dueAt: string; slaDueAt: string } }>(
        rep,
        `mutation($id: ID!) { rescheduleFollowUp(id: $id, dueAt: "2026-12-10T02:00:00.000Z", reason: "客户出差") { dueAt slaDueAt } }`,
        { id: lead.nextFollowUp!.id },
      );
      expect(moved.rescheduleFollowUp).toEqual({ dueAt: "2026-12-10T02:00:00.000Z", slaDueAt: lead.firstContactDueAt });
    });

    it("SOP-3.6 each rep's queue shows open follow-ups overdue first, then due today and upcoming in the team's day", async () => {
      const db = database.handle.db;
      const queueRep = await createUser(db, { role: "REP", teamId: team.id });
      clock.set("2026-11-23T02:00:00.000Z"); // Mon 23 Nov: tier A, due Tue 24 → overdue by Friday
      const overdue = await client.assess(queueRep, (await client.capture(queueRep)).id, ALL_HIGH);
      clock.set("2026-11-26T16:30:00.000Z"); // Fri 27 Nov 00:30 Shanghai, still Thursday in UTC: tier A due Sat 00:30
      const upcoming = await client.assess(queueRep, (await client.capture(queueRep)).id, ALL_HIGH);
      clock.set("2026-11-27T01:00:00.000Z"); // Fri 09:00: tier B, due next Wednesday
      const later = await client.capture(queueRep);
      clock.set("2026-11-26T15:30:00.000Z"); // Thu 23:30 Shanghai: tier A, due Fri 23:30 Shanghai
      const today = await client.assess(queueRep, (await client.capture(queueRep)).id, ALL_HIGH);

      clock.set("2026-11-27T00:00:00.000Z"); // Fri 08:00 Shanghai
      const queue = await client.queue(queueRep);
      expect(queue.map((f) => [f.lead!.id, f.bucket, f.isOverdue])).toEqual([
        [overdue.id, "OVERDUE", true],
        [today.id, "DUE_TODAY", false],
        [upcoming.id, "UPCOMING", false],
        [later.id, "UPCOMING", false],
      ]);
      const teamQueue = await client.queue(manager, { ownerId: queueRep.id });
      expect(teamQueue.map((f) => f.id)).toEqual(queue.map((f) => f.id));
    });

    it("SOP-3.6 a manager sees the first-contact SLA kept and missed, per tier and per rep", async () => {
      const db = database.handle.db;
      const slaTeam = await createTeam(db);
      const [onTime, late] = [await createUser(db, { role: "REP", teamId: slaTeam.id }), await createUser(db, { role: "REP", teamId: slaTeam.id })];
      const slaManager = await createUser(db, { role: "MANAGER", teamId: slaTeam.id });

      clock.set("2026-11-16T02:00:00.000Z"); // Mon 16 Nov
      const kept = await client.assess(onTime, (await client.capture(onTime)).id, ALL_HIGH); // due Tue 17 02:00Z
      const missed = await client.assess(late, (await client.capture(late)).id, ALL_HIGH);
      const neverReached = await client.capture(late); // tier B, due Thu 19 end of day
      clock.set("2026-11-16T06:00:00.000Z");
      await client.complete(onTime, kept.nextFollowUp!.id, { outcome: "CONNECTED" });
      clock.set("2026-11-18T02:00:00.000Z"); // a day after the deadline
      await client.complete(late, missed.nextFollowUp!.id, { outcome: "CONNECTED" });

      clock.set("2026-11-27T02:00:00.000Z");
      const report = await client.call<{
        firstContactSla: {
          totals: Record<string, number>;
          byTier: ({ tier: string } & Record<string, number>)[];
          byRep: ({ rep: { id: string } } & Record<string, number>)[];
          missed: { id: string }[];
        };
      }>(
        slaManager,
        `query($teamId: ID!) { firstContactSla(teamId: $teamId, from: "2026-11-01T00:00:00Z", to: "2026-12-01T00:00:00Z") {
          totals { due contactedOnTime contactedLate stillOpen stillOpenOverdue missed }
          byTier { tier due contactedOnTime contactedLate stillOpenOverdue missed }
          byRep { rep { id } due contactedOnTime contactedLate stillOpenOverdue missed }
          missed { id }
        } }`,
        { teamId: slaTeam.id },
      );
      const sla = report.firstContactSla;
      expect(sla.totals).toEqual({ due: 3, contactedOnTime: 1, contactedLate: 1, stillOpen: 1, stillOpenOverdue: 1, missed: 2 });
      expect(sla.byTier.find((row) => row.tier === "A")).toMatchObject({ due: 2, contactedOnTime: 1, contactedLate: 1, missed: 1 });
      expect(sla.byTier.find((row) => row.tier === "B")).toMatchObject({ due: 1, stillOpenOverdue: 1, missed: 1 });
      expect(sla.byRep.find((row) => row.rep.id === onTime.id)).toMatchObject({ due: 1, contactedOnTime: 1, missed: 0 });
      expect(sla.byRep.find((row) => row.rep.id === late.id)).toMatchObject({ due: 2, contactedLate: 1, stillOpenOverdue: 1, missed: 2 });
      expect(sla.missed.map((lead) => lead.id).sort()).toEqual([missed.id, neverReached.id].sort());
    });
  });
}
