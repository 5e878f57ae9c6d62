/**
 * The first-contact SLA's period: calendar days a manager picks (both inclusive), counted in the
 * team's time zone (SOP-3.5), sent to the API as instants [from, to).
 */
export interface SlaPeriod {
  from: string;
  /** The last day, inclusive. */
  to: string;
}

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Date formats per time zone, made once each: making one is slow on a phone, and each render asks. */
const wallClocks = new Map<string, Intl.DateTimeFormat>();
const calendarDays = new Map<string, Intl.DateTimeFormat>();

function formatIn(formats: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = make();
    formats.set(timeZone, format);
  }
  return format;
}

function wallClockParts(instant: number, timeZone: string): number {
  const wallClock = formatIn(wallClocks, timeZone, () =>
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }),
  );
  const parts = wallClock.formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)!.value);
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"));
}

/** The instant a calendar day starts in a time zone (00:00 there), as ISO-8601. */
export function startOfDayIn(date: string, timeZone: string): string {
  const midnightUtc = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset at a guess, then again at the answer (a change of offset that day).
  let instant = midnightUtc - (wallClockParts(midnightUtc, timeZone) - midnightUtc);
  instant = midnightUtc - (wallClockParts(instant, timeZone) - instant);
  return new Date(instant).toISOString();
}

export function todayIn(timeZone: string, now: Date = new Date()): string {
  return formatIn(calendarDays, timeZone, () => new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" })).format(now);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The last four weeks, today included. */
export function defaultSlaPeriod(timeZone: string, now: Date = new Date()): SlaPeriod {
  const today = todayIn(timeZone, now);
  return { from: addDays(today, -27), to: today };
}

/** Real dates, from ≤ to. */
export function validSlaPeriod(period: SlaPeriod): boolean {
  if (!DATE.test(period.from) || !DATE.test(period.to)) return false;
  const from = Date.parse(`${period.from}T00:00:00Z`);
  const to = Date.parse(`${period.to}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to)) return false;
  if (new Date(from).toISOString().slice(0, 10) !== period.from || new Date(to).toISOString().slice(0, 10) !== period.to) return false;
  return from <= to;
}

/** The API's [from, to): the first day's start and the start of the day after the last, in the team's zone. */
export function slaInstants(period: SlaPeriod, timeZone: string): { from: string; to: string } {
  return { from: startOfDayIn(period.from, timeZone), to: startOfDayIn(addDays(period.to, 1), timeZone) };
}

/** Share of the leads due that were reached on time; null when none were due. */
export function onTimeShare(counts: { due: number; contactedOnTime: number }): number | null {
  return counts.due === 0 ? null : counts.contactedOnTime / counts.due;
}
