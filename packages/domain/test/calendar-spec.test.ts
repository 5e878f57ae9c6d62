import { describe, expect, it } from "vitest";
import { validateCalendarSpec, type FieldError } from "../src/index.ts";

const validSpec = () => ({
  timeZone: "Asia/Shanghai",
  weekendDays: [6, 7],
  holidays: [
    { date: "2025-10-01", name: "国庆节" },
    { date: "2025-10-02", name: "国庆节" },
  ],
  makeUpWorkdays: [{ date: "2025-09-28", name: "国庆节调休上班" }],
  coverage: { from: "2025-01-01", through: "2025-12-31" },
});
const problems = (errors: FieldError[]) => errors.map((error) => `${error.field}:${error.code}`);

function rejectedWith(input: unknown): FieldError[] {
  const result = validateCalendarSpec(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : result.error;
}

describe("SOP-3.5 validateCalendarSpec", () => {
  it("SOP-3.5 accepts a well-formed calendar unchanged", () => {
    expect(validateCalendarSpec(validSpec())).toEqual({ ok: true, value: validSpec() });
  });

  it("SOP-3.5 weekends default to Saturday and Sunday, the day lists to empty", () => {
    const result = validateCalendarSpec({ timeZone: "Europe/Berlin", coverage: { from: "2026-01-01", through: "2026-12-31" } });
    expect(result).toEqual({
      ok: true,
      value: {
        timeZone: "Europe/Berlin",
        weekendDays: [6, 7],
        holidays: [],
        makeUpWorkdays: [],
        coverage: { from: "2026-01-01", through: "2026-12-31" },
      },
    });
  });

  it("SOP-3.5 a day that is both a holiday and a make-up working day is rejected, naming the field and the date", () => {
    const spec = validSpec();
    spec.makeUpWorkdays.push({ date: "2025-10-02", name: "oops" });
    const [error] = rejectedWith(spec);
    expect(error?.field).toBe("makeUpWorkdays[1].date");
    expect(error?.code).toBe("CONFLICT");
    expect(error?.message).toContain("2025-10-02");
  });

  it.each(["Asia/Shangai", "Mars/Olympus_Mons", "GMT+25", "", 8])("SOP-3.5 the time zone %j is rejected", (timeZone) => {
    expect(problems(rejectedWith({ ...validSpec(), timeZone }))[0]).toMatch(/^timeZone:(INVALID_TIME_ZONE|REQUIRED)$/);
  });

  it.each<[string, (spec: ReturnType<typeof validSpec>) => unknown, string[]]>([
    ["a malformed date", (s) => ({ ...s, holidays: [...s.holidays, { date: "2025-1-05" }] }), ["holidays[2].date:INVALID_DATE"]],
    ["an impossible date", (s) => ({ ...s, holidays: [...s.holidays, { date: "2025-02-29" }] }), ["holidays[2].date:INVALID_DATE"]],
    ["a date that is not text", (s) => ({ ...s, holidays: [{ date: 20251001 }] }), ["holidays[0].date:INVALID_DATE"]],
    ["a day listed twice", (s) => ({ ...s, holidays: [...s.holidays, { date: "2025-10-01" }] }), ["holidays[2].date:DUPLICATE"]],
    ["a holiday outside coverage", (s) => ({ ...s, holidays: [{ date: "2026-01-01" }] }), ["holidays[0].date:OUTSIDE_COVERAGE"]],
    ["a make-up day outside coverage", (s) => ({ ...s, makeUpWorkdays: [{ date: "2024-12-28" }] }), ["makeUpWorkdays[0].date:OUTSIDE_COVERAGE"]],
    ["a make-up day that is already a working day", (s) => ({ ...s, makeUpWorkdays: [{ date: "2025-09-29" }] }), ["makeUpWorkdays[0].date:NOT_A_WEEKEND_DAY"]],
    ["coverage that ends before it starts", (s) => ({ ...s, coverage: { from: "2025-12-31", through: "2025-01-01" } }), ["coverage.from:INVALID_RANGE"]],
    ["missing coverage", (s) => ({ ...s, coverage: undefined }), ["coverage:REQUIRED"]],
    ["coverage from year 0, which PostgreSQL refuses", (s) => ({ ...s, coverage: { from: "0000-01-01", through: "2025-12-31" } }), ["coverage.from:OUT_OF_RANGE"]],
    ["coverage from the year before 1900", (s) => ({ ...s, coverage: { from: "1899-12-31", through: "2025-12-31" } }), ["coverage.from:OUT_OF_RANGE"]],
    ["coverage through the year 3000", (s) => ({ ...s, coverage: { from: "2025-01-01", through: "3000-01-01" } }), ["coverage.through:OUT_OF_RANGE"]],
    ["a weekday number out of range", (s) => ({ ...s, weekendDays: [0, 6] }), ["weekendDays[0]:OUT_OF_RANGE"]],
    ["a weekday listed twice", (s) => ({ ...s, weekendDays: [6, 6] }), ["weekendDays[1]:DUPLICATE"]],
    ["a week with no working day", (s) => ({ ...s, weekendDays: [1, 2, 3, 4, 5, 6, 7], makeUpWorkdays: [] }), ["weekendDays:OUT_OF_RANGE"]],
    ["a day name that is not text", (s) => ({ ...s, holidays: [{ date: "2025-10-01", name: 7 }] }), ["holidays[0].name:INVALID_TYPE"]],
    ["a day that is not an object", (s) => ({ ...s, holidays: ["2025-10-01"] }), ["holidays[0]:INVALID_TYPE"]],
  ])("SOP-3.5 %s is rejected naming the field", (_name, build, expected) => {
    expect(problems(rejectedWith(build(validSpec())))).toEqual(expected);
  });

  it("SOP-3.5 takes coverage from the first day of 1900 through the last of 2999", () => {
    const spec = { ...validSpec(), holidays: [], makeUpWorkdays: [], coverage: { from: "1900-01-01", through: "2999-12-31" } };
    expect(validateCalendarSpec(spec).ok).toBe(true);
  });

  it("SOP-3.5 collects every problem at once", () => {
    const errors = rejectedWith({ timeZone: "Nowhere/Special", holidays: [{ date: "2025-13-01" }], coverage: { from: "x", through: "2025-12-31" } });
    expect(problems(errors)).toEqual(["timeZone:INVALID_TIME_ZONE", "coverage.from:INVALID_DATE", "holidays[0].date:INVALID_DATE"]);
  });

  it("SOP-3.5 sorts the days so stored calendars compare cleanly", () => {
    const spec = { ...validSpec(), holidays: [{ date: "2025-10-02" }, { date: "2025-05-01" }] };
    const result = validateCalendarSpec(spec);
    expect(result.ok && result.value.holidays.map((day) => day.date)).toEqual(["2025-05-01", "2025-10-02"]);
  });
});
