// SOP-5.2: a proposal has six required parts; SOP-5.4: every submission is an immutable version,
// and reviewers see what changed since the version they reviewed.
import { isIsoDate } from "./calendar/iso-date.ts";
import { withMoneyAsJson, type MoneyAsJson } from "./money.ts";
import { priceLine, priceProposal, readPricing, type PaymentOption, type PricedLine, type Pricing, type ProposalPrice } from "./pricing.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { FieldErrorList, isRecord, joinPath, preview } from "./validation.ts";

/** SOP-5.2 parts 1–6, in the SOP's order. */
export const PROPOSAL_PARTS = ["NEEDS_ANALYSIS", "SOLUTION", "PRODUCT_INTRODUCTION", "IMPLEMENTATION_PLAN", "PRICING", "RISKS"] as const;
export type ProposalPart = (typeof PROPOSAL_PARTS)[number];

/** How a sentence names each part ("the risk assessment is empty"). */
export const PROPOSAL_PART_LABELS: Readonly<Record<ProposalPart, string>> = Object.freeze({
  NEEDS_ANALYSIS: "the customer needs analysis",
  SOLUTION: "the solution",
  PRODUCT_INTRODUCTION: "the product and service introduction",
  IMPLEMENTATION_PLAN: "the implementation plan",
  PRICING: "the price and payment part",
  RISKS: "the risk assessment",
});

/** The key of each part in ProposalContent (and in its field paths: `pricing.lines[1].quantity`). */
export const PROPOSAL_PART_KEYS = Object.freeze({
  NEEDS_ANALYSIS: "needsAnalysis",
  SOLUTION: "solution",
  PRODUCT_INTRODUCTION: "productIntroduction",
  IMPLEMENTATION_PLAN: "implementationPlan",
  PRICING: "pricing",
  RISKS: "risks",
} as const satisfies Record<ProposalPart, keyof ProposalContent>);

export const RISK_LEVELS = ["LOW", "MEDIUM", "HIGH"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export const PROPOSAL_SHORT_TEXT_MAX_LENGTH = 500;
export const PROPOSAL_LONG_TEXT_MAX_LENGTH = 10_000;
/** Pain points, strengths, case studies, milestones and risks each hold at most this many entries. */
export const PROPOSAL_LIST_MAX_ITEMS = 100;

/** SOP-5.2 part 1: needs and pain points in detail, each with its cause. */
export interface NeedsAnalysis {
  summary: string;
  painPoints: { pain: string; cause: string }[];
}

/** SOP-5.2 part 2: how the offering meets the needs: product models, configuration, installation. */
export interface Solution {
  summary: string;
  configuration: string;
}

/** SOP-5.2 part 3: features and strengths, with case studies of similar customers. */
export interface ProductIntroduction {
  summary: string;
  strengths: string[];
  caseStudies: string[];
}

/** SOP-5.2 part 4: phases with a date, a deliverable and an owner each. */
export interface Milestone {
  name: string;
  /** YYYY-MM-DD; null while a draft has not dated it yet. */
  date: string | null;
  deliverable: string;
  owner: string;
}

export interface ImplementationPlan {
  milestones: Milestone[];
}

/** SOP-5.2 part 6: each risk with its countermeasure. */
export interface Risk {
  risk: string;
  likelihood: RiskLevel;
  impact: RiskLevel;
  countermeasure: string;
}

export interface RiskAssessment {
  risks: Risk[];
}

/** A proposal's six parts (SOP-5.2); a draft may leave any of them null. */
export interface ProposalContent {
  needsAnalysis: NeedsAnalysis | null;
  solution: Solution | null;
  productIntroduction: ProductIntroduction | null;
  implementationPlan: ImplementationPlan | null;
  pricing: Pricing | null;
  risks: RiskAssessment | null;
}

/** ProposalContent as JSON (money amounts as strings): what a jsonb column stores and validateProposalDraft reads back. */
export type ProposalContentJson = MoneyAsJson<ProposalContent>;

export const EMPTY_PROPOSAL_CONTENT: Readonly<ProposalContent> = Object.freeze({
  needsAnalysis: null,
  solution: null,
  productIntroduction: null,
  implementationPlan: null,
  pricing: null,
  risks: null,
});

/** The JSON form of a proposal's content; validateProposalDraft(proposalContentToJson(c)) gives c back. */
export function proposalContentToJson(content: ProposalContent): ProposalContentJson {
  return withMoneyAsJson(content);
}

/**
 * SOP-5.4 a submitted version as people read it: the parts as written, and the pricing with each
 * line's amounts and the totals worked out (null totals: the proposal comes to more than money
 * can hold, while each line's amounts are still exact). A version never changes, so this is
 * worked out once, at submission, and stored beside the content.
 */
export interface PricedProposalContent extends Omit<ProposalContent, "pricing"> {
  pricing: {
    currency: Pricing["currency"];
    lines: PricedLine[];
    totals: Omit<ProposalPrice, "lines"> | null;
    paymentOptions: PaymentOption[];
  } | null;
}

/** PricedProposalContent as JSON (money amounts as strings), as a version stores it. */
export type PricedProposalContentJson = MoneyAsJson<PricedProposalContent>;

export function priceProposalContent(content: ProposalContent): PricedProposalContent {
  const { pricing } = content;
  if (!pricing) return { ...content, pricing: null };
  const price = priceProposal(pricing.lines, pricing.currency);
  if (!price.ok) {
    const lines = pricing.lines.map((line): PricedLine => ({ ...line, ...priceLine(line) }));
    return { ...content, pricing: { currency: pricing.currency, lines, totals: null, paymentOptions: pricing.paymentOptions } };
  }
  const { lines, ...totals } = price.value;
  return { ...content, pricing: { currency: pricing.currency, lines, totals, paymentOptions: pricing.paymentOptions } };
}

/** The JSON a version stores of its priced content. */
export function pricedProposalContentToJson(content: ProposalContent): PricedProposalContentJson {
  return withMoneyAsJson(priceProposalContent(content));
}

export interface MissingPart {
  part: ProposalPart;
  /** A sentence a person reads: "the risk assessment is empty". */
  reason: string;
}

const isBlank = (text: string) => text.trim() === "";
const countFilled = (texts: readonly string[]) => texts.filter((text) => !isBlank(text)).length;
/** "milestone 2 (Delivery)": the 1-based number people count with, and the name when there is one. */
const nth = (noun: string, index: number, name: string) => `${noun} ${index + 1}${isBlank(name) ? "" : ` (${name.trim()})`}`;

/**
 * SOP-5.2: what keeps the proposal from being submitted, every problem of every part, in the
 * SOP's order. Empty means it may be submitted. A part is missing when it is null or has no
 * substance; an empty part gives one reason ("the risk assessment is empty"), a partly written one
 * a reason per gap ("in the risk assessment, risk 2 (supplier delay) has no countermeasure").
 */
export function missingParts(content: ProposalContent): MissingPart[] {
  const gaps: MissingPart[] = [];
  for (const part of PROPOSAL_PARTS) {
    const label = PROPOSAL_PART_LABELS[part];
    const problems = partGaps(part, content);
    if (problems === null) gaps.push({ part, reason: `${label} is missing` });
    else if (problems === "EMPTY") gaps.push({ part, reason: `${label} is empty` });
    else gaps.push(...problems.map((problem) => ({ part, reason: `in ${label}, ${problem}` })));
  }
  return gaps;
}

/** null: the part is absent; "EMPTY": there is nothing in it; otherwise its gaps (none when complete). */
function partGaps(part: ProposalPart, content: ProposalContent): string[] | "EMPTY" | null {
  switch (part) {
    case "NEEDS_ANALYSIS":
      return content.needsAnalysis && needsAnalysisGaps(content.needsAnalysis);
    case "SOLUTION":
      return content.solution && solutionGaps(content.solution);
    case "PRODUCT_INTRODUCTION":
      return content.productIntroduction && productIntroductionGaps(content.productIntroduction);
    case "IMPLEMENTATION_PLAN":
      return content.implementationPlan && implementationPlanGaps(content.implementationPlan);
    case "PRICING":
      return content.pricing && pricingGaps(content.pricing);
    case "RISKS":
      return content.risks && riskGaps(content.risks);
  }
}

// SOP-5.2 part 1: "needs and pain points in detail, with their causes".
function needsAnalysisGaps({ summary, painPoints }: NeedsAnalysis): string[] | "EMPTY" {
  if (isBlank(summary) && painPoints.length === 0) return "EMPTY";
  const gaps: string[] = [];
  if (isBlank(summary)) gaps.push("the customer's needs are not described");
  if (painPoints.length === 0) gaps.push("no pain point is listed");
  painPoints.forEach(({ pain, cause }, index) => {
    if (isBlank(pain)) gaps.push(`pain point ${index + 1} is not described`);
    if (isBlank(cause)) gaps.push(`${nth("pain point", index, pain)} has no cause`);
  });
  return gaps;
}

// SOP-5.2 part 2: "how the offering meets the needs (product models and configuration, ...)".
function solutionGaps({ summary, configuration }: Solution): string[] | "EMPTY" {
  if (isBlank(summary) && isBlank(configuration)) return "EMPTY";
  const gaps: string[] = [];
  if (isBlank(summary)) gaps.push("it does not say how the offering meets the needs");
  if (isBlank(configuration)) gaps.push("no product models or configuration are given");
  return gaps;
}

// SOP-5.2 part 3: "features, strengths, unique selling points ..., with case studies of similar customers".
function productIntroductionGaps({ summary, strengths, caseStudies }: ProductIntroduction): string[] | "EMPTY" {
  if (isBlank(summary) && countFilled(strengths) === 0 && countFilled(caseStudies) === 0) return "EMPTY";
  const gaps: string[] = [];
  if (isBlank(summary)) gaps.push("the offering is not introduced");
  if (countFilled(strengths) === 0) gaps.push("no strength is listed");
  if (countFilled(caseStudies) === 0) gaps.push("no case study of a similar customer is given");
  return gaps;
}

// SOP-5.2 part 4: "schedule, deliverables per phase, owner per phase ..., each with a date".
function implementationPlanGaps({ milestones }: ImplementationPlan): string[] | "EMPTY" {
  if (milestones.length === 0) return "EMPTY";
  return milestones.flatMap(({ name, date, deliverable, owner }, index) => {
    const milestone = nth("milestone", index, name);
    const gaps: string[] = [];
    if (isBlank(name)) gaps.push(`${milestone} has no name`);
    if (date === null) gaps.push(`${milestone} has no date`);
    if (isBlank(deliverable)) gaps.push(`${milestone} has no deliverable`);
    if (isBlank(owner)) gaps.push(`${milestone} has no owner`);
    return gaps;
  });
}

// SOP-5.2 part 5: "unit prices, totals, discounts; payment options ... with the pros and cons of each".
function pricingGaps({ lines, paymentOptions }: Pricing): string[] | "EMPTY" {
  if (lines.length === 0 && paymentOptions.length === 0) return "EMPTY";
  const gaps: string[] = [];
  if (lines.length === 0) gaps.push("there is no price line");
  lines.forEach(({ product }, index) => {
    if (isBlank(product)) gaps.push(`price line ${index + 1} names no product`);
  });
  if (paymentOptions.length === 0) gaps.push("no payment option is offered");
  paymentOptions.forEach(({ name, pros, cons, instalments }, index) => {
    const option = nth("payment option", index, name);
    if (isBlank(name)) gaps.push(`${option} has no name`);
    if (countFilled(pros) === 0) gaps.push(`${option} lists no pros`);
    if (countFilled(cons) === 0) gaps.push(`${option} lists no cons`);
    if (instalments.length === 0) gaps.push(`${option} has no instalments`);
  });
  return gaps;
}

// SOP-5.2 part 6: "risks ... each with its countermeasure".
function riskGaps({ risks }: RiskAssessment): string[] | "EMPTY" {
  if (risks.length === 0) return "EMPTY";
  return risks.flatMap(({ risk, countermeasure }, index) => {
    const gaps: string[] = [];
    if (isBlank(risk)) gaps.push(`risk ${index + 1} is not described`);
    if (isBlank(countermeasure)) gaps.push(`${nth("risk", index, risk)} has no countermeasure`);
    return gaps;
  });
}

/**
 * Reads a proposal draft from user input or from its stored JSON (money as `{ amount, currency }`).
 * Only structure is checked: types, lengths, real and ordered milestone dates, sound pricing
 * (validatePricing, under `pricing.`). An incomplete draft is fine: absent parts are null, absent
 * texts empty, absent lists empty; missingParts decides completeness at submission (SOP-5.2).
 */
export function validateProposalDraft(input: unknown): Result<ProposalContent, FieldError[]> {
  const errors = new FieldErrorList();
  const root = errors.requireRecord(input, "");
  if (!root) return err(errors.errors);
  const part = <T>(key: keyof ProposalContent, read: (record: Record<string, unknown>, path: string) => T): T | null => {
    const value = root[key];
    if (value === undefined || value === null) return null;
    const record = errors.requireRecord(value, key);
    return record && read(record, key);
  };
  const long = (record: Record<string, unknown>, path: string, key: string) =>
    errors.optionalText(record[key], joinPath(path, key), PROPOSAL_LONG_TEXT_MAX_LENGTH) ?? "";
  const short = (record: Record<string, unknown>, path: string, key: string) =>
    errors.optionalText(record[key], joinPath(path, key), PROPOSAL_SHORT_TEXT_MAX_LENGTH) ?? "";
  const list = <T>(record: Record<string, unknown>, path: string, key: string, read: (item: Record<string, unknown>, itemPath: string) => T) =>
    errors.optionalList(record[key], joinPath(path, key), PROPOSAL_LIST_MAX_ITEMS, (item, itemPath) => {
      const itemRecord = errors.requireRecord(item, itemPath);
      return itemRecord && read(itemRecord, itemPath);
    });
  const texts = (record: Record<string, unknown>, path: string, key: string) =>
    errors.optionalTextList(record[key], joinPath(path, key), PROPOSAL_LIST_MAX_ITEMS, PROPOSAL_SHORT_TEXT_MAX_LENGTH);

  const content: ProposalContent = {
    needsAnalysis: part("needsAnalysis", (record, path) => ({
      summary: long(record, path, "summary"),
      painPoints: list(record, path, "painPoints", (item, itemPath) => ({ pain: short(item, itemPath, "pain"), cause: long(item, itemPath, "cause") })),
    })),
    solution: part("solution", (record, path) => ({ summary: long(record, path, "summary"), configuration: long(record, path, "configuration") })),
    productIntroduction: part("productIntroduction", (record, path) => ({
      summary: long(record, path, "summary"),
      strengths: texts(record, path, "strengths"),
      caseStudies: texts(record, path, "caseStudies"),
    })),
    implementationPlan: part("implementationPlan", (record, path) => {
      const milestones = list(record, path, "milestones", (item, itemPath) => ({
        name: short(item, itemPath, "name"),
        date: readOptionalDate(errors, item["date"], joinPath(itemPath, "date")),
        deliverable: short(item, itemPath, "deliverable"),
        owner: short(item, itemPath, "owner"),
      }));
      // A milestone that is not an object is left out of `milestones`; positions would shift then.
      const complete = Array.isArray(record["milestones"]) && record["milestones"].length === milestones.length;
      if (complete) checkMilestoneOrder(errors, milestones, joinPath(path, "milestones"));
      return { milestones };
    }),
    pricing: part("pricing", (record, path) => readPricing(errors, record, path)),
    risks: part("risks", (record, path) => ({
      risks: list(record, path, "risks", (item, itemPath) => ({
        risk: short(item, itemPath, "risk"),
        likelihood: errors.requireOneOf(RISK_LEVELS, item["likelihood"], joinPath(itemPath, "likelihood")) ?? "LOW",
        impact: errors.requireOneOf(RISK_LEVELS, item["impact"], joinPath(itemPath, "impact")) ?? "LOW",
        countermeasure: long(item, itemPath, "countermeasure"),
      })),
    })),
  };
  // Values standing in for rejected input above never leave: any error returns the errors instead.
  return errors.isEmpty ? ok(content) : err(errors.errors);
}

function readOptionalDate(errors: FieldErrorList, value: unknown, field: string): string | null {
  if (value === undefined || value === null) return null;
  if (isIsoDate(value)) return value;
  errors.add(field, "INVALID_DATE", `${field} must be a real date like 2026-03-31, got ${preview(value)}`);
  return null;
}

/** SOP-5.2 part 4: phases follow one another, so each dated milestone is on or after the one dated before it. */
function checkMilestoneOrder(errors: FieldErrorList, milestones: readonly Milestone[], path: string): void {
  let previous: { index: number; date: string } | null = null;
  milestones.forEach(({ date }, index) => {
    if (date === null) return;
    if (previous && date < previous.date) {
      const field = joinPath(joinPath(path, index), "date");
      errors.add(field, "INVALID_RANGE", `${field} (${date}) is before ${joinPath(path, previous.index)}.date (${previous.date}); milestones go in date order`);
    }
    previous = { index, date };
  });
}

export interface FieldChange {
  /** Leaf path from the content's root: `pricing.lines[1].quantity`, `risks.risks[0].countermeasure`. */
  path: string;
  /** The JSON value before (money amounts as strings); null when it was not there. */
  before: unknown;
  after: unknown;
}

export interface PartDiff {
  part: ProposalPart;
  changed: boolean;
  changes: FieldChange[];
}

/**
 * SOP-5.4: what changed from `older` to `newer`, part by part in SOP order, down to the leaf
 * (`pricing.lines[1].quantity`). Lists are compared position by position; an entry added or
 * removed at the end is one change holding the whole entry. A part added or removed is one change
 * at the part's key. Values are JSON (amounts as strings), safe to send as they are.
 */
export function diffProposalVersions(older: ProposalContent, newer: ProposalContent): PartDiff[] {
  const before = proposalContentToJson(older);
  const after = proposalContentToJson(newer);
  return PROPOSAL_PARTS.map((part) => {
    const key = PROPOSAL_PART_KEYS[part];
    const changes: FieldChange[] = [];
    diffValues(before[key], after[key], key, changes);
    return { part, changed: changes.length > 0, changes };
  });
}

function diffValues(before: unknown, after: unknown, path: string, changes: FieldChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    for (let index = 0; index < Math.max(before.length, after.length); index += 1) {
      diffValues(index < before.length ? before[index] : null, index < after.length ? after[index] : null, joinPath(path, index), changes);
    }
    return;
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    for (const key of keys) diffValues(before[key] ?? null, after[key] ?? null, joinPath(path, key), changes);
    return;
  }
  if (!sameJson(before, after)) changes.push({ path, before: before ?? null, after: after ?? null });
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
