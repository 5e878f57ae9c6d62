// SOP-5.2: the six parts of a proposal as GraphQL returns them, with the price part's amounts
// computed by the domain; SOP-5.4: what changed between two versions, part by part.
import {
  MAX_MONEY_MINOR,
  pricedProposalContentToJson,
  type InstalmentTrigger,
  type MissingPart,
  type PartDiff,
  type ProposalContent,
  type ProposalPart,
  type RiskLevel,
} from "@sales/domain";
import { JSONResolver } from "graphql-scalars";
import { Field, Int, ObjectType } from "type-graphql";
import { InstalmentTriggerEnum, ProposalPartEnum, RiskLevelEnum } from "../graphql/enums.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";
import { Money } from "../money/money.type.ts";


@ObjectType({ description: "SOP-5.2 part 1: one pain point and what causes it" })
export class PainPoint {
  @Field(() => String)
  pain!: string;

  @Field(() => String)
  cause!: string;
}

@ObjectType({ description: "SOP-5.2 part 1, customer needs analysis: needs and pain points in detail, with their causes" })
export class NeedsAnalysis {
  @Field(() => String, { description: "The customer's needs" })
  summary!: string;

  @Field(() => [PainPoint])
  painPoints!: PainPoint[];
}

@ObjectType({ description: "SOP-5.2 part 2, solution: how the offering meets the needs" })
export class Solution {
  @Field(() => String)
  summary!: string;

  @Field(() => String, { description: "Product models and configuration, installation and commissioning" })
  configuration!: string;
}

@ObjectType({ description: "SOP-5.2 part 3, product / service introduction" })
export class ProductIntroduction {
  @Field(() => String)
  summary!: string;

  @Field(() => [String], { description: "Strengths and unique selling points" })
  strengths!: string[];

  @Field(() => [String], { description: "Case studies of similar customers" })
  caseStudies!: string[];
}

@ObjectType({ description: "SOP-5.2 part 4: one phase of the implementation plan" })
export class Milestone {
  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Null while the draft has not dated it; a submitted proposal dates every milestone" })
  date!: string | null;

  @Field(() => String)
  deliverable!: string;

  @Field(() => String)
  owner!: string;
}

@ObjectType({ description: "SOP-5.2 part 4, implementation plan: milestones in date order" })
export class ImplementationPlan {
  @Field(() => [Milestone])
  milestones!: Milestone[];
}

@ObjectType({ description: "SOP-5.2 part 5: one price line as entered, with its amounts computed and rounded half-up once per line" })
export class PricedLine {
  @Field(() => String)
  product!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => Money)
  unitPrice!: Money;

  @Field(() => Int, { description: "Discount in basis points: 1000 = 10 %" })
  discountBasisPoints!: number;

  @Field(() => Int, { description: "VAT rate in basis points: 1300 = 13 %, 600 = 6 %" })
  vatRateBasisPoints!: number;

  @Field(() => Boolean, { description: "Whether unitPrice already includes VAT" })
  pricesIncludeVat!: boolean;

  @Field(() => Money, { description: "quantity × unitPrice" })
  gross!: Money;

  @Field(() => Money, { description: "gross × discount, rounded half-up" })
  discount!: Money;

  @Field(() => Money, { description: "gross − discount: what the customer pays for the line, VAT included or not as pricesIncludeVat says" })
  net!: Money;

  @Field(() => Money, { description: "VAT on net, rounded half-up: extracted from it when pricesIncludeVat, added on top otherwise" })
  vat!: Money;

  @Field(() => Money)
  totalWithoutVat!: Money;

  @Field(() => Money)
  totalWithVat!: Money;
}

@ObjectType({ description: "SOP-5.2 part 5: one share of the price and what makes it fall due" })
export class Instalment {
  @Field(() => InstalmentTriggerEnum)
  trigger!: InstalmentTrigger;

  @Field(() => Int, { description: "Share of the price in basis points (3000 = 30 %); an option's shares add up to 10000" })
  percentBasisPoints!: number;

  @Field(() => Int, { nullable: true, description: "Days after the trigger that it falls due; null when due on the trigger" })
  dueDays!: number | null;
}

@ObjectType({ description: "SOP-5.2 part 5: one way to pay, with its pros and cons" })
export class PaymentOption {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  description!: string;

  @Field(() => [String])
  pros!: string[];

  @Field(() => [String])
  cons!: string[];

  @Field(() => [Instalment])
  instalments!: Instalment[];
}

@ObjectType({ description: "SOP-5.2 part 5: the proposal's totals, each the sum of the rounded line amounts" })
export class PricingTotals {
  @Field(() => Money)
  gross!: Money;

  @Field(() => Money)
  discount!: Money;

  @Field(() => Money)
  totalWithoutVat!: Money;

  @Field(() => Money)
  vat!: Money;

  @Field(() => Money)
  totalWithVat!: Money;
}

@ObjectType({ description: "SOP-5.2 part 5, price and payment: priced lines, totals and payment options" })
export class PricingView {
  @Field(() => String, { description: "ISO 4217 code every amount of the proposal is in" })
  currency!: string;

  @Field(() => [PricedLine])
  lines!: PricedLine[];

  @Field(() => PricingTotals, {
    nullable: true,
    description:
      `Null when a total would exceed the largest amount money may hold (${MAX_MONEY_MINOR} minor units) and so cannot be stated; ` +
      "updateProposal refuses such pricing, so a saved draft has totals",
  })
  totals!: PricingTotals | null;

  @Field(() => [PaymentOption])
  paymentOptions!: PaymentOption[];
}

@ObjectType({ description: "SOP-5.2 part 6: one risk with its countermeasure" })
export class Risk {
  @Field(() => String)
  risk!: string;

  @Field(() => RiskLevelEnum)
  likelihood!: RiskLevel;

  @Field(() => RiskLevelEnum)
  impact!: RiskLevel;

  @Field(() => String)
  countermeasure!: string;
}

@ObjectType({ description: "SOP-5.2 part 6, risk assessment" })
export class RiskAssessment {
  @Field(() => [Risk])
  risks!: Risk[];
}

@ObjectType({ description: "SOP-5.2 the six parts of a proposal; a draft may leave any of them null, a submitted version has all six" })
export class ProposalContentView {
  @Field(() => NeedsAnalysis, { nullable: true, description: "SOP-5.2 part 1" })
  needsAnalysis!: NeedsAnalysis | null;

  @Field(() => Solution, { nullable: true, description: "SOP-5.2 part 2" })
  solution!: Solution | null;

  @Field(() => ProductIntroduction, { nullable: true, description: "SOP-5.2 part 3" })
  productIntroduction!: ProductIntroduction | null;

  @Field(() => ImplementationPlan, { nullable: true, description: "SOP-5.2 part 4" })
  implementationPlan!: ImplementationPlan | null;

  @Field(() => PricingView, { nullable: true, description: "SOP-5.2 part 5" })
  pricing!: PricingView | null;

  @Field(() => RiskAssessment, { nullable: true, description: "SOP-5.2 part 6" })
  risks!: RiskAssessment | null;
}

@ObjectType({ description: "SOP-5.2 one thing that keeps a proposal from being submitted" })
export class MissingPartView {
  @Field(() => ProposalPartEnum)
  part!: ProposalPart;

  @Field(() => String, { description: 'A sentence to show a person, e.g. "in the risk assessment, risk 2 (supplier delay) has no countermeasure"' })
  reason!: string;
}

@ObjectType({ description: "SOP-5.4 one leaf value that changed between two versions" })
export class FieldChangeView {
  @Field(() => String, { description: "Path from the content's root, e.g. pricing.lines[1].quantity; a part added or removed is one change at the part's key" })
  path!: string;

  @Field(() => JSONResolver, { nullable: true, description: "The value before (money amounts as strings); null when it was not there" })
  before!: unknown;

  @Field(() => JSONResolver, { nullable: true, description: "The value after (money amounts as strings); null when it was removed" })
  after!: unknown;
}

@ObjectType({ description: "SOP-5.4 what changed in one part between two versions" })
export class PartDiffView {
  @Field(() => ProposalPartEnum)
  part!: ProposalPart;

  @Field(() => Boolean)
  changed!: boolean;

  @Field(() => [FieldChangeView], { description: "Lists are compared position by position; an entry added or removed at the end is one change" })
  changes!: FieldChangeView[];
}

/** The content as GraphQL shows it, the price part priced (SOP-5.2 part 5): a version stores this at submission. */
export function toProposalContentView(content: ProposalContent): ProposalContentView {
  return pricedProposalContentToJson(content);
}

export function toMissingPartViews(missing: readonly MissingPart[]): MissingPartView[] {
  return missing.map(({ part, reason }) => ({ part, reason }));
}

export function toPartDiffViews(diffs: readonly PartDiff[]): PartDiffView[] {
  return diffs.map(({ part, changed, changes }) => ({
    part,
    changed,
    changes: changes.map(({ path, before, after }) => ({ path, before, after })),
  }));
}
