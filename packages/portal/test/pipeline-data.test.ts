import { describe, expect, it } from "vitest";
import {
  ariaSort,
  closeMonthRange,
  columnHeads,
  daysAndHours,
  daysInCurrentStage,
  formatDateIn,
  formatLocalDate,
  nextOrder,
  NO_FILTERS,
  OPEN_STAGES,
  opportunityFilter,
} from "../src/pipeline/pipeline-data.ts";

describe("the pipeline board's filters", () => {
  it("turns a close month into its first and last calendar day, leap years included", () => {
    expect(closeMonthRange("2027-02")).toEqual({ closeFrom: "2027-02-01", closeTo: "2027-02-28" });
    expect(closeMonthRange("2028-02")).toEqual({ closeFrom: "2028-02-01", closeTo: "2028-02-29" });
    expect(closeMonthRange("2026-12")).toEqual({ closeFrom: "2026-12-01", closeTo: "2026-12-31" });
    expect(closeMonthRange("")).toBeNull();
    expect(closeMonthRange("2026-13")).toBeNull();
  });

  it("asks the API for exactly the picked filters, as OpportunityFilterInput", () => {
    expect(opportunityFilter(NO_FILTERS, OPEN_STAGES)).toEqual({ stage: ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION"] });
    expect(opportunityFilter({ ownerId: "u1", teamId: "t1", tier: "A", closeMonth: "2027-04" }, ["PROPOSAL"])).toEqual({
      stage: ["PROPOSAL"],
      ownerId: ["u1"],
      teamId: ["t1"],
      tier: ["A"],
      closeFrom: "2027-04-01",
      closeTo: "2027-04-30",
    });
  });
});

describe("columnHeads", () => {
  it("takes each open stage's count and value per currency from the API's byStage as they are, past a double's 2^53", () => {
    const heads = columnHeads([
      { stage: "OPPORTUNITY", count: 1, value: [{ amount: "495000000", currency: "CNY" }] },
      {
        stage: "PROPOSAL",
        count: 3,
        value: [
          { amount: "9007199254740994", currency: "CNY" },
          { amount: "250", currency: "USD" },
        ],
      },
      { stage: "WON", count: 2, value: [{ amount: "100", currency: "CNY" }] },
    ]);
    expect(heads.PROPOSAL).toEqual({
      count: 3,
      value: [
        { currency: "CNY", amount: "9007199254740994" },
        { currency: "USD", amount: "250" },
      ],
    });
    expect(heads.OPPORTUNITY).toEqual({ count: 1, value: [{ currency: "CNY", amount: "495000000" }] });
    // byStage leaves out stages without a match: their columns count 0 with no value.
    expect(heads.IN_REVIEW).toEqual({ count: 0, value: [] });
    expect(heads.NEGOTIATION).toEqual({ count: 0, value: [] });
    // Only open stages have columns, in pipeline order.
    expect(Object.keys(heads)).toEqual([...OPEN_STAGES]);
  });

  it("gives every column 0 when the API matched nothing", () => {
    expect(Object.values(columnHeads([]))).toEqual(OPEN_STAGES.map(() => ({ count: 0, value: [] })));
  });
});

describe("time in stage", () => {
  it("reads the days in the current stage from the stage history's open entry (the API's duration)", () => {
    const history = [
      { leftAt: "2026-11-25T20:30:38.931Z", durationMs: 48569808 },
      { leftAt: null, durationMs: 242863435 },
    ];
    expect(daysInCurrentStage(history)).toBe(2);
    expect(daysInCurrentStage([{ leftAt: "2026-11-25T20:30:38.931Z", durationMs: 1 }])).toBeNull();
  });

  it("splits a duration into whole days and hours", () => {
    expect(daysAndHours(242863435)).toEqual({ days: 2, hours: 19 });
    expect(daysAndHours(59 * 60 * 1000)).toEqual({ days: 0, hours: 0 });
  });
});

describe("the list's sorting", () => {
  it("toggles a column ascending then descending, and says so to screen readers", () => {
    expect(nextOrder("CREATED_DESC", "VALUE")).toBe("VALUE_ASC");
    expect(nextOrder("VALUE_ASC", "VALUE")).toBe("VALUE_DESC");
    expect(nextOrder("VALUE_DESC", "VALUE")).toBe("VALUE_ASC");
    expect(ariaSort("CLOSE_DATE_DESC", "CLOSE_DATE")).toBe("descending");
    expect(ariaSort("CLOSE_DATE_DESC", "VALUE")).toBe("none");
  });
});

describe("dates", () => {
  it("shows a calendar date as it is, and an instant's date in the team's time zone", () => {
    expect(formatLocalDate("2027-02-19", "zh-CN")).toBe("2027年2月19日");
    expect(formatLocalDate("2027-02-19", "en")).toBe("Feb 19, 2027");
    expect(formatDateIn("2026-12-01T16:30:00.000Z", "zh-CN", "Asia/Shanghai")).toBe("2026年12月2日");
    expect(formatDateIn("2026-12-01T16:30:00.000Z", "en", "America/Los_Angeles")).toBe("Dec 1, 2026");
  });
});
