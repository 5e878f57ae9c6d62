import { describe, expect, it } from "vitest";
import { DEFAULT_PLAYBOOK, validatePlaybook, type FieldError, type Interval, type Tier } from "../src/index.ts";

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
