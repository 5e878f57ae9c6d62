import type { PipelineStage, Tier } from "@sales/domain";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { graphqlEnum, PipelineStageEnum, TierEnum } from "../graphql/enums.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";
import { MoneyInput } from "../money/money.type.ts";
import { OPPORTUNITY_ORDERS, type OpportunityOrder } from "./opportunity-queries.ts";

export const OpportunityOrderEnum = graphqlEnum(
  "OpportunityOrder",
  OPPORTUNITY_ORDERS,
  "Sort order of the pipeline list: by created time, expected close date or estimated value. Values sort within a currency: different currencies are grouped by currency code, not converted",
);

@InputType()
export class OpenOpportunityInput {
  @Field(() => String)
  name!: string;

  @Field(() => MoneyInput)
  estimatedValue!: MoneyInput;

  @Field(() => LocalDateScalar, { description: "Not in the past (the team's today)" })
  expectedCloseOn!: string;
}

@InputType({ description: "Issue 9: only the fields given change; a field left out (or null) stays as it is" })
export class UpdateOpportunityInput {
  @Field(() => String, { nullable: true, description: "1 to 200 characters" })
  name?: string | null;

  @Field(() => MoneyInput, { nullable: true, description: "In the opportunity's currency" })
  estimatedValue?: MoneyInput | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "Not in the past (the team's today)" })
  expectedCloseOn?: string | null;
}

@InputType({ description: "Every given condition must hold; a list matches any of its values" })
export class OpportunityFilterInput {
  @Field(() => [PipelineStageEnum], { nullable: true })
  stage?: PipelineStage[];

  @Field(() => [ID], { nullable: true })
  ownerId?: string[];

  @Field(() => [ID], { nullable: true })
  teamId?: string[];

  @Field(() => [TierEnum], { nullable: true, description: "The tier of the opportunity's lead" })
  tier?: Tier[];

  @Field(() => MoneyInput, { nullable: true, description: "Estimated value at least this (same currency only)" })
  valueMin?: MoneyInput;

  @Field(() => MoneyInput, { nullable: true, description: "Estimated value at most this (same currency only)" })
  valueMax?: MoneyInput;

  @Field(() => LocalDateScalar, { nullable: true, description: "Expected to close on or after" })
  closeFrom?: string;

  @Field(() => LocalDateScalar, { nullable: true, description: "Expected to close on or before" })
  closeTo?: string;
}

@ArgsType()
export class OpportunitiesArgs {
  @Field(() => Int, { defaultValue: 50, description: "Page size, 1 to 200" })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => OpportunityFilterInput, { nullable: true })
  filter?: OpportunityFilterInput | null;

  @Field(() => OpportunityOrderEnum, { defaultValue: "CREATED_DESC" })
  orderBy!: OpportunityOrder;
}

