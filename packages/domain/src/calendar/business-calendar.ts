// SOP-3.5: business days and "within N business days" deadlines in a team's time zone.
import { DateTime } from "luxon";
import type { CalendarSpec } from "./calendar-spec.ts";
import { addDays, isoWeekday } from "./iso-date.ts";

/** A validated CalendarSpec prepared for fast lookups; build it once per team and reuse it. */
export interface BusinessCalendar {
  readonly spec: CalendarSpec;
  readonly timeZone: string;
  readonly weekendDays: ReadonlySet<number>;
  readonly holidays: ReadonlySet<string>;
  readonly makeUpWorkdays: ReadonlySet<string>;
  readonly coverage: Readonly<CalendarSpec["coverage"]>;
}

/** Expects a spec that passed validateCalendarSpec. */
export function createBusinessCalendar(spec: CalendarSpec): BusinessCalendar {
  return Object.freeze({
    spec,
    timeZone: spec.timeZone,
    weekendDays: new Set(spec.weekendDays),
    holidays: new Set(spec.holidays.map((day) => day.date)),
    makeUpWorkdays: new Set(spec.makeUpWorkdays.map((day) => day.date)),
    coverage: Object.freeze({ ...spec.coverage }),
  });
}

function zoned(calendar: BusinessCalendar, instant: Date): DateTime {
  // An Invalid Date can only come from a bug upstream (user input is parsed and checked by the
  // API), and carrying on would silently produce nonsense deadlines.
  if (Number.isNaN(instant.getTime())) throw new RangeError("an instant must be a valid Date");
  return DateTime.fromJSDate(instant, { zone: calendar.timeZone });
}

/** The calendar date of an instant in the team's time zone, as YYYY-MM-DD. */
export function localDate(calendar: BusinessCalendar, instant: Date): string {
  return zoned(calendar, instant).toFormat("yyyy-MM-dd");
}

export function isCovered(calendar: BusinessCalendar, date: string): boolean {
  return date >= calendar.coverage.from && date <= calendar.coverage.through;
}

/** The last day whose holidays the calendar knows. */
export function coveredThrough(calendar: BusinessCalendar): string {
  return calendar.coverage.through;
}

/**
 * Outside the covered span the calendar cannot know the holidays, so weekends alone decide and
 * `covered` is false: callers flag such deadlines instead of trusting them blindly.
 */
export function isBusinessDay(calendar: BusinessCalendar, date: string): { businessDay: boolean; covered: boolean } {
  const covered = isCovered(calendar, date);
  if (calendar.makeUpWorkdays.has(date)) return { businessDay: true, covered };
  if (calendar.holidays.has(date)) return { businessDay: false, covered };
  return { businessDay: !calendar.weekendDays.has(isoWeekday(date)), covered };
}

/** The last millisecond of a local day (23:59:59.999 in the team's zone). */
export function endOfBusinessDay(calendar: BusinessCalendar, date: string): Date {
  return DateTime.fromISO(date, { zone: calendar.timeZone }).endOf("day").toJSDate();
}

/** The first business day strictly after `date`. */
export function nextBusinessDay(calendar: BusinessCalendar, date: string): string {
  let day = addDays(date, 1);
  while (!isBusinessDay(calendar, day).businessDay) day = addDays(day, 1);
  return day;
}

/**
 * SOP-3.5: "within N business days" of `from` ends at the end of the Nth business day after the
 * local day of `from`; that day itself never counts, however early `from` is. `calendarCovered`
 * is false when any day walked over lies outside the calendar's covered span.
 */
export function endOfNthBusinessDayAfter(
  calendar: BusinessCalendar,
  from: Date,
  n: number,
): { at: Date; calendarCovered: boolean } {
  let day = localDate(calendar, from);
  let counted = 0;
  let calendarCovered = true;
  while (counted < n) {
    day = addDays(day, 1);
    const { businessDay, covered } = isBusinessDay(calendar, day);
    if (!covered) calendarCovered = false;
    if (businessDay) counted += 1;
  }
  return { at: endOfBusinessDay(calendar, day), calendarCovered };
}
