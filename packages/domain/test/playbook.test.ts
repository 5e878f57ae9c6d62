import { describe, expect, it } from "vitest";
import {
  DEFAULT_PLAYBOOK,
  OPEN_STAGES,
  validatePlaybook,
  withPlaybookDefaults,
  type FieldError,
  type Interval,
  type OpenStage,
  type StoredPlaybook,
  type Tier,
} from "../src/index.ts";

type Json = { [key: string]: unknown };

/** A deep copy of the defaults with the value at a dotted path replaced (or removed when `undefined`). */
function defaultsWith(...changes: [path: string, value: unknown][]): Json {
  const copy = structuredClone(DEFAULT_PLAYBOOK) as unknown as Json;
  for (const [path, value] of changes) {
    const keys = path.split(".");
    const last = keys.pop() as string;
    const parent = keys.reduce((node, key) => node[key] as Json, copy);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return copy;
}
const problems = (errors: FieldError[]) => errors.map((error) => `${error.field}:${error.code}`);

function rejectedWith(input: unknown): string[] {
  const result = validatePlaybook(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : problems(result.error);
}

describe("DEFAULT_PLAYBOOK holds the numbers of sop.md", () => {
  it.each<[string, Tier, Interval, string, Interval, string, string]>([
    ["SOP-3.1 tier A: phone within 24 hours, then every 2 business days", "A", { unit: "HOURS", amount: 24 }, "PHONE", { unit: "BUSINESS_DAYS", amount: 2 }, "PHONE", "CADENCE"],
    ["SOP-3.2 tier B: phone within 3 business days, then weekly email", "B", { unit: "BUSINESS_DAYS", amount: 3 }, "PHONE", { unit: "DAYS", amount: 7 }, "EMAIL", "CADENCE"],
    ["SOP-3.3 tier C: material within 5 business days, then monthly nurture", "C", { unit: "BUSINESS_DAYS", amount: 5 }, "EMAIL", { unit: "MONTHS", amount: 1 }, "EMAIL", "NURTURE"],
  ])("%s", (_name, tier, within, firstChannel, every, cadenceChannel, kind) => {
    expect(DEFAULT_PLAYBOOK.followUp[tier]).toEqual({
      firstContact: { within, channel: firstChannel },
      cadence: { every, channel: cadenceChannel, kind },
    });
  });

  it("SOP-2.3 UNKNOWN counts as MEDIUM", () => {
    expect(DEFAULT_PLAYBOOK.tiering.unknownCountsAs).toBe("MEDIUM");
  });

  it("an unanswered call is retried after 1 business day", () => {
    expect(DEFAULT_PLAYBOOK.noAnswerRetry).toEqual({ unit: "BUSINESS_DAYS", amount: 1 });
  });

  it("SOP-4.3 two distinct signals or a price/process question suggest an opportunity", () => {
    expect(DEFAULT_PLAYBOOK.opportunity).toEqual({ minDistinctSignals: 2, qualifyingSignals: ["PRICE_OR_PROCESS_QUESTION"] });
  });

  it("DEFAULT_PLAYBOOK validates", () => {
    expect(validatePlaybook(DEFAULT_PLAYBOOK)).toEqual({ ok: true, value: DEFAULT_PLAYBOOK });
  });

  it("DEFAULT_PLAYBOOK is frozen, so no caller can change every team's rules", () => {
    expect(Object.isFrozen(DEFAULT_PLAYBOOK.followUp.A.firstContact.within)).toBe(true);
  });
});

describe("validatePlaybook", () => {
  it("a negative interval is rejected naming its path", () => {
    const result = validatePlaybook(defaultsWith(["followUp.B.firstContact.within.amount", -3]));
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toEqual([
        {
          field: "followUp.B.firstContact.within.amount",
          code: "NOT_POSITIVE_INTEGER",
          message: "followUp.B.firstContact.within.amount must be a whole number of at least 1, got -3",
        },
      ]);
    }
  });

  it.each<[string, string, unknown, string[]]>([
    ["a zero interval", "followUp.A.cadence.every.amount", 0, ["followUp.A.cadence.every.amount:NOT_POSITIVE_INTEGER"]],
    ["a fractional interval", "noAnswerRetry.amount", 1.5, ["noAnswerRetry.amount:NOT_POSITIVE_INTEGER"]],
    ["an interval given as text", "noAnswerRetry.amount", "1", ["noAnswerRetry.amount:NOT_POSITIVE_INTEGER"]],
    ["an interval over a year", "followUp.C.cadence.every.amount", 13, ["followUp.C.cadence.every.amount:OUT_OF_RANGE"]],
    ["an unknown unit", "followUp.C.cadence.every.unit", "WEEKS", ["followUp.C.cadence.every.unit:UNKNOWN_VALUE"]],
    ["an unknown channel", "followUp.A.firstContact.channel", "FAX", ["followUp.A.firstContact.channel:UNKNOWN_VALUE"]],
    ["a one-off kind as cadence", "followUp.B.cadence.kind", "MEETING", ["followUp.B.cadence.kind:UNKNOWN_VALUE"]],
    ["a missing tier", "followUp.C", undefined, ["followUp.C:REQUIRED"]],
    ["an unknown tier", "followUp.D", DEFAULT_PLAYBOOK.followUp.C, ["followUp.D:UNKNOWN_VALUE"]],
    ["a missing cadence", "followUp.A.cadence", undefined, ["followUp.A.cadence:REQUIRED"]],
    ["an UNKNOWN stand-in for UNKNOWN", "tiering.unknownCountsAs", "UNKNOWN", ["tiering.unknownCountsAs:UNKNOWN_VALUE"]],
    ["a missing retry", "noAnswerRetry", undefined, ["noAnswerRetry:REQUIRED"]],
    ["zero distinct signals", "opportunity.minDistinctSignals", 0, ["opportunity.minDistinctSignals:OUT_OF_RANGE"]],
    ["more distinct signals than exist", "opportunity.minDistinctSignals", 9, ["opportunity.minDistinctSignals:OUT_OF_RANGE"]],
    ["an unknown signal", "opportunity.qualifyingSignals", ["PRICE_OR_PROCESS_QUESTION", "GUT_FEELING"], ["opportunity.qualifyingSignals[1]:UNKNOWN_VALUE"]],
    ["a repeated signal", "opportunity.qualifyingSignals", ["SPECIFIC_NEED", "SPECIFIC_NEED"], ["opportunity.qualifyingSignals[1]:DUPLICATE"]],
  ])("%s is rejected naming the field", (_name, path, value, expected) => {
    expect(rejectedWith(defaultsWith([path, value]))).toEqual(expected);
  });

  it("collects every problem instead of stopping at the first", () => {
    const input = defaultsWith(
      ["followUp.A.firstContact.within.amount", 0],
      ["followUp.B.cadence.channel", "PIGEON"],
      ["followUp.C", undefined],
      ["tiering.unknownCountsAs", "SOMETIMES"],
    );
    expect(rejectedWith(input)).toEqual([
      "tiering.unknownCountsAs:UNKNOWN_VALUE",
      "followUp.A.firstContact.within.amount:NOT_POSITIVE_INTEGER",
      "followUp.B.cadence.channel:UNKNOWN_VALUE",
      "followUp.C:REQUIRED",
    ]);
  });

  it.each([null, 42, "playbook", []])("rejects %j as a whole", (input) => {
    expect(rejectedWith(input)).toEqual([":INVALID_TYPE"]);
  });

  it("accepts a team's own cadence and drops keys it does not know", () => {
    const input = defaultsWith(["followUp.B.cadence.every", { unit: "BUSINESS_DAYS", amount: 4 }], ["comment", "ours"]);
    const result = validatePlaybook(input);
    expect(result.ok && result.value.followUp.B.cadence.every).toEqual({ unit: "BUSINESS_DAYS", amount: 4 });
    expect(result.ok && "comment" in result.value).toBe(false);
  });
});

describe("the pipeline section (issue 9, every number a [playbook default])", () => {
  it.each<[OpenStage, number, number]>([
    ["OPPORTUNITY", 10, 14],
    ["PROPOSAL", 25, 10],
    ["IN_REVIEW", 40, 5],
    ["NEGOTIATION", 70, 21],
  ])("a deal in %s is won %i%% of the time and stalls after %i days", (stage, percent, days) => {
    expect(DEFAULT_PLAYBOOK.pipeline.winProbabilityPercent[stage]).toBe(percent);
    expect(DEFAULT_PLAYBOOK.pipeline.stalledAfterDays[stage]).toBe(days);
  });

  it("covers exactly the open stages", () => {
    expect(Object.keys(DEFAULT_PLAYBOOK.pipeline.winProbabilityPercent)).toEqual([...OPEN_STAGES]);
    expect(Object.keys(DEFAULT_PLAYBOOK.pipeline.stalledAfterDays)).toEqual([...OPEN_STAGES]);
  });

  it("SOP-5.3 a review waits 3 days and a decision 2 days before it is at risk", () => {
    expect(DEFAULT_PLAYBOOK.pipeline).toMatchObject({ reviewWaitDays: 3, decisionWaitDays: 2 });
  });

  it("is frozen with the rest of the defaults", () => {
    expect(Object.isFrozen(DEFAULT_PLAYBOOK.pipeline.winProbabilityPercent)).toBe(true);
  });

  it.each<[string, unknown]>([
    ["no pipeline key", undefined],
    ["a null pipeline", null],
  ])("a playbook with %s (stored or sent before issue 9) validates and gets the defaults", (_name, pipeline) => {
    const result = validatePlaybook(defaultsWith(["pipeline", pipeline]));
    expect(result).toEqual({ ok: true, value: DEFAULT_PLAYBOOK });
  });

  it("accepts a team's own numbers, the bounds included, and drops keys it does not know", () => {
    const own = {
      winProbabilityPercent: { OPPORTUNITY: 0, PROPOSAL: 20, IN_REVIEW: 50, NEGOTIATION: 100 },
      stalledAfterDays: { OPPORTUNITY: 365, PROPOSAL: 1, IN_REVIEW: 7, NEGOTIATION: 30 },
      reviewWaitDays: 1,
      decisionWaitDays: 365,
    };
    const result = validatePlaybook(defaultsWith(["pipeline", { ...own, comment: "ours" }]));
    expect(result.ok && result.value.pipeline).toEqual(own);
  });

  it.each<[string, string, unknown, string[]]>([
    ["a probability over 100", "pipeline.winProbabilityPercent.NEGOTIATION", 120, ["pipeline.winProbabilityPercent.NEGOTIATION:OUT_OF_RANGE"]],
    ["a fractional probability", "pipeline.winProbabilityPercent.NEGOTIATION", 12.5, ["pipeline.winProbabilityPercent.NEGOTIATION:INVALID_TYPE"]],
    ["a negative probability", "pipeline.winProbabilityPercent.OPPORTUNITY", -1, ["pipeline.winProbabilityPercent.OPPORTUNITY:OUT_OF_RANGE"]],
    ["a probability given as text", "pipeline.winProbabilityPercent.PROPOSAL", "25", ["pipeline.winProbabilityPercent.PROPOSAL:INVALID_TYPE"]],
    ["a missing stage's probability", "pipeline.winProbabilityPercent.IN_REVIEW", undefined, ["pipeline.winProbabilityPercent.IN_REVIEW:REQUIRED"]],
    ["a probability for a closed stage", "pipeline.winProbabilityPercent.WON", 100, ["pipeline.winProbabilityPercent.WON:UNKNOWN_VALUE"]],
    ["a probability for an unknown stage", "pipeline.winProbabilityPercent.LEAD", 5, ["pipeline.winProbabilityPercent.LEAD:UNKNOWN_VALUE"]],
    ["probabilities as a list", "pipeline.winProbabilityPercent", [10, 25, 40, 70], ["pipeline.winProbabilityPercent:INVALID_TYPE"]],
    ["zero days to stall", "pipeline.stalledAfterDays.IN_REVIEW", 0, ["pipeline.stalledAfterDays.IN_REVIEW:OUT_OF_RANGE"]],
    ["over a year to stall", "pipeline.stalledAfterDays.NEGOTIATION", 366, ["pipeline.stalledAfterDays.NEGOTIATION:OUT_OF_RANGE"]],
    ["a fractional day to stall", "pipeline.stalledAfterDays.PROPOSAL", 1.5, ["pipeline.stalledAfterDays.PROPOSAL:INVALID_TYPE"]],
    ["a stall limit for a lost deal", "pipeline.stalledAfterDays.LOST", 30, ["pipeline.stalledAfterDays.LOST:UNKNOWN_VALUE"]],
    ["missing stall limits", "pipeline.stalledAfterDays", undefined, ["pipeline.stalledAfterDays:REQUIRED"]],
    ["a zero review wait", "pipeline.reviewWaitDays", 0, ["pipeline.reviewWaitDays:OUT_OF_RANGE"]],
    ["a review wait over a year", "pipeline.reviewWaitDays", 400, ["pipeline.reviewWaitDays:OUT_OF_RANGE"]],
    ["a missing decision wait", "pipeline.decisionWaitDays", undefined, ["pipeline.decisionWaitDays:REQUIRED"]],
    ["a decision wait given as text", "pipeline.decisionWaitDays", "2", ["pipeline.decisionWaitDays:INVALID_TYPE"]],
    ["a pipeline that is not an object", "pipeline", "default", ["pipeline:INVALID_TYPE"]],
  ])("%s is rejected naming the field", (_name, path, value, expected) => {
    expect(rejectedWith(defaultsWith([path, value]))).toEqual(expected);
  });

  it("names a bad probability in a message a person can act on", () => {
    const result = validatePlaybook(defaultsWith(["pipeline.winProbabilityPercent.NEGOTIATION", 120]));
    expect(!result.ok && result.error).toEqual([
      { field: "pipeline.winProbabilityPercent.NEGOTIATION", code: "OUT_OF_RANGE", message: "pipeline.winProbabilityPercent.NEGOTIATION must be from 0 to 100, got 120" },
    ]);
  });

  it("collects the pipeline's problems with the rest", () => {
    const input = defaultsWith(
      ["noAnswerRetry.amount", 0],
      ["pipeline.winProbabilityPercent.PROPOSAL", 101],
      ["pipeline.stalledAfterDays.WON", 3],
      ["pipeline.decisionWaitDays", 0],
    );
    expect(rejectedWith(input)).toEqual([
      "noAnswerRetry.amount:NOT_POSITIVE_INTEGER",
      "pipeline.winProbabilityPercent.PROPOSAL:OUT_OF_RANGE",
      "pipeline.stalledAfterDays.WON:UNKNOWN_VALUE",
      "pipeline.decisionWaitDays:OUT_OF_RANGE",
    ]);
  });
});

describe("withPlaybookDefaults", () => {
  const { pipeline: _pipeline, ...beforeIssue9 } = structuredClone(DEFAULT_PLAYBOOK);
  const storedBeforeIssue9: StoredPlaybook = { ...beforeIssue9, opportunity: { minDistinctSignals: 3, qualifyingSignals: [] } };

  it("a team that stored no playbook works by the default", () => {
    expect(withPlaybookDefaults(null)).toBe(DEFAULT_PLAYBOOK);
    expect(withPlaybookDefaults(undefined)).toBe(DEFAULT_PLAYBOOK);
  });

  it("a stored playbook that predates the pipeline section gets the default section and keeps its own settings", () => {
    const playbook = withPlaybookDefaults(storedBeforeIssue9);
    expect(playbook.pipeline).toEqual(DEFAULT_PLAYBOOK.pipeline);
    expect(playbook.opportunity).toEqual({ minDistinctSignals: 3, qualifyingSignals: [] });
    expect("pipeline" in storedBeforeIssue9).toBe(false);
  });

  it("a stored playbook with its own pipeline section is kept as it is", () => {
    const own: StoredPlaybook = { ...storedBeforeIssue9, pipeline: { ...DEFAULT_PLAYBOOK.pipeline, reviewWaitDays: 5 } };
    expect(withPlaybookDefaults(own)).toBe(own);
  });
});
