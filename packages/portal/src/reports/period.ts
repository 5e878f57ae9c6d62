/**
 * The report period: `from` and `to` are calendar dates (YYYY-MM-DD) as a person picks them,
 * both inclusive; the API takes `to` exclusive (the day after the last). The default is the
 * last four weeks, today included, in the team's time zone: a full 28 days on any day of the
 * month (a "this month" default would be one day long on the 1st).
 */
export interface Period {
  from: string;
  /** The last day, inclusive. */
  to: string;
}

const DAY_MS = 86_400_000;

/** Today's calendar date in a time zone. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function defaultPeriod(timeZone: string, now: Date = new Date()): Period {
  const today = todayIn(timeZone, now);
  return { from: addDays(today, -27), to: today };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a picked period is one the API takes: real dates, from ≤ to, at most 731 days. */
export function validPeriod(period: Period): boolean {
  if (!DATE.test(period.from) || !DATE.test(period.to)) return false;
  const from = Date.parse(`${period.from}T00:00:00Z`);
  const to = Date.parse(`${period.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return false;
  if (new Date(from).toISOString().slice(0, 10) !== period.from || new Date(to).toISOString().slice(0, 10) !== period.to) return false;
  return from <= to && (to - from) / DAY_MS + 1 <= 731;
}

/** The API's variables: `to` is the day after the last. */
export function apiPeriod(period: Period): { from: string; to: string } {
  return { from: period.from, to: addDays(period.to, 1) };
}

/** A period from the page's query string (?from=…&to=…), when it is a valid one. */
export function periodFromSearch(search: string): Period | null {
  const params = new URLSearchParams(search);
  const period = { from: params.get("from") ?? "", to: params.get("to") ?? "" };
  return validPeriod(period) ? period : null;
}
