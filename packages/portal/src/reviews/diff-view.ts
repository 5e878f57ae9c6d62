import { formatMoney } from "../format/money.ts";
import type { Locale } from "../i18n/locales.ts";
import type { MessageKey, Translate } from "../i18n/translate.ts";
import { formatBasisPoints } from "./pricing-view.ts";

/** SOP-5.2's six parts in the SOP's order, as the API names them. */
export const PROPOSAL_PARTS = ["NEEDS_ANALYSIS", "SOLUTION", "PRODUCT_INTRODUCTION", "IMPLEMENTATION_PLAN", "PRICING", "RISKS"] as const;
export type ProposalPart = (typeof PROPOSAL_PARTS)[number];

/** One change as the API gives it (`diff(againstVersionId)`): a path from the content's root, JSON before and after. */
export interface FieldChange {
  path: string;
  before: unknown;
  after: unknown;
}

export interface PartDiff {
  part: ProposalPart;
  changed: boolean;
  changes: readonly FieldChange[];
}

/** added: not there before (an entry or part new in this version); removed: gone from it. */
export type ChangeKind = "changed" | "added" | "removed";

/** A change ready to show: where (in words), what kind, and both values formatted for people. */
export interface DiffMark {
  path: string;
  kind: ChangeKind;
  label: string;
  before: string;
  after: string;
}

export interface PartDiffModel {
  part: ProposalPart;
  marks: DiffMark[];
  byPath: ReadonlyMap<string, DiffMark>;
}

export type DiffModel = ReadonlyMap<ProposalPart, PartDiffModel>;

interface FormatContext {
  locale: Locale;
  t: Translate;
  /** The proposal's currency: a changed amount comes as bare minor units. */
  currency: string;
}

/** The words for each field name a path can hold. */
const FIELD_LABELS = {
  summary: "reviews.field.summary",
  pain: "reviews.field.pain",
  cause: "reviews.field.cause",
  configuration: "reviews.field.configuration",
  name: "reviews.field.name",
  date: "reviews.field.date",
  deliverable: "reviews.field.deliverable",
  owner: "reviews.field.owner",
  currency: "reviews.field.currency",
  product: "reviews.field.product",
  quantity: "reviews.field.quantity",
  unitPrice: "reviews.field.unitPrice",
  discountBasisPoints: "reviews.field.discountBasisPoints",
  vatRateBasisPoints: "reviews.field.vatRateBasisPoints",
  pricesIncludeVat: "reviews.field.pricesIncludeVat",
  description: "reviews.field.description",
  trigger: "reviews.field.trigger",
  percentBasisPoints: "reviews.field.percentBasisPoints",
  dueDays: "reviews.field.dueDays",
  risk: "reviews.field.risk",
  likelihood: "reviews.field.likelihood",
  impact: "reviews.field.impact",
  countermeasure: "reviews.field.countermeasure",
} as const satisfies Record<string, MessageKey>;

/** The words for an entry of each list ("Price line 2"). */
const ITEM_LABELS = {
  painPoints: "reviews.item.painPoints",
  strengths: "reviews.item.strengths",
  caseStudies: "reviews.item.caseStudies",
  milestones: "reviews.item.milestones",
  lines: "reviews.item.lines",
  paymentOptions: "reviews.item.paymentOptions",
  pros: "reviews.item.pros",
  cons: "reviews.item.cons",
  instalments: "reviews.item.instalments",
  risks: "reviews.item.risks",
} as const satisfies Record<string, MessageKey>;

const PERCENT_FIELDS = new Set(["discountBasisPoints", "vatRateBasisPoints", "percentBasisPoints"]);
const LEVEL_FIELDS = new Set(["likelihood", "impact"]);

interface Segment {
  key: string;
  index?: number;
}

/** "pricing.lines[1].unitPrice.amount" → pricing, lines#1, unitPrice, amount. */
export function parsePath(path: string): Segment[] {
  const segments: Segment[] = [];
  for (const part of path.split(".")) {
    const match = /^([^[\]]+)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      segments.push({ key: part });
      continue;
    }
    const indices = [...match[2]!.matchAll(/\[(\d+)\]/g)].map((found) => Number(found[1]));
    if (indices.length === 0) segments.push({ key: match[1]! });
    indices.forEach((index, position) => segments.push({ key: position === 0 ? match[1]! : "", index }));
  }
  return segments;
}

/** Where a change is, in words, inside its part: "Price line 2 · Unit price". The part's own key is the part's name. */
export function changeLabel(path: string, part: ProposalPart, t: Translate): string {
  const segments = parsePath(path).slice(1);
  if (segments.length === 0) return t(`reviews.part.${part}`);
  const words: string[] = [];
  segments.forEach((segment, position) => {
    const parent = segments[position - 1];
    if (segment.index !== undefined) {
      const item = ITEM_LABELS[segment.key as keyof typeof ITEM_LABELS];
      words.push(item ? t(item, { n: segment.index + 1 }) : `${segment.key}[${segment.index + 1}]`);
      return;
    }
    // unitPrice.amount is the unit price; unitPrice.currency its currency.
    if (parent?.key === "unitPrice" && segment.key === "amount") return;
    const field = FIELD_LABELS[segment.key as keyof typeof FIELD_LABELS];
    words.push(field ? t(field) : segment.key);
  });
  return words.join(" · ");
}

/** A value from the diff for people, by the field it is: money, percentages, levels, triggers, yes/no. */
export function formatChangeValue(value: unknown, field: string, context: FormatContext): string {
  const { t, locale } = context;
  if (value === null || value === undefined) return t("reviews.diff.none");
  if (Array.isArray(value)) return value.map((item) => formatChangeValue(item, field, context)).join(t("reviews.diff.listSeparator"));
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record["amount"] === "string" && typeof record["currency"] === "string") {
      return formatMoney({ amount: record["amount"], currency: record["currency"] }, locale);
    }
    return Object.entries(record)
      .map(([key, inner]) => {
        const label = FIELD_LABELS[key as keyof typeof FIELD_LABELS] ?? ITEM_LABELS[key as keyof typeof ITEM_LABELS];
        return t("reviews.diff.entryField", { field: label ? t(label, { n: "" }).trim() : key, value: formatChangeValue(inner, key, context) });
      })
      .join(t("reviews.diff.fieldSeparator"));
  }
  if (typeof value === "boolean") return field === "pricesIncludeVat" ? t(value ? "reviews.pricing.vatIncluded" : "reviews.pricing.vatAdded") : t(value ? "reviews.diff.yes" : "reviews.diff.no");
  if (typeof value === "number") {
    if (PERCENT_FIELDS.has(field) && Number.isInteger(value)) return formatBasisPoints(value, locale);
    if (field === "dueDays") return t("reviews.pricing.dueDays", { days: value });
    return new Intl.NumberFormat(locale).format(value);
  }
  if (typeof value === "string") {
    if (field === "amount" && /^-?\d+$/.test(value)) return formatMoney({ amount: value, currency: context.currency }, locale);
    if (LEVEL_FIELDS.has(field) && (value === "LOW" || value === "MEDIUM" || value === "HIGH")) return t(`reviews.level.${value}`);
    if (field === "trigger" && isTrigger(value)) return t(`reviews.trigger.${value}`);
    return value;
  }
  return String(value);
}

const TRIGGERS = ["ADVANCE", "ON_SIGNING", "DELIVERY", "ACCEPTANCE", "RETENTION"] as const;
function isTrigger(value: string): value is (typeof TRIGGERS)[number] {
  return (TRIGGERS as readonly string[]).includes(value);
}

/** The last named field of a path: what kind of value it holds ("amount", "quantity", "lines"). */
function fieldOf(path: string): string {
  const named = parsePath(path).filter((segment) => segment.key !== "");
  return named.at(-1)?.key ?? path;
}

/**
 * The API's diff as the page shows it: per part, each change with its place in words, its kind
 * (changed, added or removed, said in words, never by colour alone) and both values formatted,
 * and an index by path so each field of the document can find its own change.
 */
export function diffViewModel(diff: readonly PartDiff[], context: FormatContext): DiffModel {
  const model = new Map<ProposalPart, PartDiffModel>();
  for (const partDiff of diff) {
    const marks = partDiff.changes.map((change): DiffMark => {
      const field = fieldOf(change.path);
      const kind: ChangeKind = change.before === null ? "added" : change.after === null ? "removed" : "changed";
      return {
        path: change.path,
        kind,
        label: changeLabel(change.path, partDiff.part, context.t),
        before: formatChangeValue(change.before, field, context),
        after: formatChangeValue(change.after, field, context),
      };
    });
    model.set(partDiff.part, { part: partDiff.part, marks, byPath: new Map(marks.map((mark) => [mark.path, mark])) });
  }
  return model;
}

/** The change of one field (or entry) of the document, if it changed. */
export function markAt(part: PartDiffModel | undefined, path: string): DiffMark | undefined {
  return part?.byPath.get(path);
}

/** Entries of a list that this version removed (they are not in the document any more). */
export function removedEntries(part: PartDiffModel | undefined, listPath: string): DiffMark[] {
  if (!part) return [];
  const entry = new RegExp(`^${listPath.replace(/[.[\]]/g, "\\$&")}\\[\\d+\\]$`);
  return part.marks.filter((mark) => mark.kind === "removed" && entry.test(mark.path));
}

/** Paths the document marks where they stand (a field, or an entry of a list that is still there). */
const SHOWN_IN_PLACE = [
  /^needsAnalysis\.summary$/,
  /^needsAnalysis\.painPoints\[\d+\](\.(pain|cause))?$/,
  /^solution\.(summary|configuration)$/,
  /^productIntroduction\.summary$/,
  /^productIntroduction\.(strengths|caseStudies)\[\d+\]$/,
  /^implementationPlan\.milestones\[\d+\](\.(name|date|deliverable|owner))?$/,
  /^pricing\.currency$/,
  /^pricing\.lines\[\d+\](\.(product|quantity|unitPrice\.amount|discountBasisPoints|vatRateBasisPoints|pricesIncludeVat))?$/,
  /^pricing\.paymentOptions\[\d+\](\.(name|description))?$/,
  /^pricing\.paymentOptions\[\d+\]\.(pros|cons)\[\d+\]$/,
  /^pricing\.paymentOptions\[\d+\]\.instalments\[\d+\](\.(trigger|percentBasisPoints|dueDays))?$/,
  /^risks\.risks\[\d+\](\.(risk|likelihood|impact|countermeasure))?$/,
];

/**
 * The changes a part lists under its text rather than marking in place: removed entries (no
 * longer in the document), a whole part added or removed, and anything the document does not
 * show as a field. Every change of the API's diff is thus on the page exactly once.
 */
export function changesListedApart(part: PartDiffModel | undefined): DiffMark[] {
  if (!part) return [];
  const wholeEntry = (path: string) => path.endsWith("]") || !path.includes(".");
  return part.marks.filter((mark) => (mark.kind === "removed" && wholeEntry(mark.path)) || !SHOWN_IN_PLACE.some((pattern) => pattern.test(mark.path)));
}
