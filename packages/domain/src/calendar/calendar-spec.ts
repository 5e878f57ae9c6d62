// SOP-3.5: a team's business-day calendar is plain data an admin can store and edit. It knows
// its holidays only for the span it covers; outside it, weekends alone decide.
import { IANAZone } from "luxon";
import { err, ok, type FieldError, type Result } from "../result.ts";
import { FieldErrorList, isRecord, joinPath, preview } from "../validation.ts";
import { EARLIEST_YEAR, inSupportedYears, isIsoDate, isoWeekday, LATEST_YEAR } from "./iso-date.ts";

export interface CalendarDay {
  date: string;
  name?: string;
}

export interface CalendarSpec {
  /** IANA time zone in which days begin and end, e.g. "Asia/Shanghai". */
  timeZone: string;
  /** ISO weekdays that are normally off: 1 = Monday ... 7 = Sunday. */
  weekendDays: number[];
  /** Days off that would otherwise be working days (or that fall on a weekend anyway). */
  holidays: CalendarDay[];
  /** Weekend days that are official working days (调休 in mainland China). */
  makeUpWorkdays: CalendarDay[];
  /** The span, inclusive, whose holidays and make-up days are known. */
  coverage: { from: string; through: string };
}

export const DEFAULT_WEEKEND_DAYS: readonly number[] = Object.freeze([6, 7]);
export const CALENDAR_DAY_NAME_MAX_LENGTH = 100;

/**
 * Checks a calendar an admin wants to store and fills the optional parts (weekendDays defaults
 * to Saturday and Sunday, the day lists to empty). Every problem is reported with its path.
 */
export function validateCalendarSpec(input: unknown): Result<CalendarSpec, FieldError[]> {
  const errors = new FieldErrorList();
  const root = errors.requireRecord(input, "");
  if (!root) return err(errors.errors);

  const timeZone = root["timeZone"];
  if (typeof timeZone !== "string" || timeZone === "") {
    errors.add("timeZone", "REQUIRED", "timeZone is required, e.g. Asia/Shanghai");
  } else if (!IANAZone.isValidZone(timeZone)) {
    errors.add("timeZone", "INVALID_TIME_ZONE", `${preview(timeZone)} is not an IANA time zone such as Asia/Shanghai`);
  }

  const weekendDays = readWeekendDays(errors, root["weekendDays"]);
  const coverage = readCoverage(errors, root["coverage"]);
  const holidays = readDays(errors, root["holidays"], "holidays", coverage);
  const makeUpWorkdays = readDays(errors, root["makeUpWorkdays"], "makeUpWorkdays", coverage);

  const holidayDates = new Set(holidays.map((day) => day.date));
  makeUpWorkdays.forEach((day, index) => {
    const field = joinPath(joinPath("makeUpWorkdays", index), "date");
    if (holidayDates.has(day.date)) {
      errors.add(field, "CONFLICT", `${day.date} is listed both as a holiday and as a make-up working day`);
    } else if (weekendDays && !weekendDays.includes(isoWeekday(day.date))) {
      errors.add(field, "NOT_A_WEEKEND_DAY", `${day.date} is already a working day, so it cannot be a make-up working day`);
    }
  });

  if (!errors.isEmpty || typeof timeZone !== "string" || !weekendDays || !coverage) return err(errors.errors);
  return ok({ timeZone, weekendDays, holidays, makeUpWorkdays, coverage });
}

function readWeekendDays(errors: FieldErrorList, input: unknown): number[] | null {
  if (input === undefined) return [...DEFAULT_WEEKEND_DAYS];
  const list = errors.requireArray(input, "weekendDays");
  if (!list) return null;
  const days: number[] = [];
  list.forEach((day, index) => {
    const field = joinPath("weekendDays", index);
    if (typeof day !== "number" || !Number.isInteger(day) || day < 1 || day > 7) {
      errors.add(field, "OUT_OF_RANGE", `${field} must be an ISO weekday from 1 (Monday) to 7 (Sunday), got ${preview(day)}`);
    } else if (days.includes(day)) {
      errors.add(field, "DUPLICATE", `weekday ${day} is listed more than once`);
    } else {
      days.push(day);
    }
  });
  // With every weekday off, no day outside the covered span could ever be a business day.
  if (days.length === 7) errors.add("weekendDays", "OUT_OF_RANGE", "at least one weekday must be a working day");
  return days.length === list.length && days.length < 7 ? days.sort((a, b) => a - b) : null;
}

function readCoverage(errors: FieldErrorList, input: unknown): CalendarSpec["coverage"] | null {
  const coverage = errors.requireRecord(input, "coverage");
  if (!coverage) return null;
  const from = coverage["from"];
  const through = coverage["through"];
  if (!isIsoDate(from)) errors.add("coverage.from", "INVALID_DATE", `coverage.from must be a date like 2025-01-01, got ${preview(from)}`);
  if (!isIsoDate(through)) {
    errors.add("coverage.through", "INVALID_DATE", `coverage.through must be a date like 2025-12-31, got ${preview(through)}`);
  }
  if (!isIsoDate(from) || !isIsoDate(through)) return null;
  // Holidays and make-up days must fall inside the coverage, so this bounds them too.
  const outOfYears = (["from", "through"] as const).filter((end) => !inSupportedYears(coverage[end] as string));
  for (const end of outOfYears) {
    errors.add(`coverage.${end}`, "OUT_OF_RANGE", `coverage.${end} must fall in the years ${EARLIEST_YEAR} to ${LATEST_YEAR}, got ${preview(coverage[end])}`);
  }
  if (outOfYears.length > 0) return null;
  if (from > through) {
    errors.add("coverage.from", "INVALID_RANGE", `coverage.from (${from}) is after coverage.through (${through})`);
    return null;
  }
  return { from, through };
}

function readDays(
  errors: FieldErrorList,
  input: unknown,
  listName: "holidays" | "makeUpWorkdays",
  coverage: CalendarSpec["coverage"] | null,
): CalendarDay[] {
  if (input === undefined) return [];
  const list = errors.requireArray(input, listName);
  if (!list) return [];
  const days: CalendarDay[] = [];
  const firstIndexByDate = new Map<string, number>();
  list.forEach((item, index) => {
    const path = joinPath(listName, index);
    if (!isRecord(item)) {
      errors.add(path, "INVALID_TYPE", `${path} must be an object like { "date": "2025-10-01" }, got ${preview(item)}`);
      return;
    }
    const date = item["date"];
    const name = item["name"];
    const datePath = joinPath(path, "date");
    if (!isIsoDate(date)) {
      errors.add(datePath, "INVALID_DATE", `${datePath} must be a real date like 2025-10-01, got ${preview(date)}`);
      return;
    }
    if (name !== undefined && (typeof name !== "string" || name.length > CALENDAR_DAY_NAME_MAX_LENGTH)) {
      errors.add(joinPath(path, "name"), "INVALID_TYPE", `${path}.name must be text of at most ${CALENDAR_DAY_NAME_MAX_LENGTH} characters`);
    }
    const firstIndex = firstIndexByDate.get(date);
    if (firstIndex !== undefined) {
      errors.add(datePath, "DUPLICATE", `${date} is already listed at ${joinPath(listName, firstIndex)}`);
      return;
    }
    firstIndexByDate.set(date, index);
    if (coverage && (date < coverage.from || date > coverage.through)) {
      errors.add(datePath, "OUTSIDE_COVERAGE", `${date} is outside the covered span ${coverage.from} to ${coverage.through}`);
    }
    days.push(typeof name === "string" ? { date, name } : { date });
  });
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
