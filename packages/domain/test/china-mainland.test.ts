import { describe, expect, it } from "vitest";
import {
  CHINA_MAINLAND_CALENDAR_SPEC,
  chinaMainlandCalendar,
  isBusinessDay,
  validateCalendarSpec,
} from "../src/index.ts";

const china = chinaMainlandCalendar();

// Days from the State Council General Office notices on the 2025 and 2026 holidays
// (国务院办公厅关于2025年/2026年部分节假日安排的通知). If the chinese-days package ever
// disagrees with them, this table fails.
describe("SOP-3.5 mainland China holidays and make-up working days, 2025-2026", () => {
  const holidays = [
    ["2025-01-01", "元旦"],
    ["2025-01-28", "春节 (除夕)"],
    ["2025-02-04", "春节, last day"],
    ["2025-04-04", "清明节"],
    ["2025-05-05", "劳动节, last day"],
    ["2025-06-02", "端午节"],
    ...["01", "02", "03", "04", "05", "06", "07", "08"].map((day) => [`2025-10-${day}`, "国庆节、中秋节"]),
    ["2026-01-02", "元旦"],
    ...["15", "16", "17", "18", "19", "20", "21", "22", "23"].map((day) => [`2026-02-${day}`, "春节"]),
    ["2026-04-06", "清明节"],
    ["2026-05-05", "劳动节, last day"],
    ["2026-06-19", "端午节"],
    ["2026-09-25", "中秋节"],
    ["2026-10-07", "国庆节, last day"],
  ];
  it.each(holidays)("SOP-3.5 %s is a holiday (%s)", (date) => {
    expect(isBusinessDay(china, date)).toEqual({ businessDay: false, covered: true });
  });

  it.each([
    ["2025-01-26", "Sunday before 春节"],
    ["2025-02-08", "Saturday after 春节"],
    ["2025-04-27", "Sunday before 劳动节"],
    ["2025-09-28", "Sunday before 国庆节"],
    ["2025-10-11", "Saturday after 国庆节"],
    ["2026-01-04", "Sunday after 元旦"],
    ["2026-02-14", "Saturday before 春节"],
    ["2026-02-28", "Saturday after 春节"],
    ["2026-05-09", "Saturday after 劳动节"],
    ["2026-09-20", "Sunday before 国庆节"],
    ["2026-10-10", "Saturday after 国庆节"],
  ])("SOP-3.5 %s is a make-up working day (%s)", (date) => {
    expect(isBusinessDay(china, date)).toEqual({ businessDay: true, covered: true });
  });

  it.each(["2025-10-09", "2026-02-24", "2026-10-08"])("SOP-3.5 %s, the first day back, is a business day", (date) => {
    expect(isBusinessDay(china, date).businessDay).toBe(true);
  });

  it("SOP-3.5 the notices give 61 holiday dates and 11 make-up working days for the two years", () => {
    expect(CHINA_MAINLAND_CALENDAR_SPEC.holidays).toHaveLength(61);
    expect(CHINA_MAINLAND_CALENDAR_SPEC.makeUpWorkdays).toHaveLength(11);
  });

  it("SOP-3.5 days carry their Chinese names", () => {
    expect(CHINA_MAINLAND_CALENDAR_SPEC.holidays).toContainEqual({ date: "2026-02-17", name: "春节" });
    expect(CHINA_MAINLAND_CALENDAR_SPEC.makeUpWorkdays).toContainEqual({ date: "2026-02-14", name: "春节调休上班" });
  });

  it("SOP-3.5 the packaged calendar passes its own validation", () => {
    expect(validateCalendarSpec(CHINA_MAINLAND_CALENDAR_SPEC)).toEqual({ ok: true, value: CHINA_MAINLAND_CALENDAR_SPEC });
  });

  it("SOP-3.5 the calendar covers 2025-2026 in Asia/Shanghai and reports 2027 as not covered", () => {
    expect(CHINA_MAINLAND_CALENDAR_SPEC.timeZone).toBe("Asia/Shanghai");
    expect(CHINA_MAINLAND_CALENDAR_SPEC.coverage).toEqual({ from: "2025-01-01", through: "2026-12-31" });
    expect(isBusinessDay(china, "2027-01-01").covered).toBe(false);
    expect(isBusinessDay(china, "2024-12-31").covered).toBe(false);
  });

  it("SOP-3.5 the shared spec is frozen", () => {
    expect(Object.isFrozen(CHINA_MAINLAND_CALENDAR_SPEC.holidays)).toBe(true);
  });
});
