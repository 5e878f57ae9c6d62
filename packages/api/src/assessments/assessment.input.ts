import type { Rating } from "@sales/domain";
import { Field, InputType } from "type-graphql";
import { RatingEnum } from "../graphql/enums.ts";

@InputType({ description: "SOP-2.1 the three dimensions; one not given counts as UNKNOWN, but at least one must be known" })
export class AssessLeadInput {
  @Field(() => RatingEnum, { nullable: true })
  needUrgency?: Rating | null;

  @Field(() => RatingEnum, { nullable: true })
  budget?: Rating | null;

  @Field(() => RatingEnum, { nullable: true })
  decisionAuthority?: Rating | null;

  @Field(() => String, {
    nullable: true,
    description: "The customer's budget in minor units (fen, cents) as an integer string, e.g. \"50000000\" for ¥500,000.00",
  })
  budgetAmount?: string | null;

  @Field(() => String, { nullable: true, description: "ISO 4217 code of budgetAmount; CNY when not given" })
  budgetCurrency?: string | null;

  @Field(() => String, { nullable: true })
  note?: string | null;
}
