import { DateTime } from "luxon";

const ZONE = "Asia/Shanghai";

/** A wall-clock time in Shanghai, e.g. shanghai("2026-03-06T10:00"), as an instant. */
export function shanghai(local: string): Date {
  const parsed = DateTime.fromISO(local, { zone: ZONE });
  if (!parsed.isValid) throw new Error(`bad test time ${local}`);
  return parsed.toJSDate();
}

/** An instant as Shanghai wall-clock time with offset, for readable expectations. */
export function inShanghai(instant: Date): string {
  return DateTime.fromJSDate(instant, { zone: ZONE }).toISO() ?? "invalid";
}
