// SOP-3.6: a rep's queue of open follow-ups, and the first-contact SLA a manager watches.
import { localDate, type BusinessCalendar } from "./calendar/business-calendar.ts";

export const QUEUE_BUCKETS = ["OVERDUE", "DUE_TODAY", "UPCOMING"] as const;
export type QueueBucket = (typeof QUEUE_BUCKETS)[number];

/** "Today" is the team's local day, so a rep in Shanghai sees the same queue at 07:00 as at 23:00. */
export function queueBucket(dueAt: Date, now: Date, calendar: BusinessCalendar): QueueBucket {
  if (dueAt.getTime() < now.getTime()) return "OVERDUE";
  return localDate(calendar, dueAt) === localDate(calendar, now) ? "DUE_TODAY" : "UPCOMING";
}

export const FIRST_CONTACT_SLA_STATUSES = ["KEPT", "MISSED", "PENDING"] as const;
export type FirstContactSlaStatus = (typeof FIRST_CONTACT_SLA_STATUSES)[number];

/**
 * `firstContactAt` is when the customer was first reached (a completion with
 * firstContactSatisfied); unanswered attempts do not keep the SLA.
 */
export function firstContactSlaStatus(input: { slaDueAt: Date; firstContactAt: Date | null; now: Date }): FirstContactSlaStatus {
  if (input.firstContactAt) return input.firstContactAt.getTime() <= input.slaDueAt.getTime() ? "KEPT" : "MISSED";
  return input.now.getTime() > input.slaDueAt.getTime() ? "MISSED" : "PENDING";
}
