import type { PipelineStage } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { graphqlEnum, PipelineStageEnum } from "../graphql/enums.ts";
import { PageInfo } from "../graphql/page-info.type.ts";
import { DateTimeScalar, LocalDateScalar } from "../graphql/scalars.ts";
import { Money } from "../money/money.type.ts";
import { PIPELINE_CHANGE_KINDS, type PipelineChangeKind } from "./pipeline-changes.service.ts";
import { ReportTeam } from "./report.type.ts";

export const PipelineChangeKindEnum = graphqlEnum(
  "PipelineChangeKind",
  PIPELINE_CHANGE_KINDS,
  "What changed. From the stage history: CREATED (opened), MOVED_FORWARD and MOVED_BACKWARD (to a later or earlier open stage, e.g. a proposal returned for revision), WON, LOST, REOPENED (out of LOST). From updateOpportunity's audit trail: CLOSE_DATE_PUSHED (later), CLOSE_DATE_PULLED_IN (earlier), VALUE_RAISED and VALUE_CUT (the estimated value, compared in its currency), VALUE_CHANGED (a value recorded in another currency, which cannot be compared; updateOpportunity keeps the currency, so it does not occur today), RENAMED",
);

@ObjectType({ description: "How many changes of one kind since `since`" })
export class PipelineChangeCount {
  @Field(() => PipelineChangeKindEnum)
  kind!: PipelineChangeKind;

  @Field(() => Int, { description: "Changes of this kind (an opportunity moved forward twice counts twice)" })
  count!: number;

  @Field(() => Int, { description: "Distinct opportunities with at least one: the rows `drill` returns" })
  opportunities!: number;

  @Field(() => String, { description: "Pass to reportOpportunities for the opportunities with a change of this kind since `since`" })
  drill!: string;
}

@ObjectType({ description: "One change to an opportunity: what, when, by whom, before and after" })
export class PipelineChange {
  @Field(() => PipelineChangeKindEnum)
  kind!: PipelineChangeKind;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => PipelineStageEnum, { nullable: true, description: "Stage kinds: the stage it left; null for CREATED and the other kinds" })
  fromStage!: PipelineStage | null;

  @Field(() => PipelineStageEnum, { nullable: true, description: "Stage kinds: the stage it entered; null for the other kinds" })
  toStage!: PipelineStage | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "CLOSE_DATE_PUSHED and CLOSE_DATE_PULLED_IN: the expected close date before" })
  closeDateBefore!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "CLOSE_DATE_PUSHED and CLOSE_DATE_PULLED_IN: the expected close date after" })
  closeDateAfter!: string | null;

  @Field(() => Money, { nullable: true, description: "VALUE_RAISED, VALUE_CUT and VALUE_CHANGED: the estimated value before" })
  valueBefore!: Money | null;

  @Field(() => Money, { nullable: true, description: "VALUE_RAISED, VALUE_CUT and VALUE_CHANGED: the estimated value after" })
  valueAfter!: Money | null;

  @Field(() => String, { nullable: true, description: "RENAMED: the name before" })
  nameBefore!: string | null;

  @Field(() => String, { nullable: true, description: "RENAMED: the name after" })
  nameAfter!: string | null;

  opportunityId!: string;
  actorId!: string | null;
}

@ObjectType()
export class PipelineChangeEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => PipelineChange)
  node!: PipelineChange;
}

@ObjectType({ description: "Changes newest first; one update that moves the close date and the value is two changes at the same moment" })
export class PipelineChangePage {
  @Field(() => [PipelineChangeEdge])
  edges!: PipelineChangeEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({
  description:
    "Pipeline inspection: what changed in the pipeline since a moment, from the stage history and the audit trail (so it is right for any past moment), of the opportunities in scope by their current team and owner",
})
export class PipelineChanges {
  @Field(() => DateTimeScalar)
  since!: Date;

  @Field(() => [ReportTeam], { description: "The teams counted" })
  teams!: ReportTeam[];

  @Field(() => [PipelineChangeCount], { description: "Every kind, in PipelineChangeKind order, each present even when zero, over everything since `since`" })
  summary!: PipelineChangeCount[];

  @Field(() => PipelineChangePage, { description: "The changes themselves, a page at a time (`first`, `after`)" })
  changes!: PipelineChangePage;
}
