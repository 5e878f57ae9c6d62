import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addInterval,
  chinaMainlandCalendar,
  createBusinessCalendar,
  DEFAULT_PLAYBOOK,
  endOfBusinessDay,
  isBusinessDay,
  localDate,
  planAfterCompletion,
  planFirstContact,
  replanForTierChange,
  type CompletedFollowUp,
  type FollowUpKind,
  type FollowUpOutcome,
  type Interval,
  type Tier,
} from "../src/index.ts";
import { inShanghai, shanghai } from "./support/time.ts";

const china = chinaMainlandCalendar();
const HOUR = 3_600_000;

describe("SOP-2.5 each tier has its own follow-up strategy", () => {
  const capturedAt = shanghai("2026-03-06T10:00");
  const strategy = (tier: Tier) => {
    const first = planFirstContact({ capturedAt, tier }, DEFAULT_PLAYBOOK, china);
    const after = planAfterCompletion(
      { tier, completedAt: first.dueAt, kind: "FIRST_CONTACT", outcome: "CONNECTED", interest: "SAME" },
      DEFAULT_PLAYBOOK,
      china,
    );
    if (!after.ok) throw new Error(after.error.message);
    return [first.dueAt.getTime(), first.channel, after.value.next?.kind, after.value.next?.dueAt.getTime()].join("|");
  };

  it("SOP-2.5 tiers A, B and C get three different first-contact deadlines and cadences", () => {
    expect(new Set([strategy("A"), strategy("B"), strategy("C")]).size).toBe(3);
  });
});

describe("SOP-3.1 to 3.3 first contact", () => {
  it.each<[string, Tier, string, string, string]>([
    ["SOP-3.1 A first contact is due 24 elapsed hours after capture, by phone", "A", "2026-03-06T10:00", "2026-03-07T10:00:00.000+08:00", "PHONE"],
    ["SOP-3.1 A first contact ignores weekends and holidays", "A", "2025-09-30T18:30", "2025-10-01T18:30:00.000+08:00", "PHONE"],
    ["SOP-3.2 B first contact is due at the end of the third business day, by phone", "B", "2026-03-06T10:00", "2026-03-11T23:59:59.999+08:00", "PHONE"],
    ["SOP-3.2 B first contact is due at the end of the third business day, skipping the National Day holidays", "B", "2025-09-29T10:00", "2025-10-10T23:59:59.999+08:00", "PHONE"],
    ["SOP-3.2 B first contact counts a make-up Saturday as a business day", "B", "2025-10-09T10:00", "2025-10-13T23:59:59.999+08:00", "PHONE"],
    ["SOP-3.3 C first material is due at the end of the fifth business day, by email", "C", "2026-03-06T10:00", "2026-03-13T23:59:59.999+08:00", "EMAIL"],
    ["SOP-3.3 C first material skips the Spring Festival holidays", "C", "2026-02-12T10:00", "2026-02-26T23:59:59.999+08:00", "EMAIL"],
  ])("%s", (_name, tier, captured, due, channel) => {
    const planned = planFirstContact({ capturedAt: shanghai(captured), tier }, DEFAULT_PLAYBOOK, china);
    expect(planned.kind).toBe("FIRST_CONTACT");
    expect(planned.channel).toBe(channel);
    expect(inShanghai(planned.dueAt)).toBe(due);
    expect(planned.slaDueAt).toEqual(planned.dueAt);
    expect(planned.calendarCovered).toBe(true);
  });

  it("SOP-3.5 a B first contact running into 2027 is flagged as not covered by the calendar", () => {
    const planned = planFirstContact({ capturedAt: shanghai("2026-12-31T10:00"), tier: "B" }, DEFAULT_PLAYBOOK, china);
    expect(planned.calendarCovered).toBe(false);
    expect(inShanghai(planned.dueAt)).toBe("2027-01-05T23:59:59.999+08:00");
  });
});

describe("SOP-3.5 interval units", () => {
  it.each<[string, Interval, string, string]>([
    ["HOURS are elapsed time", { unit: "HOURS", amount: 30 }, "2026-03-06T10:00", "2026-03-07T16:00:00.000+08:00"],
    ["DAYS keep the local time of day", { unit: "DAYS", amount: 7 }, "2026-03-06T10:15", "2026-03-13T10:15:00.000+08:00"],
    ["DAYS ignore holidays", { unit: "DAYS", amount: 7 }, "2025-09-26T09:00", "2025-10-03T09:00:00.000+08:00"],
    ["MONTHS keep the day of the month", { unit: "MONTHS", amount: 1 }, "2026-03-06T10:00", "2026-04-06T10:00:00.000+08:00"],
    ["MONTHS clamp Jan 31 to Feb 28", { unit: "MONTHS", amount: 1 }, "2026-01-31T10:00", "2026-02-28T10:00:00.000+08:00"],
    ["MONTHS clamp Jan 31 to Feb 29 in a leap year", { unit: "MONTHS", amount: 1 }, "2028-01-31T10:00", "2028-02-29T10:00:00.000+08:00"],
    ["MONTHS clamp Mar 31 to Apr 30", { unit: "MONTHS", amount: 1 }, "2026-03-31T10:00", "2026-04-30T10:00:00.000+08:00"],
    ["MONTHS cross the year end", { unit: "MONTHS", amount: 2 }, "2025-12-15T10:00", "2026-02-15T10:00:00.000+08:00"],
    ["BUSINESS_DAYS end a business day", { unit: "BUSINESS_DAYS", amount: 2 }, "2026-03-06T10:00", "2026-03-10T23:59:59.999+08:00"],
  ])("SOP-3.5 %s", (_name, interval, from, expected) => {
    expect(inShanghai(addInterval(shanghai(from), interval, china).at)).toBe(expected);
  });

  it("SOP-3.5 DAYS keep the local time across a daylight-saving change", () => {
    const berlin = createBusinessCalendar({
      timeZone: "Europe/Berlin",
      weekendDays: [6, 7],
      holidays: [],
      makeUpWorkdays: [],
      coverage: { from: "2026-01-01", through: "2026-12-31" },
    });
    const at = addInterval(new Date("2026-03-27T09:00:00Z"), { unit: "DAYS", amount: 7 }, berlin).at; // 10:00 CET
    expect(at.toISOString()).toBe("2026-04-03T08:00:00.000Z"); // 10:00 CEST
  });
});

describe("SOP-3.1 to 3.4 after a follow-up is completed", () => {
  const completed = (overrides: Partial<CompletedFollowUp>): CompletedFollowUp => ({
    tier: "B",
    completedAt: shanghai("2026-03-06T10:00"),
    kind: "FIRST_CONTACT",
    outcome: "CONNECTED",
    interest: "SAME",
    ...overrides,
  });
  const plan = (overrides: Partial<CompletedFollowUp>) => {
    const result = planAfterCompletion(completed(overrides), DEFAULT_PLAYBOOK, china);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  };

  it.each<[string, Tier, FollowUpOutcome, FollowUpKind, string, string]>([
    ["SOP-3.1 tier A is followed up again by phone after 2 business days", "A", "CONNECTED", "CADENCE", "PHONE", "2026-03-10T23:59:59.999+08:00"],
    ["SOP-3.2 tier B is followed up weekly by email", "B", "CONNECTED", "CADENCE", "EMAIL", "2026-03-13T10:00:00.000+08:00"],
    ["SOP-3.2 tier B after material sent is followed up weekly", "B", "MATERIAL_SENT", "CADENCE", "EMAIL", "2026-03-13T10:00:00.000+08:00"],
    ["SOP-3.3 tier C is nurtured monthly by email", "C", "MATERIAL_SENT", "NURTURE", "EMAIL", "2026-04-06T10:00:00.000+08:00"],
    ["SOP-3.3 a not-interested tier A customer is only nurtured monthly", "A", "NOT_INTERESTED", "NURTURE", "EMAIL", "2026-04-06T10:00:00.000+08:00"],
    ["SOP-3.3 a not-interested tier B customer is only nurtured monthly", "B", "NOT_INTERESTED", "NURTURE", "EMAIL", "2026-04-06T10:00:00.000+08:00"],
  ])("%s", (_name, tier, outcome, kind, channel, due) => {
    const { next, firstContactSatisfied } = plan({ tier, outcome });
    expect(next?.kind).toBe(kind);
    expect(next?.channel).toBe(channel);
    expect(next && inShanghai(next.dueAt)).toBe(due);
    expect(firstContactSatisfied).toBe(true);
  });

  it.each<[FollowUpKind, Tier, FollowUpKind, string]>([
    ["FIRST_CONTACT", "B", "FIRST_CONTACT", "PHONE"],
    ["FIRST_CONTACT", "C", "FIRST_CONTACT", "EMAIL"],
    ["CADENCE", "A", "CADENCE", "PHONE"],
    ["NURTURE", "C", "NURTURE", "EMAIL"],
    ["MEETING", "A", "CADENCE", "PHONE"],
  ])("SOP-3.5 an unanswered %s (tier %s) is retried as %s by %s at the end of the next business day", (kind, tier, retryKind, channel) => {
    const { next, firstContactSatisfied } = plan({ tier, kind, outcome: "NO_ANSWER" });
    expect(next).toEqual({ kind: retryKind, channel, dueAt: shanghai("2026-03-09T23:59:59.999"), calendarCovered: true });
    expect(firstContactSatisfied).toBe(false);
  });

  it("SOP-3.5 an unanswered call before National Day is retried after the holidays", () => {
    const { next } = plan({ completedAt: shanghai("2025-09-30T16:00"), outcome: "NO_ANSWER" });
    expect(next && inShanghai(next.dueAt)).toBe("2025-10-09T23:59:59.999+08:00");
  });

  it("SOP-3.1 a booked meeting becomes a MEETING at the booked time", () => {
    const meetingAt = shanghai("2026-03-12T14:30");
    expect(plan({ tier: "A", outcome: "MEETING_BOOKED", meetingAt })).toEqual({
      next: { kind: "MEETING", channel: "VISIT", dueAt: meetingAt, calendarCovered: true },
      reassessmentSuggested: false,
      firstContactSatisfied: true,
    });
  });

  it("SOP-3.1 an online meeting keeps its channel", () => {
    const { next } = plan({ outcome: "MEETING_BOOKED", meetingAt: shanghai("2026-03-12T14:30"), meetingChannel: "VIDEO" });
    expect(next?.channel).toBe("VIDEO");
  });

  it.each<[string, Date | null | undefined, string]>([
    ["no meeting time", undefined, "REQUIRED"],
    ["a null meeting time", null, "REQUIRED"],
    ["an invalid meeting time", new Date(Number.NaN), "INVALID_DATE"],
    ["a meeting before the call that booked it", shanghai("2026-03-05T14:30"), "INVALID_RANGE"],
  ])("SOP-3.1 a booked meeting with %s is rejected naming meetingAt", (_name, meetingAt, code) => {
    const result = planAfterCompletion(completed({ outcome: "MEETING_BOOKED", meetingAt }), DEFAULT_PLAYBOOK, china);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ field: "meetingAt", code });
  });

  it.each<[string, "RAISED" | "SAME" | "LOWERED", boolean]>([
    ["SOP-3.4 raised interest suggests a re-assessment", "RAISED", true],
    ["SOP-3.4 unchanged interest does not", "SAME", false],
    ["SOP-3.4 lowered interest does not", "LOWERED", false],
  ])("%s", (_name, interest, suggested) => {
    expect(plan({ interest }).reassessmentSuggested).toBe(suggested);
  });

  it("SOP-3.4 raised interest on an unanswered call still suggests a re-assessment", () => {
    expect(plan({ outcome: "NO_ANSWER", interest: "RAISED" }).reassessmentSuggested).toBe(true);
  });

  it("SOP-3.1 no cadence is planned once the lead has an open opportunity", () => {
    expect(plan({ tier: "A", outcome: "CONNECTED", hasOpenOpportunity: true }).next).toBeNull();
    expect(plan({ tier: "A", outcome: "NOT_INTERESTED", hasOpenOpportunity: true }).next).toBeNull();
    expect(plan({ tier: "A", outcome: "NO_ANSWER", hasOpenOpportunity: true }).next?.kind).toBe("FIRST_CONTACT");
  });
});

describe("SOP-3.4 re-planning after a tier change", () => {
  const capturedAt = shanghai("2026-03-02T09:00"); // Monday
  const changedAt = shanghai("2026-03-02T15:00");

  it("SOP-3.4 an open first contact is re-planned from capture under the new tier", () => {
    const [planned] = replanForTierChange(
      { newTier: "A", changedAt, capturedAt, lastContactAt: null, open: [{ kind: "FIRST_CONTACT", dueAt: shanghai("2026-03-05T23:59:59.999") }] },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned).toEqual({ kind: "FIRST_CONTACT", channel: "PHONE", dueAt: shanghai("2026-03-03T09:00"), calendarCovered: true });
  });

  it("SOP-3.4 a re-planned time already past becomes the time of the change, never earlier", () => {
    const lateChange = shanghai("2026-03-04T11:00");
    const [planned] = replanForTierChange(
      { newTier: "A", changedAt: lateChange, capturedAt, lastContactAt: null, open: [{ kind: "FIRST_CONTACT", dueAt: shanghai("2026-03-05T23:59:59.999") }] },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned?.dueAt).toEqual(lateChange);
  });

  it("SOP-3.4 an open cadence follow-up takes the new tier's cadence from the last contact", () => {
    const lastContactAt = shanghai("2026-03-03T10:00");
    const [planned] = replanForTierChange(
      { newTier: "A", changedAt: shanghai("2026-03-03T11:00"), capturedAt, lastContactAt, open: [{ kind: "NURTURE", dueAt: shanghai("2026-04-03T10:00") }] },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned).toEqual({ kind: "CADENCE", channel: "PHONE", dueAt: shanghai("2026-03-05T23:59:59.999"), calendarCovered: true });
  });

  it("SOP-3.4 a lead that drops to C is nurtured monthly from the last contact", () => {
    const lastContactAt = shanghai("2026-03-03T10:00");
    const [planned] = replanForTierChange(
      { newTier: "C", changedAt: shanghai("2026-03-04T11:00"), capturedAt, lastContactAt, open: [{ kind: "CADENCE", dueAt: shanghai("2026-03-05T23:59:59.999") }] },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned).toEqual({ kind: "NURTURE", channel: "EMAIL", dueAt: shanghai("2026-04-03T10:00"), calendarCovered: true });
  });

  it("SOP-3.4 without a contact yet, a cadence follow-up counts from capture", () => {
    const [planned] = replanForTierChange(
      { newTier: "B", changedAt, capturedAt, lastContactAt: null, open: [{ kind: "CADENCE", dueAt: shanghai("2026-03-20T10:00") }] },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned?.dueAt).toEqual(shanghai("2026-03-09T09:00"));
  });

  it("SOP-3.4 meetings keep their time and channel, and the order of the open list is kept", () => {
    const meetingAt = shanghai("2026-03-10T15:00");
    const planned = replanForTierChange(
      {
        newTier: "A",
        changedAt,
        capturedAt,
        lastContactAt: null,
        open: [
          { kind: "MEETING", dueAt: meetingAt, channel: "VIDEO" },
          { kind: "FIRST_CONTACT", dueAt: shanghai("2026-03-05T23:59:59.999") },
          { kind: "MEETING", dueAt: meetingAt },
        ],
      },
      DEFAULT_PLAYBOOK,
      china,
    );
    expect(planned.map((followUp) => [followUp.kind, followUp.channel])).toEqual([
      ["MEETING", "VIDEO"],
      ["FIRST_CONTACT", "PHONE"],
      ["MEETING", "VISIT"],
    ]);
    expect(planned[0]?.dueAt).toEqual(meetingAt);
  });
});

describe("SOP-3.1 to 3.5 first-contact deadlines, for any capture time", () => {
  // Captures from 2025 through 2026, the span the China calendar covers.
  const capturedAt = fc.date({ min: new Date("2025-01-01T00:00:00+08:00"), max: new Date("2026-12-15T00:00:00+08:00"), noInvalidDate: true });
  const N: Record<"B" | "C", number> = { B: 3, C: 5 };

  it("SOP-3.1 an A first contact is due exactly 24 hours after capture", () => {
    fc.assert(
      fc.property(capturedAt, (captured) => {
        const planned = planFirstContact({ capturedAt: captured, tier: "A" }, DEFAULT_PLAYBOOK, china);
        expect(planned.dueAt.getTime() - captured.getTime()).toBe(24 * HOUR);
      }),
    );
  });

  it.each(["B", "C"] as const)(
    "SOP-3.2/3.3 a %s first contact leaves at least N business days strictly after the capture day, and ends on the Nth",
    (tier) => {
      fc.assert(
        fc.property(capturedAt, (captured) => {
          const planned = planFirstContact({ capturedAt: captured, tier }, DEFAULT_PLAYBOOK, china);
          const captureDay = localDate(china, captured);
          const dueDay = localDate(china, planned.dueAt);
          let businessDays = 0;
          for (let day = nextDay(captureDay); day <= dueDay; day = nextDay(day)) {
            if (isBusinessDay(china, day).businessDay) businessDays += 1;
          }
          expect(businessDays).toBe(N[tier]);
          expect(isBusinessDay(china, dueDay).businessDay).toBe(true);
          expect(planned.dueAt.getTime()).toBeGreaterThan(captured.getTime() + 24 * HOUR * (N[tier] - 1));
          expect(planned.calendarCovered).toBe(true);
        }),
      );
    },
  );

  it("SOP-3.5 a B deadline always ends a business day, at 23:59:59.999 local time", () => {
    fc.assert(
      fc.property(capturedAt, (captured) => {
        const { dueAt } = planFirstContact({ capturedAt: captured, tier: "B" }, DEFAULT_PLAYBOOK, china);
        const dueDay = localDate(china, dueAt);
        expect(dueAt).toEqual(endOfBusinessDay(china, dueDay));
        expect(inShanghai(dueAt)).toMatch(/T23:59:59\.999\+08:00$/);
        expect(isBusinessDay(china, dueDay)).toEqual({ businessDay: true, covered: true });
      }),
    );
  });

  it("SOP-3.5 a capture in 2027, a year without holiday data, gives calendarCovered false", () => {
    const in2027 = fc.date({ min: new Date("2027-01-01T00:00:00+08:00"), max: new Date("2027-12-31T23:59:59+08:00"), noInvalidDate: true });
    fc.assert(
      fc.property(in2027, fc.constantFrom("B", "C" as const), (captured, tier) => {
        expect(planFirstContact({ capturedAt: captured, tier }, DEFAULT_PLAYBOOK, china).calendarCovered).toBe(false);
      }),
    );
  });

  it("SOP-3.4 a re-planned follow-up is never due before the tier change", () => {
    fc.assert(
      fc.property(
        capturedAt,
        fc.integer({ min: 0, max: 60 * 24 * HOUR }),
        fc.constantFrom("A", "B", "C" as const),
        fc.constantFrom("FIRST_CONTACT", "CADENCE", "NURTURE" as const),
        (captured, delay, newTier, kind) => {
          const changedAt = new Date(captured.getTime() + delay);
          const [planned] = replanForTierChange(
            { newTier, changedAt, capturedAt: captured, lastContactAt: null, open: [{ kind, dueAt: changedAt }] },
            DEFAULT_PLAYBOOK,
            china,
          );
          expect(planned!.dueAt.getTime()).toBeGreaterThanOrEqual(changedAt.getTime());
        },
      ),
    );
  });
});

function nextDay(date: string): string {
  const next = new Date(`${date}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return next.toISOString().slice(0, 10);
}
