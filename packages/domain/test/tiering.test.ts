import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareTiers,
  computeTier,
  DEFAULT_PLAYBOOK,
  DIMENSIONS,
  RATING_ORDER,
  RATINGS,
  UNASSESSED,
  validateTierOverride,
  type Assessment,
  type KnownRating,
  type Playbook,
  type Rating,
  type Tier,
} from "../src/index.ts";

const assess = (needUrgency: Rating, budget: Rating, decisionAuthority: Rating): Assessment => ({
  needUrgency,
  budget,
  decisionAuthority,
});
const withUnknownAs = (unknownCountsAs: KnownRating): Playbook => ({ ...DEFAULT_PLAYBOOK, tiering: { unknownCountsAs } });

describe("SOP-2.2 to 2.4 tiers from the three dimensions", () => {
  it.each<[string, Assessment, Tier]>([
    ["SOP-2.2 all three HIGH is tier A", assess("HIGH", "HIGH", "HIGH"), "A"],
    ["SOP-2.3 a LOW need urgency is tier C", assess("LOW", "HIGH", "HIGH"), "C"],
    ["SOP-2.3 a LOW budget is tier C", assess("HIGH", "LOW", "HIGH"), "C"],
    ["SOP-2.3 a LOW decision authority is tier C", assess("HIGH", "HIGH", "LOW"), "C"],
    ["SOP-2.3 all LOW is tier C", assess("LOW", "LOW", "LOW"), "C"],
    ["SOP-2.3 a LOW beats a MEDIUM", assess("MEDIUM", "LOW", "MEDIUM"), "C"],
    ["SOP-2.3 a LOW beats an UNKNOWN", assess("UNKNOWN", "UNKNOWN", "LOW"), "C"],
    ["SOP-2.4 one MEDIUM among HIGHs is tier B", assess("HIGH", "MEDIUM", "HIGH"), "B"],
    ["SOP-2.4 all MEDIUM is tier B", assess("MEDIUM", "MEDIUM", "MEDIUM"), "B"],
    ["SOP-2.4 an UNKNOWN among HIGHs is tier B (counted as MEDIUM)", assess("HIGH", "HIGH", "UNKNOWN"), "B"],
  ])("%s", (_name, assessment, tier) => {
    expect(computeTier(assessment, DEFAULT_PLAYBOOK).tier).toBe(tier);
  });

  it("SOP-2.3 a lead with any LOW dimension is tier C, for every other rating", () => {
    for (const dimension of DIMENSIONS) {
      for (const a of RATINGS) {
        for (const b of RATINGS) {
          const [first, second] = DIMENSIONS.filter((other) => other !== dimension) as [keyof Assessment, keyof Assessment];
          const assessment = { [dimension]: "LOW", [first]: a, [second]: b } as unknown as Assessment;
          expect(computeTier(assessment, DEFAULT_PLAYBOOK).tier).toBe("C");
        }
      }
    }
  });
});

describe("SOP-2.3 UNKNOWN dimensions", () => {
  it("SOP-2.3 an UNKNOWN dimension counts as MEDIUM by default and flags the assessment incomplete", () => {
    const result = computeTier(assess("HIGH", "UNKNOWN", "HIGH"), DEFAULT_PLAYBOOK);
    expect(result).toEqual({
      tier: "B",
      incomplete: true,
      reasons: [{ dimension: "budget", rating: "UNKNOWN", text: "budget is UNKNOWN (counted as MEDIUM)" }],
    });
  });

  it.each<[KnownRating, Tier]>([
    ["LOW", "C"],
    ["MEDIUM", "B"],
    ["HIGH", "A"],
  ])("SOP-2.3 with unknownCountsAs %s an UNKNOWN among HIGHs gives tier %s", (standIn, tier) => {
    const result = computeTier(assess("UNKNOWN", "HIGH", "HIGH"), withUnknownAs(standIn));
    expect(result.tier).toBe(tier);
    expect(result.incomplete).toBe(true);
    expect(result.reasons).toContainEqual({
      dimension: "needUrgency",
      rating: "UNKNOWN",
      text: `need urgency is UNKNOWN (counted as ${standIn})`,
    });
  });

  it("SOP-2.3 an unassessed lead is tier B and incomplete", () => {
    const result = computeTier(UNASSESSED, DEFAULT_PLAYBOOK);
    expect(result.tier).toBe("B");
    expect(result.incomplete).toBe(true);
    expect(result.reasons.map((reason) => reason.text)).toEqual([
      "need urgency is UNKNOWN (counted as MEDIUM)",
      "budget is UNKNOWN (counted as MEDIUM)",
      "decision authority is UNKNOWN (counted as MEDIUM)",
    ]);
  });

  it("SOP-2.3 a fully known assessment is complete", () => {
    expect(computeTier(assess("HIGH", "MEDIUM", "LOW"), DEFAULT_PLAYBOOK).incomplete).toBe(false);
  });
});

describe("tier reasons", () => {
  it.each<[string, Assessment, string[]]>([
    ["SOP-2.2 tier A says all three are HIGH", assess("HIGH", "HIGH", "HIGH"), ["all three dimensions are HIGH"]],
    ["SOP-2.3 tier C names each LOW dimension", assess("LOW", "HIGH", "LOW"), ["need urgency is LOW", "decision authority is LOW"]],
    ["SOP-2.4 tier B names each MEDIUM dimension", assess("MEDIUM", "HIGH", "MEDIUM"), ["need urgency is MEDIUM", "decision authority is MEDIUM"]],
    [
      "SOP-2.3 tier C also notes what was assumed",
      assess("UNKNOWN", "LOW", "HIGH"),
      ["need urgency is UNKNOWN (counted as MEDIUM)", "budget is LOW"],
    ],
  ])("%s", (_name, assessment, texts) => {
    expect(computeTier(assessment, DEFAULT_PLAYBOOK).reasons.map((reason) => reason.text)).toEqual(texts);
  });

  it("SOP-2.2 the all-HIGH reason is about no single dimension", () => {
    expect(computeTier(assess("HIGH", "HIGH", "HIGH"), DEFAULT_PLAYBOOK).reasons).toEqual([
      { dimension: null, rating: null, text: "all three dimensions are HIGH" },
    ]);
  });
});

describe("SOP-2.1 rating order", () => {
  it("SOP-2.1 ratings rank LOW < MEDIUM < HIGH", () => {
    expect(RATING_ORDER).toEqual(["LOW", "MEDIUM", "HIGH"]);
  });

  it("tiers rank C < B < A", () => {
    expect(compareTiers("A", "B")).toBeGreaterThan(0);
    expect(compareTiers("B", "C")).toBeGreaterThan(0);
    expect(compareTiers("C", "C")).toBe(0);
  });

  it("SOP-2.2/2.3 raising any dimension (LOW < MEDIUM < HIGH) never lowers the tier", () => {
    const rating = fc.constantFrom(...RATINGS);
    fc.assert(
      fc.property(
        fc.record({ needUrgency: rating, budget: rating, decisionAuthority: rating }),
        fc.constantFrom(...DIMENSIONS),
        fc.constantFrom(...RATING_ORDER),
        fc.constantFrom(...RATING_ORDER),
        fc.constantFrom(...RATING_ORDER),
        (assessment, dimension, a, b, standIn) => {
          const [lower, higher] = RATING_ORDER.indexOf(a) <= RATING_ORDER.indexOf(b) ? [a, b] : [b, a];
          const playbook = withUnknownAs(standIn);
          const before = computeTier({ ...assessment, [dimension]: lower }, playbook).tier;
          const after = computeTier({ ...assessment, [dimension]: higher }, playbook).tier;
          expect(compareTiers(after, before)).toBeGreaterThanOrEqual(0);
        },
      ),
    );
  });
});

describe("SOP-2.6 tier override", () => {
  it("SOP-2.6 an override with a reason is accepted, the reason trimmed", () => {
    expect(validateTierOverride({ tier: "A", reason: "  CEO asked for a demo  " })).toEqual({
      ok: true,
      value: { tier: "A", reason: "CEO asked for a demo" },
    });
  });

  it.each<[string, { tier: unknown; reason: unknown }, string[]]>([
    ["a blank reason", { tier: "A", reason: "   " }, ["reason:REQUIRED"]],
    ["a missing reason", { tier: "B", reason: undefined }, ["reason:REQUIRED"]],
    ["an unknown tier", { tier: "D", reason: "why not" }, ["tier:UNKNOWN_VALUE"]],
    ["an overlong reason", { tier: "C", reason: "x".repeat(1001) }, ["reason:TOO_LONG"]],
  ])("SOP-2.6 an override with %s is rejected", (_name, input, expected) => {
    const result = validateTierOverride(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.map((error) => `${error.field}:${error.code}`)).toEqual(expected);
  });
});
