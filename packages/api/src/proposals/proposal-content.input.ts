// SOP-5.2: the six parts of a proposal as a client sends them in updateProposal. The shape is the
// JSON validateProposalDraft reads (money as { amount, currency }), so the service passes it on
// as it is and the domain names every bad field (`input.pricing.lines[1].quantity`).
import {
  MAX_INSTALMENT_DUE_DAYS,
  MAX_PAYMENT_OPTIONS,
  MAX_PRICE_LINES,
  MAX_QUANTITY,
  PROPOSAL_LIST_MAX_ITEMS,
  type InstalmentTrigger,
  type RiskLevel,
} from "@sales/domain";
import { Field, InputType, Int } from "type-graphql";
import { MoneyInput } from "../money/money.type.ts";
import { InstalmentTriggerEnum, RiskLevelEnum } from "../graphql/enums.ts";

const LIST_LIMIT = `At most ${PROPOSAL_LIST_MAX_ITEMS} entries`;

@InputType({ description: "SOP-5.2 part 1: one pain point and what causes it" })
export class PainPointInput {
  @Field(() => String, { nullable: true, description: "e.g. low production efficiency" })
  pain?: string | null;

  @Field(() => String, { nullable: true, description: "e.g. ageing equipment, or a poor process" })
  cause?: string | null;
}

@InputType({ description: "SOP-5.2 part 1, customer needs analysis: needs and pain points in detail, with their causes" })
export class NeedsAnalysisInput {
  @Field(() => String, { nullable: true, description: "The customer's needs" })
  summary?: string | null;

  @Field(() => [PainPointInput], { nullable: true, description: LIST_LIMIT })
  painPoints?: PainPointInput[] | null;
}

@InputType({ description: "SOP-5.2 part 2, solution: how the offering meets the needs" })
export class SolutionInput {
  @Field(() => String, { nullable: true, description: "How the offering meets the needs" })
  summary?: string | null;

  @Field(() => String, { nullable: true, description: "Product models and configuration, installation and commissioning" })
  configuration?: string | null;
}

@InputType({ description: "SOP-5.2 part 3, product / service introduction" })
export class ProductIntroductionInput {
  @Field(() => String, { nullable: true, description: "Features of the offering" })
  summary?: string | null;

  @Field(() => [String], { nullable: true, description: `Strengths and unique selling points (quality guarantee, technology, after-sales service). ${LIST_LIMIT}` })
  strengths?: string[] | null;

  @Field(() => [String], { nullable: true, description: `Case studies of similar customers. ${LIST_LIMIT}` })
  caseStudies?: string[] | null;
}

@InputType({ description: "SOP-5.2 part 4: one phase of the implementation plan" })
export class MilestoneInput {
  @Field(() => String, { nullable: true, description: "e.g. contract signing, delivery, installation and commissioning, training" })
  name?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "A calendar date, YYYY-MM-DD; null while not dated yet. On or after the date of the milestone dated before it",
  })
  date?: string | null;

  @Field(() => String, { nullable: true, description: "What this phase delivers" })
  deliverable?: string | null;

  @Field(() => String, { nullable: true, description: "Who is responsible for this phase" })
  owner?: string | null;
}

@InputType({ description: "SOP-5.2 part 4, implementation plan: the schedule as milestones in date order" })
export class ImplementationPlanInput {
  @Field(() => [MilestoneInput], { nullable: true, description: LIST_LIMIT })
  milestones?: MilestoneInput[] | null;
}

@InputType({ description: "SOP-5.2 part 5: one price line; its amounts are computed, rounded half-up once per line" })
export class PriceLineInput {
  @Field(() => String, { nullable: true })
  product?: string | null;

  @Field(() => Int, { description: `Whole units, 1 to ${MAX_QUANTITY}` })
  quantity!: number;

  @Field(() => MoneyInput, { description: "Price of one unit in the pricing's currency, not negative" })
  unitPrice!: MoneyInput;

  @Field(() => Int, {
    nullable: true,
    defaultValue: 0,
    description: "Discount on this line in basis points, 0 to 10000 (1000 = 10 %); the discount amount is rounded half-up per line",
  })
  discountBasisPoints?: number | null;

  @Field(() => Int, { description: "VAT rate in basis points, 0 to 10000: 1300 = 13 %, 600 = 6 %" })
  vatRateBasisPoints!: number;

  @Field(() => Boolean, { description: "Whether unitPrice already includes VAT (then VAT is extracted from it, not added on top)" })
  pricesIncludeVat!: boolean;
}

@InputType({ description: "SOP-5.2 part 5: one share of the price and what makes it fall due" })
export class InstalmentInput {
  @Field(() => InstalmentTriggerEnum)
  trigger!: InstalmentTrigger;

  @Field(() => Int, { description: "This instalment's share of the price in basis points (3000 = 30 %); an option's shares add up to exactly 10000" })
  percentBasisPoints!: number;

  @Field(() => Int, { nullable: true, description: `Days after the trigger that it falls due, 0 to ${MAX_INSTALMENT_DUE_DAYS}; null when due on the trigger` })
  dueDays?: number | null;
}

@InputType({ description: "SOP-5.2 part 5: one way to pay (e.g. instalments, one-off payment) with its pros and cons" })
export class PaymentOptionInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => [String], { nullable: true })
  pros?: string[] | null;

  @Field(() => [String], { nullable: true })
  cons?: string[] | null;

  @Field(() => [InstalmentInput], { nullable: true, description: "Once given, their shares add up to exactly 100 %" })
  instalments?: InstalmentInput[] | null;
}

@InputType({ description: "SOP-5.2 part 5, price and payment: unit prices, discounts and VAT per line (totals are computed), and payment options" })
export class PricingInput {
  @Field(() => String, { description: "ISO 4217 code the whole proposal is priced in, e.g. CNY; every unit price must be in it" })
  currency!: string;

  @Field(() => [PriceLineInput], { nullable: true, description: `At most ${MAX_PRICE_LINES} lines` })
  lines?: PriceLineInput[] | null;

  @Field(() => [PaymentOptionInput], { nullable: true, description: `At most ${MAX_PAYMENT_OPTIONS} options` })
  paymentOptions?: PaymentOptionInput[] | null;
}

@InputType({ description: "SOP-5.2 part 6: one risk (technical difficulty, supplier delay, change of requirements…) with its countermeasure" })
export class RiskInput {
  @Field(() => String, { nullable: true })
  risk?: string | null;

  @Field(() => RiskLevelEnum)
  likelihood!: RiskLevel;

  @Field(() => RiskLevelEnum)
  impact!: RiskLevel;

  @Field(() => String, { nullable: true })
  countermeasure?: string | null;
}

@InputType({ description: "SOP-5.2 part 6, risk assessment" })
export class RiskAssessmentInput {
  @Field(() => [RiskInput], { nullable: true, description: LIST_LIMIT })
  risks?: RiskInput[] | null;
}

@InputType({
  description:
    "SOP-5.2 the six parts of a proposal draft. A part given replaces that part whole; a part given as null clears it; " +
    "a part left out stays as it is. Texts and lists left out are empty. A draft may be incomplete: missingParts tells what blocks submission",
})
export class ProposalContentInput {
  @Field(() => NeedsAnalysisInput, { nullable: true, description: "SOP-5.2 part 1, customer needs analysis" })
  needsAnalysis?: NeedsAnalysisInput | null;

  @Field(() => SolutionInput, { nullable: true, description: "SOP-5.2 part 2, solution" })
  solution?: SolutionInput | null;

  @Field(() => ProductIntroductionInput, { nullable: true, description: "SOP-5.2 part 3, product / service introduction" })
  productIntroduction?: ProductIntroductionInput | null;

  @Field(() => ImplementationPlanInput, { nullable: true, description: "SOP-5.2 part 4, implementation plan" })
  implementationPlan?: ImplementationPlanInput | null;

  @Field(() => PricingInput, { nullable: true, description: "SOP-5.2 part 5, price and payment" })
  pricing?: PricingInput | null;

  @Field(() => RiskAssessmentInput, { nullable: true, description: "SOP-5.2 part 6, risk assessment" })
  risks?: RiskAssessmentInput | null;
}
