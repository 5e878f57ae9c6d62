import { describe, expect, it } from "vitest";
import { forecastMonthLabels, MAX_FORECAST_MONTHS, validateChangesSince, validateForecastMonths } from "../src/index.ts";

describe("issue 9 report 4 forecast months", () => {
  it("counts from the team's current month, every month once", () => {
    expect(forecastMonthLabels(["2026-11-27"], 3)).toEqual(["2026-11", "2026-12", "2027-01"]);
  });

  it("teams on either side of a month's turn give one label more between them, each once", () => {
    // Shanghai is already in December while Los Angeles is still on 30 November.
    expect(forecastMonthLabels(["2026-12-01", "2026-11-30", "2026-12-01"], 2)).toEqual(["2026-11", "2026-12", "2027-01"]);
  });

  it("no teams, no months", () => {
    expect(forecastMonthLabels([], 6)).toEqual([]);
  });

  it.each([0, -1, 25, 1.5, Number.NaN])("refuses %s months, naming months", (months) => {
    const checked = validateForecastMonths(months);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error[0]!.field).toBe("months");
  });

  it.each([1, 6, MAX_FORECAST_MONTHS])("takes %s months", (months) => {
    expect(validateForecastMonths(months)).toEqual({ ok: true, value: months });
  });
});

describe("issue 9 report 5 pipeline changes since", () => {
  const now = new Date("2026-11-27T02:00:00.000Z");

  it("takes now and any moment up to 731 days back", () => {
    expect(validateChangesSince(now, now).ok).toBe(true);
    expect(validateChangesSince(new Date("2024-11-26T02:00:00.000Z"), now).ok).toBe(true);
  });

  it.each([
    ["in the future", new Date("2026-11-27T02:00:00.001Z")],
    ["more than 731 days back", new Date("2024-11-26T01:59:59.999Z")],
    ["not a moment", new Date("nonsense")],
  ])("refuses a since %s, naming since", (_, since) => {
    const checked = validateChangesSince(since, now);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.error[0]!.field).toBe("since");
  });
});
