import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  diffProposalVersions,
  EMPTY_PROPOSAL_CONTENT,
  missingParts,
  MAX_MONEY_MINOR,
  priceProposalContent,
  pricedProposalContentToJson,
  PROPOSAL_PART_KEYS,
  PROPOSAL_PART_LABELS,
  PROPOSAL_PARTS,
  proposalContentToJson,
  validateProposalDraft,
  type ProposalContent,
  type ProposalPart,
} from "../src/index.ts";
import { problems, withChanges, type Json } from "./support/inputs.ts";
import { proposalContentArbitrary } from "./support/proposal-arbitraries.ts";

/** A complete proposal as a client sends it (money as strings). */
function completeInput(): Json {
  return {
    needsAnalysis: {
      summary: "Output of line 3 must rise 20 % by Q3",
      painPoints: [{ pain: "Low production efficiency", cause: "Ageing equipment on line 3" }],
    },
    solution: { summary: "Replace the line 3 pumps and retune the process", configuration: "2 × P-400 pumps, controller C-2, on-site commissioning" },
    productIntroduction: {
      summary: "P-400: 30 % less energy, 5-year warranty",
      strengths: ["energy use", "after-sales service within 24 h"],
      caseStudies: ["Jiangsu Chemicals, 2024"],
    },
    implementationPlan: {
      milestones: [
        { name: "Contract signing", date: "2026-04-01", deliverable: "signed contract", owner: "Li Wei" },
        { name: "Delivery", date: "2026-05-15", deliverable: "pumps on site", owner: "Logistics" },
        { name: "Commissioning", date: "2026-05-20", deliverable: "acceptance report", owner: "Engineering" },
        { name: "Training", date: "2026-05-20", deliverable: "operators trained", owner: "Engineering" },
      ],
    },
    pricing: {
      currency: "CNY",
      lines: [{ product: "P-400", quantity: 2, unitPrice: { amount: "1130000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: true }],
      paymentOptions: [
        {
          name: "One-off",
          description: "",
          pros: ["2 % less"],
          cons: ["all cash up front"],
          instalments: [{ trigger: "ON_SIGNING", percentBasisPoints: 10_000 }],
        },
      ],
    },
    risks: {
      risks: [{ risk: "Supplier delay", likelihood: "MEDIUM", impact: "HIGH", countermeasure: "Second supplier on standby" }],
    },
  };
}

/** The complete input with the value at `path` replaced (removed when `undefined`). */
function inputWith(...changes: [path: string, value: unknown][]): Json {
  return withChanges(completeInput(), ...changes);
}

function read(input: unknown): ProposalContent {
  const result = validateProposalDraft(input);
  if (!result.ok) throw new Error(`expected a valid draft: ${JSON.stringify(result.error)}`);
  return result.value;
}

function rejectedWith(input: unknown): string[] {
  const result = validateProposalDraft(input);
  expect(result.ok).toBe(false);
  return result.ok ? [] : problems(result.error);
}

describe("SOP-5.2 the six parts", () => {
  it("SOP-5.2 the parts in the SOP's order, each with a label and a key", () => {
    expect(PROPOSAL_PARTS).toEqual(["NEEDS_ANALYSIS", "SOLUTION", "PRODUCT_INTRODUCTION", "IMPLEMENTATION_PLAN", "PRICING", "RISKS"]);
    expect(Object.keys(PROPOSAL_PART_LABELS)).toEqual([...PROPOSAL_PARTS]);
    expect(Object.values(PROPOSAL_PART_KEYS)).toEqual(Object.keys(EMPTY_PROPOSAL_CONTENT));
  });

  it("SOP-5.2 a complete proposal may be submitted", () => {
    expect(missingParts(read(completeInput()))).toEqual([]);
  });

  it("SOP-5.2 an empty proposal is missing all six parts", () => {
    expect(missingParts(EMPTY_PROPOSAL_CONTENT)).toEqual(
      PROPOSAL_PARTS.map((part) => ({ part, reason: `${PROPOSAL_PART_LABELS[part]} is missing` })),
    );
  });

  it.each<[string, [string, unknown][], ProposalPart, string]>([
    ["SOP-5.2 a proposal without a needs analysis cannot be submitted", [["needsAnalysis", null]], "NEEDS_ANALYSIS", "the customer needs analysis is missing"],
    ["SOP-5.2 a needs analysis needs its pain points", [["needsAnalysis.painPoints", []]], "NEEDS_ANALYSIS", "in the customer needs analysis, no pain point is listed"],
    [
      "SOP-5.2 each pain point needs its cause",
      [["needsAnalysis.painPoints[0].cause", " "]],
      "NEEDS_ANALYSIS",
      "in the customer needs analysis, pain point 1 (Low production efficiency) has no cause",
    ],
    ["SOP-5.2 a solution needs its configuration", [["solution.configuration", ""]], "SOLUTION", "in the solution, no product models or configuration are given"],
    ["SOP-5.2 an empty solution", [["solution", { summary: "", configuration: "" }]], "SOLUTION", "the solution is empty"],
    [
      "SOP-5.2 a product introduction needs case studies of similar customers",
      [["productIntroduction.caseStudies", ["  "]]],
      "PRODUCT_INTRODUCTION",
      "in the product and service introduction, no case study of a similar customer is given",
    ],
    ["SOP-5.2 an implementation plan needs milestones", [["implementationPlan.milestones", []]], "IMPLEMENTATION_PLAN", "the implementation plan is empty"],
    [
      "SOP-5.2 each phase has an owner",
      [["implementationPlan.milestones[1].owner", ""]],
      "IMPLEMENTATION_PLAN",
      "in the implementation plan, milestone 2 (Delivery) has no owner",
    ],
    ["SOP-5.2 each phase has a date", [["implementationPlan.milestones[0].date", null]], "IMPLEMENTATION_PLAN", "in the implementation plan, milestone 1 (Contract signing) has no date"],
    ["SOP-5.2 a price needs price lines", [["pricing.lines", []]], "PRICING", "in the price and payment part, there is no price line"],
    ["SOP-5.2 a price needs payment options", [["pricing.paymentOptions", []]], "PRICING", "in the price and payment part, no payment option is offered"],
    [
      "SOP-5.2 a payment option states its cons",
      [["pricing.paymentOptions[0].cons", []]],
      "PRICING",
      "in the price and payment part, payment option 1 (One-off) lists no cons",
    ],
    [
      "SOP-5.2 a payment option says how it is paid",
      [["pricing.paymentOptions[0].instalments", []]],
      "PRICING",
      "in the price and payment part, payment option 1 (One-off) has no instalments",
    ],
    ["SOP-5.2 a proposal without risks cannot be submitted", [["risks.risks", []]], "RISKS", "the risk assessment is empty"],
    ["SOP-5.2 a proposal without a risk assessment cannot be submitted", [["risks", undefined]], "RISKS", "the risk assessment is missing"],
    [
      "SOP-5.2 each risk needs its countermeasure",
      [["risks.risks[0].countermeasure", ""]],
      "RISKS",
      "in the risk assessment, risk 1 (Supplier delay) has no countermeasure",
    ],
  ])("%s: %s", (_name, changes, part, reason) => {
    expect(missingParts(read(inputWith(...changes)))).toEqual([{ part, reason }]);
  });

  it("SOP-5.2 lists every gap of every part, in the SOP's order", () => {
    const content = read(inputWith(["risks.risks[0].countermeasure", ""], ["solution", null], ["implementationPlan.milestones[2].owner", ""], ["implementationPlan.milestones[2].deliverable", ""]));
    expect(missingParts(content)).toEqual([
      { part: "SOLUTION", reason: "the solution is missing" },
      { part: "IMPLEMENTATION_PLAN", reason: "in the implementation plan, milestone 3 (Commissioning) has no deliverable" },
      { part: "IMPLEMENTATION_PLAN", reason: "in the implementation plan, milestone 3 (Commissioning) has no owner" },
      { part: "RISKS", reason: "in the risk assessment, risk 1 (Supplier delay) has no countermeasure" },
    ]);
  });
});

describe("validateProposalDraft", () => {
  it("an empty draft is fine: completeness is checked at submission", () => {
    expect(validateProposalDraft({})).toEqual({ ok: true, value: EMPTY_PROPOSAL_CONTENT });
  });

  it("absent texts read as empty and texts are trimmed", () => {
    expect(read({ solution: { summary: "  Pumps  " } }).solution).toEqual({ summary: "Pumps", configuration: "" });
  });

  it("reads money into minor units", () => {
    expect(read(completeInput()).pricing?.lines[0]?.unitPrice).toEqual({ amountMinor: 1_130_000n, currency: "CNY" });
  });

  it.each<[string, [string, unknown][], string[]]>([
    [
      "SOP-5.2 milestones out of date order",
      [["implementationPlan.milestones[2].date", "2026-05-01"]],
      ["implementationPlan.milestones[2].date:INVALID_RANGE"],
    ],
    ["SOP-5.2 a milestone date that does not exist", [["implementationPlan.milestones[1].date", "2026-02-30"]], ["implementationPlan.milestones[1].date:INVALID_DATE"]],
    ["SOP-5.2 a milestone date as a timestamp", [["implementationPlan.milestones[1].date", "2026-05-15T00:00:00Z"]], ["implementationPlan.milestones[1].date:INVALID_DATE"]],
    ["SOP-5.2 a negative quantity, under pricing.", [["pricing.lines[0].quantity", -1]], ["pricing.lines[0].quantity:OUT_OF_RANGE"]],
    ["SOP-5.2 a discount over 100 %", [["pricing.lines[0].discountBasisPoints", 10_001]], ["pricing.lines[0].discountBasisPoints:OUT_OF_RANGE"]],
    ["SOP-5.2 a second currency inside one proposal", [["pricing.lines[0].unitPrice.currency", "USD"]], ["pricing.lines[0].unitPrice.currency:CURRENCY_MISMATCH"]],
    ["SOP-5.2 an unknown risk likelihood", [["risks.risks[0].likelihood", "VERY_HIGH"]], ["risks.risks[0].likelihood:UNKNOWN_VALUE"]],
    ["a summary over 10,000 characters", [["needsAnalysis.summary", "x".repeat(10_001)]], ["needsAnalysis.summary:TOO_LONG"]],
    ["a part that is not an object", [["solution", "pumps"]], ["solution:INVALID_TYPE"]],
    ["a strength that is not text", [["productIntroduction.strengths", ["fast", 3]]], ["productIntroduction.strengths[1]:INVALID_TYPE"]],
    ["a milestone that is not an object", [["implementationPlan.milestones[1]", "Delivery"]], ["implementationPlan.milestones[1]:INVALID_TYPE"]],
    ["more than 100 risks", [["risks.risks", Array.from({ length: 101 }, () => ({ likelihood: "LOW", impact: "LOW" }))]], ["risks.risks:TOO_LONG"]],
  ])("%s is refused, naming the field", (_name, changes, expected) => {
    expect(rejectedWith(inputWith(...changes))).toEqual(expected);
  });

  it("SOP-5.2 milestones on the same day, or undated in a draft, are in order", () => {
    const content = read(inputWith(["implementationPlan.milestones[1].date", null]));
    expect(content.implementationPlan?.milestones.map((milestone) => milestone.date)).toEqual(["2026-04-01", null, "2026-05-20", "2026-05-20"]);
  });

  it("SOP-5.2 an undated milestone does not hide an inversion around it", () => {
    expect(rejectedWith(inputWith(["implementationPlan.milestones[1].date", null], ["implementationPlan.milestones[2].date", "2026-03-01"]))).toEqual([
      "implementationPlan.milestones[2].date:INVALID_RANGE",
    ]);
  });

  it("a date out of order is explained against the milestone before it", () => {
    const result = validateProposalDraft(inputWith(["implementationPlan.milestones[2].date", "2026-05-01"]));
    expect(result).toMatchObject({
      ok: false,
      error: [{ message: "implementationPlan.milestones[2].date (2026-05-01) is before implementationPlan.milestones[1].date (2026-05-15); milestones go in date order" }],
    });
  });

  it("input that is not an object is refused", () => {
    expect(rejectedWith("proposal")).toEqual([":INVALID_TYPE"]);
  });

  it("SOP-5.4 a stored version reads back exactly: validateProposalDraft(proposalContentToJson(c)) == c", () => {
    fc.assert(
      fc.property(proposalContentArbitrary, (content) => {
        const stored = JSON.parse(JSON.stringify(proposalContentToJson(content)));
        expect(validateProposalDraft(stored)).toEqual({ ok: true, value: content });
      }),
    );
  });
});

describe("SOP-5.4 what changed between versions", () => {
  it("SOP-5.4 a version compared with itself has no changes", () => {
    fc.assert(
      fc.property(proposalContentArbitrary, (content) => {
        const diff = diffProposalVersions(content, structuredClone(content));
        expect(diff.map((part) => part.part)).toEqual([...PROPOSAL_PARTS]);
        expect(diff.every((part) => !part.changed && part.changes.length === 0)).toBe(true);
      }),
    );
  });

  it("SOP-5.4 a part is marked changed exactly when its content differs", () => {
    fc.assert(
      fc.property(proposalContentArbitrary, proposalContentArbitrary, (older, newer) => {
        const before = proposalContentToJson(older);
        const after = proposalContentToJson(newer);
        for (const { part, changed, changes } of diffProposalVersions(older, newer)) {
          const key = PROPOSAL_PART_KEYS[part];
          expect(changed).toBe(JSON.stringify(before[key]) !== JSON.stringify(after[key]));
          expect(changes.every((change) => change.path === key || change.path.startsWith(`${key}.`))).toBe(true);
          expect(() => JSON.stringify(changes)).not.toThrow();
        }
      }),
    );
  });

  it("SOP-5.4 shows leaf-level changes part by part", () => {
    const older = read(completeInput());
    const newer = read(
      inputWith(
        ["pricing.lines[0].quantity", 3],
        ["pricing.lines[0].unitPrice.amount", "1200000"],
        ["risks.risks[1]", { risk: "Requirement change", likelihood: "LOW", impact: "MEDIUM", countermeasure: "Change control" }],
        ["solution", null],
      ),
    );
    const diff = Object.fromEntries(diffProposalVersions(older, newer).map(({ part, changed, changes }) => [part, { changed, changes }]));
    expect(diff["NEEDS_ANALYSIS"]).toEqual({ changed: false, changes: [] });
    expect(diff["PRICING"]).toEqual({
      changed: true,
      changes: [
        { path: "pricing.lines[0].quantity", before: 2, after: 3 },
        { path: "pricing.lines[0].unitPrice.amount", before: "1130000", after: "1200000" },
      ],
    });
    expect(diff["RISKS"]?.changes).toEqual([
      { path: "risks.risks[1]", before: null, after: { risk: "Requirement change", likelihood: "LOW", impact: "MEDIUM", countermeasure: "Change control" } },
    ]);
    expect(diff["SOLUTION"]?.changes).toEqual([{ path: "solution", before: completeInput()["solution"], after: null }]);
  });

  it("SOP-5.4 a removed milestone is one change holding the whole milestone", () => {
    const older = read(completeInput());
    const milestones = (completeInput()["implementationPlan"] as { milestones: unknown[] }).milestones;
    const newer = read(inputWith(["implementationPlan.milestones", milestones.slice(0, 3)]));
    expect(diffProposalVersions(older, newer).find((part) => part.part === "IMPLEMENTATION_PLAN")?.changes).toEqual([
      { path: "implementationPlan.milestones[3]", before: milestones[3], after: null },
    ]);
  });
});

describe("SOP-5.4 a version's priced content, worked out once at submission", () => {
  it("keeps every part as written and prices each line and the totals as priceProposal does", () => {
    const content = read(completeInput());
    const priced = priceProposalContent(content);
    expect({ ...priced, pricing: null }).toEqual({ ...content, pricing: null });
    // 2 × 11,300.00 VAT included, 5 % off: 22,600.00 − 1,130.00 = 21,470.00, of which 13/113 is VAT.
    expect(priced.pricing!.lines[0]).toMatchObject({
      product: "P-400",
      gross: { amountMinor: 2_260_000n, currency: "CNY" },
      discount: { amountMinor: 113_000n, currency: "CNY" },
      net: { amountMinor: 2_147_000n, currency: "CNY" },
      vat: { amountMinor: 247_000n, currency: "CNY" },
      totalWithVat: { amountMinor: 2_147_000n, currency: "CNY" },
    });
    expect(priced.pricing!.totals).toEqual({
      gross: { amountMinor: 2_260_000n, currency: "CNY" },
      discount: { amountMinor: 113_000n, currency: "CNY" },
      totalWithoutVat: { amountMinor: 1_900_000n, currency: "CNY" },
      vat: { amountMinor: 247_000n, currency: "CNY" },
      totalWithVat: { amountMinor: 2_147_000n, currency: "CNY" },
    });
    expect(priced.pricing!.paymentOptions).toEqual(content.pricing!.paymentOptions);
  });

  it("states no totals when the proposal comes to more than money holds, while each line's amounts stay exact", () => {
    // Validation refuses such a draft; a version stored before a lower maximum would still be read.
    const line = { product: "X", quantity: 1, unitPrice: { amountMinor: MAX_MONEY_MINOR, currency: "CNY" as const }, discountBasisPoints: 0, vatRateBasisPoints: 0, pricesIncludeVat: false };
    const content: ProposalContent = { ...read(completeInput()), pricing: { currency: "CNY", lines: [line, { ...line, product: "Y", unitPrice: { amountMinor: 1n, currency: "CNY" } }], paymentOptions: [] } };
    const priced = priceProposalContent(content);
    expect(priced.pricing!.totals).toBeNull();
    expect(priced.pricing!.lines.map((priced) => priced.totalWithVat.amountMinor)).toEqual([MAX_MONEY_MINOR, 1n]);
  });

  it("a draft without pricing has no priced pricing", () => {
    expect(priceProposalContent({ ...read(completeInput()), pricing: null }).pricing).toBeNull();
  });

  it("stores as JSON with money as strings", () => {
    const json = pricedProposalContentToJson(read(completeInput()));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
    expect(json.pricing!.totals!.totalWithVat).toEqual({ amount: "2147000", currency: "CNY" });
  });
});
