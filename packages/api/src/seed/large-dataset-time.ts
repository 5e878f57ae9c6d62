// Time arithmetic for the large data set (generate-large-cli.ts), fast enough for millions of
// rows: a team's local days are looked up in a table built once from the domain's calendar, and
// business-day deadlines are computed by the domain once per local day and cached. Where a
// daylight-saving change makes the table's shortcut inexact, the domain function is called.
import { addInterval, endOfBusinessDay, endOfNthBusinessDayAfter, type BusinessCalendar } from "@sales/domain";

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** "YYYY-MM-DD" of a civil day number (days since 1970-01-01). */
export function civilDate(civilDay: number): string {
  return new Date(civilDay * DAY).toISOString().slice(0, 10);
}

export interface Deadline {
  at: number;
  /** False when the business-day count walked past the calendar's known holidays (SOP-3.5). */
  covered: boolean;
}

/**
 * A team's calendar over a span of local days: which local day an instant falls on, that day's
 * date, the end of the Nth business day after it (SOP-3.5), and "the same local time N days or
 * a month later" (the DAYS and MONTHS intervals).
 */
export class TeamClock {
  readonly calendar: BusinessCalendar;
  private readonly firstDay: number;
  /** midnights[i]: the instant local day firstDay + i begins; one more than there are days. */
  private readonly midnights: Float64Array;
  /** The zone's offset from UTC at each local midnight; a day whose next midnight differs has a DST change. */
  private readonly offsets: Float64Array;
  private readonly deadlines = new Map<number, Deadline>();

  constructor(calendar: BusinessCalendar, fromMs: number, throughMs: number) {
    this.calendar = calendar;
    this.firstDay = Math.floor(fromMs / DAY) - 2;
    const days = Math.floor(throughMs / DAY) + 2 - this.firstDay;
    this.midnights = new Float64Array(days + 1);
    this.offsets = new Float64Array(days + 1);
    for (let i = 0; i <= days; i++) {
      const day = this.firstDay + i;
      // The day before ends at 23:59:59.999 local time; this one begins a millisecond later.
      this.midnights[i] = endOfBusinessDay(calendar, civilDate(day - 1)).getTime() + 1;
      this.offsets[i] = day * DAY - this.midnights[i]!;
    }
  }

  /** The local day of an instant, as an index into this clock's tables. */
  dayIndex(ms: number): number {
    let i = Math.floor((ms - this.midnights[0]!) / DAY);
    if (i < 0 || i >= this.midnights.length - 1) throw new RangeError(`${new Date(ms).toISOString()} is outside the generator's calendar span`);
    while (i > 0 && ms < this.midnights[i]!) i--;
    while (ms >= this.midnights[i + 1]!) i++;
    return i;
  }

  /** The local calendar date of an instant, as a civil day number (days since 1970-01-01). */
  localDay(ms: number): number {
    return this.firstDay + this.dayIndex(ms);
  }

  /** SOP-3.5 the end of the Nth business day after the local day of `ms`, computed by the domain once per day. */
  businessDeadline(ms: number, n: number): Deadline {
    const index = this.dayIndex(ms);
    const key = index * 64 + n;
    let deadline = this.deadlines.get(key);
    if (!deadline) {
      const { at, calendarCovered } = endOfNthBusinessDayAfter(this.calendar, new Date(this.midnights[index]!), n);
      deadline = { at: at.getTime(), covered: calendarCovered };
      this.deadlines.set(key, deadline);
    }
    return deadline;
  }

  /** The same local time `days` later (the DAYS interval). */
  addDays(ms: number, days: number): number {
    const from = this.dayIndex(ms);
    return this.sameTimeOn(ms, from, from + days, () => addInterval(new Date(ms), { unit: "DAYS", amount: days }, this.calendar).at.getTime());
  }

  /** The same local time on the same day of the next month, clamped to its last day (the MONTHS interval). */
  addMonth(ms: number): number {
    const from = this.dayIndex(ms);
    const date = new Date((this.firstDay + from) * DAY);
    const year = date.getUTCFullYear();
    const month = date.getUTCMonth() + 1;
    const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    const target = Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / DAY - this.firstDay;
    return this.sameTimeOn(ms, from, target, () => addInterval(new Date(ms), { unit: "MONTHS", amount: 1 }, this.calendar).at.getTime());
  }

  private sameTimeOn(ms: number, from: number, to: number, exact: () => number): number {
    if (to + 1 >= this.midnights.length) throw new RangeError("a date outside the generator's calendar span");
    // Across a daylight-saving change the local time of day is not the time since midnight.
    const steady = this.offsets[from] === this.offsets[from + 1] && this.offsets[to] === this.offsets[to + 1];
    return steady ? this.midnights[to]! + (ms - this.midnights[from]!) : exact();
  }
}
