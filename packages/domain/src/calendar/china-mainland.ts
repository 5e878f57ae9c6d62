// The mainland China business calendar for 2025 and 2026 (Asia/Shanghai). The holidays and
// make-up working days (调休) are those of the State Council General Office notices
// 国务院办公厅关于2025年部分节假日安排的通知 and 国务院办公厅关于2026年部分节假日安排的通知,
// as packaged by the `chinese-days` npm package. test/china-mainland.test.ts pins well-known
// days from the notices so a wrong package update fails the build. Extend `coverage` (and this
// comment) when the next year's notice is published and packaged.
import chineseDays from "chinese-days/dist/chinese-days.json" with { type: "json" };
import { deepFreeze } from "../deep-freeze.ts";
import { createBusinessCalendar, type BusinessCalendar } from "./business-calendar.ts";
import type { CalendarDay, CalendarSpec } from "./calendar-spec.ts";

const COVERAGE = { from: "2025-01-01", through: "2026-12-31" };

/** chinese-days values look like "Spring Festival,春节,4"; the Chinese name is the middle part. */
function daysWithin(entries: Record<string, string>, suffix: string): CalendarDay[] {
  return Object.entries(entries)
    .filter(([date]) => date >= COVERAGE.from && date <= COVERAGE.through)
    .map(([date, label]) => ({ date, name: `${label.split(",")[1] ?? label}${suffix}` }))
    .sort((a, b) => (a.date < b.date ? -1 : 1));
}

export const CHINA_MAINLAND_CALENDAR_SPEC: CalendarSpec = deepFreeze({
  timeZone: "Asia/Shanghai",
  weekendDays: [6, 7],
  holidays: daysWithin(chineseDays.holidays, ""),
  makeUpWorkdays: daysWithin(chineseDays.workdays, "调休上班"),
  coverage: COVERAGE,
});

export function chinaMainlandCalendar(): BusinessCalendar {
  return createBusinessCalendar(CHINA_MAINLAND_CALENDAR_SPEC);
}
