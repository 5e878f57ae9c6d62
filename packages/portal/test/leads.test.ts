import { describe, expect, it } from "vitest";
import { EMPTY_FILTER_FORM, HISTORY_MAX, isKnownAction, KNOWN_ACTIONS, leadFilterFrom, nextHistoryLast, searchProblem } from "../src/leads/leads-data.ts";
import { en } from "../src/i18n/messages.en.ts";
import { zhCN } from "../src/i18n/messages.zh-cn.ts";

describe("the leads screen's filter", () => {
  it("sends nothing when no condition is given", () => {
    expect(leadFilterFrom(EMPTY_FILTER_FORM)).toBeNull();
    expect(leadFilterFrom({ ...EMPTY_FILTER_FORM, search: "   ", province: " " })).toBeNull();
  });

  it("sends each given condition as the API's list of one value, the search and province trimmed", () => {
    expect(leadFilterFrom({ search: " 华为 ", status: "WORKING", tier: "A", channel: "TRADE_SHOW", ownerId: "u1", province: " 广东 " })).toEqual({
      search: "华为",
      status: ["WORKING"],
      tier: ["A"],
      channel: ["TRADE_SHOW"],
      ownerId: ["u1"],
      province: ["广东"],
    });
  });

  it("counts a search in characters (2 to 100, as the API), so two Chinese characters are enough and one is not", () => {
    expect(searchProblem("华为")).toBeNull();
    expect(searchProblem("华")).toBe("tooShort");
    expect(searchProblem("𠮷")).toBe("tooShort");
    expect(searchProblem("a".repeat(101))).toBe("tooLong");
    expect(searchProblem("")).toBeNull();
    // A search the API would refuse is left out of the filter; the form says why.
    expect(leadFilterFrom({ ...EMPTY_FILTER_FORM, search: "华", tier: "B" })).toEqual({ tier: ["B"] });
  });
});

describe("a lead's history, shown in steps up to the API's bound", () => {
  it("asks for 10 more each time, never past the count or 200", () => {
    expect(nextHistoryLast(10, 100)).toBe(20);
    expect(nextHistoryLast(20, 25)).toBe(25);
    expect(nextHistoryLast(25, 25)).toBeNull();
    expect(nextHistoryLast(190, 500)).toBe(HISTORY_MAX);
    expect(nextHistoryLast(200, 500)).toBeNull();
    expect(nextHistoryLast(3, 3)).toBeNull();
  });

  it("has words in both languages for every action it names, and shows any other as the API's code", () => {
    for (const action of KNOWN_ACTIONS) {
      expect(zhCN[`leads.action.${action}`]).toBeTruthy();
      expect(en[`leads.action.${action}`]).toBeTruthy();
    }
    expect(isKnownAction("LEAD_CAPTURED")).toBe(true);
    expect(isKnownAction("SOMETHING_NEW")).toBe(false);
  });
});
