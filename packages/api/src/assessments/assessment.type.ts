import type { Rating, Tier } from "@sales/domain";
import { Field, ID, ObjectType } from "type-graphql";
import { RatingEnum, TierEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import type { LeadAssessmentRow } from "./assessment.table.ts";

@ObjectType({ description: "One assessment of a lead (SOP-2.1); the latest decides the computed tier" })
export class LeadAssessment {
  @Field(() => ID)
  id!: string;

  @Field(() => RatingEnum)
  needUrgency!: Rating;

  @Field(() => RatingEnum)
  budget!: Rating;

  @Field(() => RatingEnum)
  decisionAuthority!: Rating;

  @Field(() => TierEnum)
  tier!: Tier;

  @Field(() => [String], { description: 'Why this tier, in words a person reads, e.g. "budget is LOW"' })
  tierReasons!: string[];

  @Field(() => Boolean)
  incomplete!: boolean;

  @Field(() => String, { nullable: true, description: "Budget in minor units (integer string) of budgetCurrency" })
  budgetAmount!: string | null;

  @Field(() => String, { nullable: true })
  budgetCurrency!: string | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => DateTimeScalar)
  assessedAt!: Date;
}

export function toLeadAssessment(row: LeadAssessmentRow): LeadAssessment {
  return {
    ...row,
    budgetAmount: row.budgetAmount === null ? null : row.budgetAmount.toString(),
    tierReasons: row.reasons.map((reason) => reason.text),
  };
}
