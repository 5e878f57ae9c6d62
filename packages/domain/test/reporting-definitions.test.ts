import { describe, expect, it } from "vitest";
import {
  CHINA_MAINLAND_CALENDAR_SPEC,
  classifyStageMove,
  createBusinessCalendar,
  furthestStageAfter,
  monthStart,
  ratio,
  salesVelocity,
  stageRank,
  stagesFrom,
  startOfLocalDay,
  validateReportPeriod,
  type PipelineStage,
  type ReachableStage,
} from "../src/index.ts";

describe("pipeline order for the reports (issue 9)", () => {
  it.each([
    [null, "OPPORTUNITY", "CREATED"],
    ["OPPORTUNITY", "PROPOSAL", "MOVED_FORWARD"],
    ["IN_REVIEW", "NEGOTIATION", "MOVED_FORWARD"],
    ["IN_REVIEW", "PROPOSAL", "MOVED_BACKWARD"], // returned for revision (SOP-5.4)
    ["IN_REVIEW", "OPPORTUNITY", "MOVED_BACKWARD"], // rejected
    ["NEGOTIATION", "WON", "WON"],
    ["PROPOSAL", "LOST", "LOST"],
    ["LOST", "IN_REVIEW", "REOPENED"],
  ] as [PipelineStage | null, PipelineStage, string][])("a move from %s to %s is %s", (from, to, kind) => {
    expect(classifyStageMove(from, to)).toBe(kind);
  });

  it("ranks the open stages and WON in pipeline order, and LOST not at all", () => {
    expect(["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON", "LOST"].map((stage) => stageRank(stage as PipelineStage))).toEqual([1, 2, 3, 4, 5, null]);
    expect(stagesFrom("IN_REVIEW")).toEqual(["IN_REVIEW", "NEGOTIATION", "WON"]);
  });

  it.each([
    ["OPPORTUNITY", "PROPOSAL", "PROPOSAL"],
    ["IN_REVIEW", "PROPOSAL", "IN_REVIEW"], // returned for revision (SOP-5.4): it did reach review
    ["IN_REVIEW", "OPPORTUNITY", "IN_REVIEW"], // rejected
    ["NEGOTIATION", "LOST", "NEGOTIATION"], // lost: an exit, not a stage reached
    ["NEGOTIATION", "WON", "WON"],
    ["PROPOSAL", "PROPOSAL", "PROPOSAL"], // reopened where it was lost from
  ] as [ReachableStage, PipelineStage, ReachableStage][])("an opportunity that reached %s and enters %s has reached %s", (reached, entered, furthest) => {
    expect(furthestStageAfter(reached, entered)).toBe(furthest);
  });
});

describe("ratios and sales velocity", () => {
  it("keeps numerator and denominator, and has no value when nothing was counted", () => {
    expect(ratio(1, 4)).toEqual({ numerator: 1, denominator: 4, value: 0.25 });
    expect(ratio(0, 0)).toEqual({ numerator: 0, denominator: 0, value: null });
  });

  it.each([
    // 10 open × ¥100,000.00 average won × 25 % ÷ 50 days = ¥5,000.00 a day, in fen
    [{ openOpportunities: 10, averageWonValueMinor: 10_000_000, winRate: 0.25, averageCycleDays: 50 }, 500_000],
    // rounded half-up to a whole fen: 1 × 1 × 0.5 ÷ 1 = 0.5 → 1
    [{ openOpportunities: 1, averageWonValueMinor: 1, winRate: 0.5, averageCycleDays: 1 }, 1],
    [{ openOpportunities: 10, averageWonValueMinor: null, winRate: 0.25, averageCycleDays: 50 }, null],
    [{ openOpportunities: 10, averageWonValueMinor: 100, winRate: null, averageCycleDays: 50 }, null],
    [{ openOpportunities: 10, averageWonValueMinor: 100, winRate: 0.5, averageCycleDays: 0 }, null],
  ])("sales velocity of %o is %s minor units a day", (input, expected) => {
    expect(salesVelocity(input)).toBe(expected);
  });
});

describe("report periods", () => {
  it.each([
    ["2026-05-01", "2026-06-01", null],
    ["2026-06-01", "2026-06-01", "to"],
    ["2026-06-01", "2026-05-01", "to"],
    ["2026-02-30", "2026-06-01", "from"],
    ["2024-05-01", "2026-05-02", null], // 731 days, the longest period
    ["2024-05-01", "2026-05-03", "to"],
  ])("[%s, %s) is refused naming %s (null: accepted)", (from, to, field) => {
    const result = validateReportPeriod(from, to);
    if (field === null) expect(result.ok).toBe(true);
    else expect(!result.ok && result.error.map((error) => error.field)).toEqual([field]);
  });

  it("starts a day at local midnight in the team's zone", () => {
    const shanghai = createBusinessCalendar(CHINA_MAINLAND_CALENDAR_SPEC);
    expect(startOfLocalDay(shanghai, "2026-05-01").toISOString()).toBe("2026-04-30T16:00:00.000Z");
    const losAngeles = createBusinessCalendar({ ...CHINA_MAINLAND_CALENDAR_SPEC, timeZone: "America/Los_Angeles", holidays: [], makeUpWorkdays: [] });
    expect(startOfLocalDay(losAngeles, "2026-05-01").toISOString()).toBe("2026-05-01T07:00:00.000Z");
    expect(startOfLocalDay(losAngeles, "2026-01-01").toISOString()).toBe("2026-01-01T08:00:00.000Z");
  });

  it.each([
    ["2026-06-15", 0, "2026-06-01"],
    ["2026-06-15", 6, "2026-12-01"],
    ["2026-11-30", 2, "2027-01-01"],
    ["2026-01-31", -1, "2025-12-01"],
  ])("the month of %s plus %i starts on %s", (date, months, expected) => {
    expect(monthStart(date, months)).toBe(expected);
  });
});
