import { describe, expect, it } from "vitest";
import {
  chinaMainlandCalendar,
  coveredThrough,
  createBusinessCalendar,
  endOfBusinessDay,
  endOfNthBusinessDayAfter,
  isBusinessDay,
  localDate,
  nextBusinessDay,
} from "../src/index.ts";
import { inShanghai, shanghai } from "./support/time.ts";

const china = chinaMainlandCalendar();

describe("SOP-3.5 local days in the team's time zone", () => {
  it.each([
    ["2026-03-06T15:59:59.999Z", "2026-03-06"],
    ["2026-03-06T16:00:00.000Z", "2026-03-07"], // midnight in Shanghai, still the 6th in UTC
    ["2025-12-31T16:30:00.000Z", "2026-01-01"],
  ])("SOP-3.5 the instant %s falls on %s in Shanghai", (instant, date) => {
    expect(localDate(china, new Date(instant))).toBe(date);
  });

  it("SOP-3.5 a business day ends at 23:59:59.999 local time", () => {
    expect(inShanghai(endOfBusinessDay(china, "2026-03-11"))).toBe("2026-03-11T23:59:59.999+08:00");
    expect(endOfBusinessDay(china, "2026-03-11").toISOString()).toBe("2026-03-11T15:59:59.999Z");
  });
});

describe("SOP-3.5 business days in mainland China", () => {
  it.each<[string, string, boolean]>([
    ["an ordinary Wednesday is a business day", "2026-03-11", true],
    ["an ordinary Saturday is not", "2026-03-07", false],
    ["an ordinary Sunday is not", "2026-03-08", false],
    ["a National Day holiday on a weekday is not", "2025-10-03", false],
    ["a make-up Saturday counts as a business day", "2025-10-11", true],
    ["a make-up Sunday counts as a business day", "2025-09-28", true],
    ["a Spring Festival weekday is not", "2026-02-18", false],
  ])("SOP-3.5 %s (%s)", (_name, date, businessDay) => {
    expect(isBusinessDay(china, date)).toEqual({ businessDay, covered: true });
  });

  it("SOP-3.5 outside the covered years weekends alone decide, and the answer says so", () => {
    expect(isBusinessDay(china, "2027-10-01")).toEqual({ businessDay: true, covered: false });
    expect(isBusinessDay(china, "2027-10-02")).toEqual({ businessDay: false, covered: false });
    expect(coveredThrough(china)).toBe("2026-12-31");
  });

  it.each([
    ["2026-03-06", "2026-03-09", "Friday to Monday"],
    ["2025-09-30", "2025-10-09", "over the National Day holidays"],
    ["2025-10-10", "2025-10-11", "onto a make-up Saturday"],
    ["2026-02-13", "2026-02-14", "onto the make-up Saturday before Spring Festival"],
    ["2026-02-14", "2026-02-24", "over the Spring Festival holidays"],
  ])("SOP-3.5 the next business day after %s is %s (%s)", (date, next) => {
    expect(nextBusinessDay(china, date)).toBe(next);
  });
});

describe("SOP-3.5 within N business days", () => {
  it("SOP-3.5 captured Friday 2026-03-06 10:00, 3 business days end Wednesday 2026-03-11 23:59:59.999", () => {
    const { at, calendarCovered } = endOfNthBusinessDayAfter(china, shanghai("2026-03-06T10:00"), 3);
    expect(inShanghai(at)).toBe("2026-03-11T23:59:59.999+08:00");
    expect(calendarCovered).toBe(true);
  });

  it.each([
    ["the capture day never counts, even at one minute past midnight", "2026-03-09T00:01", 1, "2026-03-10"],
    ["a capture at 23:59 counts from the next day too", "2026-03-09T23:59", 1, "2026-03-10"],
    ["a capture on a Sunday counts from Monday", "2026-03-08T12:00", 1, "2026-03-09"],
    ["the National Day holidays are skipped", "2025-09-30T09:00", 1, "2025-10-09"],
    ["a make-up Saturday is counted", "2025-10-09T09:00", 2, "2025-10-11"],
    ["Spring Festival 2026 is skipped and its make-up days counted", "2026-02-13T09:00", 3, "2026-02-25"],
  ])("SOP-3.5 %s", (_name, captured, n, lastDay) => {
    const { at } = endOfNthBusinessDayAfter(china, shanghai(captured), n);
    expect(inShanghai(at)).toBe(`${lastDay}T23:59:59.999+08:00`);
  });

  it("SOP-3.5 the local day decides, not the UTC day", () => {
    // 2026-03-06T17:00Z is Saturday 01:00 in Shanghai: the first business day after it is Monday.
    const { at } = endOfNthBusinessDayAfter(china, new Date("2026-03-06T17:00:00Z"), 1);
    expect(inShanghai(at)).toBe("2026-03-09T23:59:59.999+08:00");
  });

  it("SOP-3.5 a walk into 2027 is reported as not covered", () => {
    const { at, calendarCovered } = endOfNthBusinessDayAfter(china, shanghai("2026-12-30T10:00"), 3);
    expect(inShanghai(at)).toBe("2027-01-04T23:59:59.999+08:00");
    expect(calendarCovered).toBe(false);
  });

  it("SOP-3.5 a walk that ends on the last covered day is covered", () => {
    expect(endOfNthBusinessDayAfter(china, shanghai("2026-12-30T10:00"), 1).calendarCovered).toBe(true);
  });
});

describe("SOP-3.5 other teams' calendars", () => {
  const dubai = createBusinessCalendar({
    timeZone: "Asia/Dubai",
    weekendDays: [6, 7],
    holidays: [{ date: "2026-12-02", name: "National Day" }],
    makeUpWorkdays: [],
    coverage: { from: "2026-01-01", through: "2026-12-31" },
  });
  const friSatWeekend = createBusinessCalendar({
    timeZone: "Asia/Riyadh",
    weekendDays: [5, 6],
    holidays: [],
    makeUpWorkdays: [{ date: "2026-03-13" }],
    coverage: { from: "2026-01-01", through: "2026-12-31" },
  });

  it("SOP-3.5 deadlines end at local midnight in the team's own zone", () => {
    const { at } = endOfNthBusinessDayAfter(dubai, new Date("2026-12-01T06:00:00Z"), 1);
    expect(at.toISOString()).toBe("2026-12-03T19:59:59.999Z"); // skips the holiday; UTC+4
  });

  it("SOP-3.5 a team may have a Friday-Saturday weekend, with make-up Fridays", () => {
    expect(isBusinessDay(friSatWeekend, "2026-03-08").businessDay).toBe(true); // Sunday
    expect(isBusinessDay(friSatWeekend, "2026-03-06").businessDay).toBe(false); // Friday
    expect(isBusinessDay(friSatWeekend, "2026-03-13").businessDay).toBe(true); // make-up Friday
  });
});
