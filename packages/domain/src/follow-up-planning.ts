// SOP-3.1 to 3.5: when the next follow-up of a lead is due, and how it is made.
import { DateTime } from "luxon";
import { endOfNthBusinessDayAfter, type BusinessCalendar } from "./calendar/business-calendar.ts";
import type { Interval, Playbook } from "./playbook.ts";
import { err, fieldError, ok, type FieldError, type Result } from "./result.ts";
import type { ContactChannel, FollowUpKind, FollowUpOutcome, InterestChange, Tier } from "./vocabulary.ts";

export interface PlannedFollowUp {
  kind: FollowUpKind;
  channel: ContactChannel;
  dueAt: Date;
  /** False when a business-day count ran past the calendar's known holidays (SOP-3.5). */
  calendarCovered: boolean;
}

/** SOP-3.1: a booked meeting is a visit unless the rep says it is online. */
export const DEFAULT_MEETING_CHANNEL: ContactChannel = "VISIT";

/**
 * SOP-3.5 per unit: HOURS are elapsed time; DAYS keep the local time of day; BUSINESS_DAYS end
 * at the end of the Nth business day after the local day of `from`; MONTHS keep the local day
 * of the month, clamped to the month's last day (Jan 31 + 1 month = Feb 28/29).
 */
export function addInterval(
  from: Date,
  interval: Interval,
  calendar: BusinessCalendar,
): { at: Date; calendarCovered: boolean } {
  switch (interval.unit) {
    case "HOURS":
      return { at: new Date(from.getTime() + interval.amount * 3_600_000), calendarCovered: true };
    case "BUSINESS_DAYS":
      return endOfNthBusinessDayAfter(calendar, from, interval.amount);
    case "DAYS":
    case "MONTHS": {
      const local = DateTime.fromJSDate(from, { zone: calendar.timeZone });
      const later = interval.unit === "DAYS" ? local.plus({ days: interval.amount }) : local.plus({ months: interval.amount });
      return { at: later.toJSDate(), calendarCovered: true };
    }
  }
}

/**
 * The first follow-up of a newly captured lead. `slaDueAt` is the first-contact deadline the
 * SLA is measured against (SOP-3.6); it stays put when `dueAt` later moves, e.g. for a retry.
 */
export function planFirstContact(
  input: { capturedAt: Date; tier: Tier },
  playbook: Playbook,
  calendar: BusinessCalendar,
): PlannedFollowUp & { slaDueAt: Date } {
  const planned = planFirstContactFrom(playbook, input.tier, input.capturedAt, calendar);
  return { ...planned, slaDueAt: planned.dueAt };
}

function planFirstContactFrom(playbook: Playbook, tier: Tier, capturedAt: Date, calendar: BusinessCalendar): PlannedFollowUp {
  const rule = playbook.followUp[tier].firstContact;
  const { at, calendarCovered } = addInterval(capturedAt, rule.within, calendar);
  return { kind: "FIRST_CONTACT", channel: rule.channel, dueAt: at, calendarCovered };
}

export interface CompletedFollowUp {
  tier: Tier;
  completedAt: Date;
  kind: FollowUpKind;
  outcome: FollowUpOutcome;
  interest: InterestChange;
  /** Required when the outcome is MEETING_BOOKED: when the meeting takes place. */
  meetingAt?: Date | null;
  /** How the booked meeting takes place; DEFAULT_MEETING_CHANNEL when not given. */
  meetingChannel?: ContactChannel | null;
  /**
   * SOP-3.1: the cadence runs while the lead has no open opportunity; once one is open the
   * pipeline takes over, so no cadence follow-up is planned (retries and meetings still are).
   */
  hasOpenOpportunity?: boolean;
}

export interface PlanAfterCompletion {
  next: PlannedFollowUp | null;
  /** SOP-3.4: the customer showed more interest, so the lead should be assessed again. */
  reassessmentSuggested: boolean;
  /** The customer was reached, which closes the first-contact SLA (any outcome but NO_ANSWER). */
  firstContactSatisfied: boolean;
}

/**
 * What follows a completed follow-up. Fails, naming `meetingAt`, when a MEETING_BOOKED outcome
 * has no valid meeting time or one before the follow-up itself.
 */
export function planAfterCompletion(
  input: CompletedFollowUp,
  playbook: Playbook,
  calendar: BusinessCalendar,
): Result<PlanAfterCompletion, FieldError> {
  const reassessmentSuggested = input.interest === "RAISED";
  const firstContactSatisfied = input.outcome !== "NO_ANSWER";
  const plan = (next: PlannedFollowUp | null): Result<PlanAfterCompletion, FieldError> =>
    ok({ next, reassessmentSuggested, firstContactSatisfied });
  const rule = playbook.followUp[input.tier];

  switch (input.outcome) {
    case "NO_ANSWER": {
      // Try again soon with the same kind, so an unanswered first contact stays a first contact.
      // A missed meeting has no time to retry at; re-booking it is an ordinary cadence contact.
      const kind = input.kind === "MEETING" ? rule.cadence.kind : input.kind;
      const channel = kind === "FIRST_CONTACT" ? rule.firstContact.channel : rule.cadence.channel;
      const { at, calendarCovered } = addInterval(input.completedAt, playbook.noAnswerRetry, calendar);
      return plan({ kind, channel, dueAt: at, calendarCovered });
    }
    case "MEETING_BOOKED": {
      const meetingAt = input.meetingAt;
      if (!meetingAt) return err(fieldError("meetingAt", "REQUIRED", "a booked meeting needs the date and time it takes place"));
      if (Number.isNaN(meetingAt.getTime())) return err(fieldError("meetingAt", "INVALID_DATE", "the meeting time is not a valid date"));
      if (meetingAt.getTime() < input.completedAt.getTime()) {
        return err(fieldError("meetingAt", "INVALID_RANGE", "the meeting cannot take place before the follow-up that booked it"));
      }
      const channel = input.meetingChannel ?? DEFAULT_MEETING_CHANNEL;
      return plan({ kind: "MEETING", channel, dueAt: meetingAt, calendarCovered: true });
    }
    case "NOT_INTERESTED":
      // SOP-3.3: whatever the tier, an uninterested customer is only nurtured.
      return plan(input.hasOpenOpportunity ? null : planCadence(playbook, "C", input.completedAt, calendar));
    case "CONNECTED":
    case "MATERIAL_SENT":
      return plan(input.hasOpenOpportunity ? null : planCadence(playbook, input.tier, input.completedAt, calendar));
  }
}

/** The tier's next regular follow-up counted from `from` (the last contact, or a reopening). */
export function planCadence(playbook: Playbook, tier: Tier, from: Date, calendar: BusinessCalendar): PlannedFollowUp {
  const cadence = playbook.followUp[tier].cadence;
  const { at, calendarCovered } = addInterval(from, cadence.every, calendar);
  return { kind: cadence.kind, channel: cadence.channel, dueAt: at, calendarCovered };
}

export interface OpenFollowUp {
  kind: FollowUpKind;
  dueAt: Date;
  /** Kept for meetings, which keep their channel as well as their time. */
  channel?: ContactChannel | null;
}

/**
 * SOP-3.4: after a tier change, the open follow-ups are planned again under the new tier, in
 * the order given. A first contact counts from capture, a cadence follow-up from the last
 * contact (or capture when there was none), and a meeting keeps its time. A re-planned time
 * that has already passed becomes `changedAt`: due now, never in the past.
 */
export function replanForTierChange(
  input: { newTier: Tier; changedAt: Date; capturedAt: Date; lastContactAt: Date | null; open: readonly OpenFollowUp[] },
  playbook: Playbook,
  calendar: BusinessCalendar,
): PlannedFollowUp[] {
  const notBeforeChange = (planned: PlannedFollowUp): PlannedFollowUp =>
    planned.dueAt.getTime() < input.changedAt.getTime() ? { ...planned, dueAt: new Date(input.changedAt.getTime()) } : planned;

  return input.open.map((followUp): PlannedFollowUp => {
    switch (followUp.kind) {
      case "MEETING":
        return {
          kind: "MEETING",
          channel: followUp.channel ?? DEFAULT_MEETING_CHANNEL,
          dueAt: followUp.dueAt,
          calendarCovered: true,
        };
      case "FIRST_CONTACT":
        return notBeforeChange(planFirstContactFrom(playbook, input.newTier, input.capturedAt, calendar));
      case "CADENCE":
      case "NURTURE":
        return notBeforeChange(planCadence(playbook, input.newTier, input.lastContactAt ?? input.capturedAt, calendar));
    }
  });
}
