import type { BuyingSignal, CurrencyCode, LossReason, MoneyAsJson, NegotiationPrep, PipelineStage } from "@sales/domain";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { BuyingSignalEnum, LossReasonEnum, PipelineStageEnum } from "../graphql/enums.ts";
import { PageInfo } from "../graphql/page-info.type.ts";
import { Money } from "../money/money.type.ts";
import { DateTimeScalar, LocalDateScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "SOP-4.3 a lead in the sales pipeline" })
export class Opportunity {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => LocalDateScalar, { description: "A calendar date, not a midnight timestamp" })
  expectedCloseOn!: string;

  @Field(() => PipelineStageEnum)
  stage!: PipelineStage;

  @Field(() => [BuyingSignalEnum], { description: "The signals recorded on the lead when it was opened (SOP-4.3)" })
  signals!: BuyingSignal[];

  @Field(() => LossReasonEnum, { nullable: true, description: "Set while LOST" })
  lossReason!: LossReason | null;

  @Field(() => String, { nullable: true })
  lossNote!: string | null;

  @Field(() => Int, { description: "Bumped on every change" })
  version!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  leadId!: string;
  ownerId!: string;
  teamId!: string;
  estimatedValueMinor!: bigint;
  currency!: CurrencyCode;
  lostFromStage!: PipelineStage | null;
  negotiationPrep!: MoneyAsJson<NegotiationPrep> | null;
  frozenFloorMinor!: bigint | null;
  pendingFloorMinor!: bigint | null;
  contractAmountMinor!: bigint | null;
  contractSignedOn!: string | null;
  contractPaymentTerms!: string | null;
}

@ObjectType({ description: "One stage move: who, when, from and to, and how long the opportunity stayed" })
export class StageChange {
  @Field(() => PipelineStageEnum, { nullable: true, description: "Null for the opening" })
  fromStage!: PipelineStage | null;

  @Field(() => PipelineStageEnum)
  toStage!: PipelineStage;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it moved on; null while it is still there" })
  leftAt!: Date | null;

  @Field(() => Float, { description: "Milliseconds spent in toStage, until it moved on or until now" })
  durationMs!: number;

  actorId!: string;
}

@ObjectType()
export class OpportunityEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Opportunity)
  node!: Opportunity;
}

@ObjectType()
export class OpportunityConnection {
  @Field(() => [OpportunityEdge])
  edges!: OpportunityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "The opportunities of one stage that match a list's filter: how many, and their estimated value per currency" })
export class OpportunityStageTotal {
  @Field(() => PipelineStageEnum)
  stage!: PipelineStage;

  @Field(() => Int)
  count!: number;

  @Field(() => [Money], { description: "Summed per currency, never converted" })
  value!: Money[];
}

@ObjectType({ description: "SOP-4.3 a lead whose recorded signals suggest opening an opportunity" })
export class OpportunitySuggestion {
  @Field(() => [BuyingSignalEnum], { description: "The distinct signals recorded on its follow-ups" })
  signals!: BuyingSignal[];

  @Field(() => String, { description: "Why it is suggested" })
  reason!: string;

  leadId!: string;
}
