import { describe, expect, it } from "vitest";
import {
  checklistGaps,
  contractNeedsApproval,
  floorChangeNeedsApproval,
  LOSS_REASONS,
  validateLoss,
  validateNegotiationPrep,
  withMoneyAsJson,
  type NegotiationPrep,
} from "../src/index.ts";
import { cny, problems } from "./support/inputs.ts";


function completePrep(): NegotiationPrep {
  return {
    goals: ["sign before the end of June"],
    priceFloor: cny(1_900_000_00n),
    repConcessions: ["free operator training"],
    managerConcessions: ["an extra year of warranty"],
    decisionMakers: [{ name: "Zhang Min", title: "COO", role: "signs" }],
  };
}

describe("SOP-6.2 preparation checklist", () => {
  it("SOP-6.2 a complete checklist has no gaps", () => {
    expect(checklistGaps(completePrep())).toEqual([]);
  });

  it("SOP-6.2 no checklist lacks everything", () => {
    expect(checklistGaps(null)).toEqual(["no goals", "no price floor", "no concessions planned (neither the rep's own nor the manager's)", "no decision makers"]);
  });

  it.each<[string, Partial<NegotiationPrep>, string[]]>([
    ["SOP-6.2 negotiation needs goals", { goals: [] }, ["no goals"]],
    ["SOP-6.2 blank goals are no goals", { goals: ["  "] }, ["no goals"]],
    ["SOP-6.2 negotiation needs the lowest acceptable price", { priceFloor: null }, ["no price floor"]],
    ["SOP-6.2 negotiation needs the customer's decision makers", { decisionMakers: [] }, ["no decision makers"]],
    ["SOP-6.2 a decision maker has a name", { decisionMakers: [{ name: "", title: "CFO", role: "budget" }] }, ["decision maker 1 has no name"]],
    ["SOP-6.2 concessions are planned on one side or the other", { repConcessions: [], managerConcessions: [] }, ["no concessions planned (neither the rep's own nor the manager's)"]],
    ["SOP-6.2 concessions only the manager may make are enough", { repConcessions: [] }, []],
  ])("%s", (_name, change, gaps) => {
    expect(checklistGaps({ ...completePrep(), ...change })).toEqual(gaps);
  });
});

describe("validateNegotiationPrep", () => {
  it("reads back what it stored", () => {
    const prep = completePrep();
    expect(validateNegotiationPrep(JSON.parse(JSON.stringify(withMoneyAsJson(prep))), { currency: "CNY" })).toEqual({ ok: true, value: prep });
  });

  it("a checklist in progress may be empty", () => {
    expect(validateNegotiationPrep({})).toEqual({
      ok: true,
      value: { goals: [], priceFloor: null, repConcessions: [], managerConcessions: [], decisionMakers: [] },
    });
  });

  it.each<[string, unknown, string[]]>([
    ["a floor in another currency than the opportunity's", { priceFloor: { amount: "100", currency: "USD" } }, ["priceFloor.currency:CURRENCY_MISMATCH"]],
    ["a negative floor", { priceFloor: { amount: "-100", currency: "CNY" } }, ["priceFloor.amount:OUT_OF_RANGE"]],
    ["a floor as a number", { priceFloor: 100 }, ["priceFloor:INVALID_TYPE"]],
    ["goals that are not a list", { goals: "win" }, ["goals:INVALID_TYPE"]],
    ["a decision maker that is not an object", { decisionMakers: ["Zhang Min"] }, ["decisionMakers[0]:INVALID_TYPE"]],
  ])("refuses %s", (_name, input, expected) => {
    const result = validateNegotiationPrep(input, { currency: "CNY" });
    expect(result.ok ? [] : problems(result.error)).toEqual(expected);
  });
});

describe("SOP-6.3 outcome", () => {
  it.each<[string, bigint, boolean]>([
    ["SOP-6.3 a contract one fen below the floor needs the manager", 99_999n, true],
    ["SOP-6.3 a contract at the floor does not", 100_000n, false],
    ["SOP-6.3 a contract above the floor does not", 100_001n, false],
  ])("%s", (_name, amount, needed) => {
    expect(contractNeedsApproval({ amount: cny(amount), floor: cny(100_000n) })).toBe(needed);
  });

  it("SOP-6.3 a contract in another currency than the floor is a bug the API prevents: it throws", () => {
    expect(() => contractNeedsApproval({ amount: { amountMinor: 1n, currency: "USD" }, floor: cny(1n) })).toThrow();
  });

  it.each<[string, bigint | null, bigint, boolean]>([
    ["SOP-6.3 lowering the frozen floor needs the manager", 100_000n, 99_999n, true],
    ["SOP-6.3 keeping it does not", 100_000n, 100_000n, false],
    ["SOP-6.3 raising it does not", 100_000n, 120_000n, false],
    ["SOP-6.3 setting a first floor does not", null, 1n, false],
  ])("%s", (_name, oldFloor, newFloor, needed) => {
    expect(floorChangeNeedsApproval(oldFloor === null ? null : cny(oldFloor), cny(newFloor))).toBe(needed);
  });

  it("SOP-6.3 the loss reasons", () => {
    expect(LOSS_REASONS).toEqual(["PRICE", "COMPETITOR", "NO_BUDGET", "NO_DECISION", "TIMING", "REQUIREMENTS_CHANGED", "OTHER"]);
  });

  it.each<[string, { reason: unknown; note: unknown }, string[]]>([
    ["SOP-6.3 a loss on price needs no note", { reason: "PRICE", note: undefined }, []],
    ["SOP-6.3 a loss for another reason says what it was", { reason: "OTHER", note: " " }, ["note:REQUIRED"]],
    ["SOP-6.3 a reason off the list is refused", { reason: "BAD_LUCK", note: "" }, ["reason:UNKNOWN_VALUE"]],
    ["SOP-6.3 a loss names its reason", { reason: undefined, note: "lost" }, ["reason:REQUIRED"]],
    ["SOP-6.3 a note of 2,001 characters is too long", { reason: "TIMING", note: "x".repeat(2001) }, ["note:TOO_LONG"]],
  ])("%s", (_name, input, expected) => {
    const result = validateLoss(input);
    expect(result.ok ? [] : problems(result.error)).toEqual(expected);
  });

  it("SOP-6.3 a valid loss keeps the trimmed note", () => {
    expect(validateLoss({ reason: "OTHER", note: " merger froze purchasing " })).toEqual({ ok: true, value: { reason: "OTHER", note: "merger froze purchasing" } });
  });
});
