import { describe, expect, it } from "vitest";
import {
  checkTransition,
  isProposalEditable,
  MANAGER_DECISIONS,
  REVIEW_DEPARTMENTS,
  REVIEW_VERDICTS,
  checkDecision,
  stageAfterDecision,
  validateReview,
  type ManagerDecision,
  type PipelineStage,
} from "../src/index.ts";
import { problems } from "./support/inputs.ts";


describe("SOP-5.3 review", () => {
  it("SOP-5.3 the vocabularies", () => {
    expect(REVIEW_DEPARTMENTS).toEqual(["TECHNICAL", "FINANCE", "LEGAL", "DELIVERY"]);
    expect(REVIEW_VERDICTS).toEqual(["APPROVE", "REQUEST_CHANGES"]);
    expect(MANAGER_DECISIONS).toEqual(["APPROVE", "REJECT", "RETURN_FOR_REVISION"]);
  });

  it.each<[string, ManagerDecision, PipelineStage]>([
    ["SOP-5.3 an approved proposal stays IN_REVIEW until negotiation starts (SOP-6.2)", "APPROVE", "IN_REVIEW"],
    ["SOP-5.3 a rejected proposal sends the opportunity back to OPPORTUNITY", "REJECT", "OPPORTUNITY"],
    ["SOP-5.4 a proposal returned for revision goes back to PROPOSAL", "RETURN_FOR_REVISION", "PROPOSAL"],
  ])("%s", (_name, decision, stage) => {
    expect(stageAfterDecision(decision)).toBe(stage);
  });

  it("SOP-5.3 every decision that moves the opportunity is a move the pipeline allows", () => {
    for (const decision of MANAGER_DECISIONS) {
      const to = stageAfterDecision(decision);
      if (to !== "IN_REVIEW") expect(checkTransition({ from: "IN_REVIEW", to }).ok).toBe(true);
    }
  });

  it.each<[string, { verdict: unknown; comments: unknown }, string[]]>([
    ["SOP-5.3 an approval needs no comment", { verdict: "APPROVE", comments: [] }, []],
    ["SOP-5.3 an approval may comment", { verdict: "APPROVE", comments: [{ part: "RISKS", text: "add currency risk next time" }] }, []],
    ["SOP-5.3 requesting changes with a comment tied to a part", { verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "discount too deep" }] }, []],
    ["SOP-5.3 requesting changes without saying which is refused", { verdict: "REQUEST_CHANGES", comments: [] }, ["comments:REQUIRED"]],
    ["SOP-5.3 a comment tied to no known part is refused", { verdict: "REQUEST_CHANGES", comments: [{ part: "APPENDIX", text: "x" }] }, ["comments[0].part:UNKNOWN_VALUE"]],
    ["SOP-5.3 an empty comment is refused", { verdict: "APPROVE", comments: [{ part: "SOLUTION", text: "  " }] }, ["comments[0].text:REQUIRED"]],
    ["SOP-5.3 an unknown verdict is refused", { verdict: "MAYBE", comments: [] }, ["verdict:UNKNOWN_VALUE"]],
  ])("%s", (_name, input, expected) => {
    const result = validateReview(input);
    expect(result.ok ? [] : problems(result.error)).toEqual(expected);
  });
});

describe("isProposalEditable", () => {
  it.each([
    [null, true],
    ["SUBMITTED", false],
    ["IN_REVIEW", false],
    ["APPROVED", false],
    ["RETURNED", true],
    ["REJECTED", true],
  ] as const)("SOP-5.4 a proposal whose latest version is %s is editable: %s", (status, editable) => {
    expect(isProposalEditable(status)).toBe(editable);
  });
});

describe("checkDecision: the departments review, then the manager decides (SOP-5.3)", () => {
  const finance = (verdict: "APPROVE" | "REQUEST_CHANGES" | null) => ({ department: "FINANCE" as const, verdict });

  it.each<[string, ManagerDecision, Parameters<typeof checkDecision>[1]]>([
    ["approves once every department has answered, a request for changes included", "APPROVE", [finance("REQUEST_CHANGES"), { department: "LEGAL", verdict: "APPROVE" }]],
    ["returns a proposal no department has reviewed", "RETURN_FOR_REVISION", []],
    ["rejects a proposal no department has reviewed", "REJECT", []],
  ])("SOP-5.3 %s", (_name, decision, reviews) => {
    expect(checkDecision(decision, reviews)).toEqual({ ok: true, value: decision });
  });

  it.each<[string, ManagerDecision, Parameters<typeof checkDecision>[1], string]>([
    ["cannot approve without any department's review", "APPROVE", [], "An approval needs at least one department's review first (SOP-5.3): start a review"],
    ["cannot decide while a review is out, naming the departments", "REJECT", [finance("APPROVE"), { department: "LEGAL", verdict: null }, { department: "DELIVERY", verdict: null }], "Still waiting for the review of LEGAL, DELIVERY"],
  ])("SOP-5.3 %s", (_name, decision, reviews, message) => {
    expect(checkDecision(decision, reviews)).toEqual({ ok: false, error: message });
  });
});
