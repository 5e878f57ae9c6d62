import { describe, expect, it } from "vitest";
import { DEFAULT_PLAYBOOK, signalSource, suggestOpportunity, type BuyingSignal } from "../src/index.ts";

describe("SOP-4.3 opportunity suggestion", () => {
  it.each<[string, BuyingSignal[], boolean]>([
    ["SOP-4.3 no signals suggest nothing", [], false],
    ["SOP-4.3 one signal is not enough", ["STRONG_INTEREST"], false],
    ["SOP-4.3 the same signal twice is still one", ["FEATURE_ATTENTION", "FEATURE_ATTENTION"], false],
    ["SOP-4.3 two distinct signals suggest an opportunity", ["SPECIFIC_NEED", "COMPETITION_PRESSURE"], true],
    ["SOP-4.3 a price or purchase-process question alone suggests an opportunity", ["PRICE_OR_PROCESS_QUESTION"], true],
  ])("%s", (_name, signals, suggested) => {
    expect(suggestOpportunity(signals, DEFAULT_PLAYBOOK).suggested).toBe(suggested);
  });

  it("SOP-4.3 says why", () => {
    expect(suggestOpportunity(["STRONG_INTEREST", "PRICE_OR_PROCESS_QUESTION"], DEFAULT_PLAYBOOK)).toEqual({
      suggested: true,
      distinctSignals: ["STRONG_INTEREST", "PRICE_OR_PROCESS_QUESTION"],
      reason: "PRICE_OR_PROCESS_QUESTION alone suggests an opportunity",
    });
    expect(suggestOpportunity(["SPECIFIC_NEED", "BUSINESS_CHANGE", "SPECIFIC_NEED"], DEFAULT_PLAYBOOK).reason).toBe(
      "2 distinct signals (at least 2 suggest an opportunity)",
    );
  });

  it("SOP-4.3 follows the team's playbook", () => {
    const strict = { ...DEFAULT_PLAYBOOK, opportunity: { minDistinctSignals: 3, qualifyingSignals: [] } };
    expect(suggestOpportunity(["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"], strict).suggested).toBe(false);
  });

  it.each<[BuyingSignal, "CUSTOMER" | "MARKET"]>([
    ["SPECIFIC_NEED", "CUSTOMER"],
    ["STRONG_INTEREST", "CUSTOMER"],
    ["PRICE_OR_PROCESS_QUESTION", "CUSTOMER"],
    ["PROBLEM_FIT_QUESTION", "CUSTOMER"],
    ["FEATURE_ATTENTION", "CUSTOMER"],
    ["INDUSTRY_POLICY_CHANGE", "MARKET"],
    ["COMPETITION_PRESSURE", "MARKET"],
    ["BUSINESS_CHANGE", "MARKET"],
  ])("SOP-4.1/4.2 %s is a %s signal", (signal, source) => {
    expect(signalSource(signal)).toBe(source);
  });
});
