import type { Locale } from "../i18n/locales.ts";

const formats = new Map<string, Intl.DateTimeFormat>();

/**
 * An instant (ISO-8601 from the API) as a date and time in a time zone (the team's, whose days
 * and deadlines the API counts in), worded for the language: 2026年12月1日 09:30 / Dec 1, 2026, 09:30.
 */
export function formatDateTime(iso: string, locale: Locale, timeZone: string): string {
  const key = `${locale} ${timeZone}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", hourCycle: "h23", timeZone });
    formats.set(key, format);
  }
  return format.format(new Date(iso));
}
