// Calendar dates as "YYYY-MM-DD" strings. They sort as text, serialise as-is to a Postgres
// `date`, and day arithmetic on them is done in UTC, where every day has 24 hours.

/**
 * The years the system takes a date in: PostgreSQL refuses year 0, and a date a thousand years
 * off is a typo, not a lead or a holiday (issue 10, finding 8).
 */
export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2999;

/** Whether an ISO date or instant (`2026-…`) falls in EARLIEST_YEAR to LATEST_YEAR. */
export function inSupportedYears(iso: string): boolean {
  const year = Number(iso.slice(0, 4));
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR;
}

const ISO_DATE_SHAPE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** True for a well-formed date that exists ("2025-02-29" does not). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const match = ISO_DATE_SHAPE.exec(value);
  if (!match) return false;
  const [, year, month, day] = match.map(Number) as [number, number, number, number];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === day;
}

function toUtcMidnight(date: string): Date {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return utc;
}

export function addDays(date: string, days: number): string {
  return new Date(toUtcMidnight(date).getTime() + days * MS_PER_DAY).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday ... 7 = Sunday. */
export function isoWeekday(date: string): number {
  return toUtcMidnight(date).getUTCDay() || 7;
}
