import type { OpenStage, ReviewDepartment } from "@sales/domain";
import { Field, Float, ID, Int, ObjectType } from "type-graphql";
import { PipelineStageEnum, ReviewDepartmentEnum } from "../graphql/enums.ts";
import { DateTimeScalar, LocalDateScalar } from "../graphql/scalars.ts";
import { ReportTeam } from "./report.type.ts";

const DRILL = "Pass to reportOpportunities for every opportunity of the section";

@ObjectType({ description: "停滞 an open opportunity in its current stage longer than its team's playbook allows" })
export class StalledDeal {
  @Field(() => PipelineStageEnum)
  stage!: OpenStage;

  @Field(() => Float, { description: "Days (of 24 hours) since it entered the stage" })
  daysInStage!: number;

  @Field(() => Int, { description: "The team playbook's pipeline.stalledAfterDays for the stage" })
  thresholdDays!: number;

  opportunityId!: string;
}

@ObjectType()
export class StalledSection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [StalledDeal], { description: "The first `first`, longest past its threshold first (daysInStage − thresholdDays)" })
  items!: StalledDeal[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({ description: "SOP-5.3 a review still without a verdict, requested longer ago than the team's playbook allows" })
export class WaitingReview {
  @Field(() => ID)
  reviewId!: string;

  @Field(() => ID, { description: "The proposal version under review" })
  versionId!: string;

  @Field(() => ReviewDepartmentEnum)
  department!: ReviewDepartment;

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => Float, { description: "Days (of 24 hours) since the review was requested" })
  waitedDays!: number;

  @Field(() => Int, { description: "The team playbook's pipeline.reviewWaitDays" })
  thresholdDays!: number;

  opportunityId!: string;
  reviewerId!: string;
}

@ObjectType()
export class WaitingReviewSection {
  @Field(() => Int, { description: "Reviews waiting" })
  totalCount!: number;

  @Field(() => Int, { description: "Distinct opportunities of those reviews: the rows `drill` returns" })
  opportunityCount!: number;

  @Field(() => [WaitingReview], { description: "The first `first`, longest waiting first" })
  items!: WaitingReview[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({
  description: "SOP-5.3 a version whose reviews are all in but which the manager has not decided, longer after the last review than the team's playbook allows",
})
export class WaitingDecision {
  @Field(() => ID)
  versionId!: string;

  @Field(() => DateTimeScalar, { description: "When the last review came in" })
  lastReviewAt!: Date;

  @Field(() => Float, { description: "Days (of 24 hours) since the last review came in" })
  waitedDays!: number;

  @Field(() => Int, { description: "The team playbook's pipeline.decisionWaitDays" })
  thresholdDays!: number;

  opportunityId!: string;
}

@ObjectType()
export class WaitingDecisionSection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [WaitingDecision], { description: "The first `first`, longest waiting first" })
  items!: WaitingDecision[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({ description: "An open opportunity whose expected close date is before its team's today" })
export class PassedCloseDate {
  @Field(() => LocalDateScalar)
  expectedCloseOn!: string;

  @Field(() => Int, { description: "Days from the expected close date to the team's today" })
  daysPast!: number;

  opportunityId!: string;
}

@ObjectType()
export class PassedCloseDateSection {
  @Field(() => Int)
  totalCount!: number;

  @Field(() => [PassedCloseDate], { description: "The first `first`, the longest past first" })
  items!: PassedCloseDate[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({
  description:
    "Stalled and at-risk: what the weekly pipeline review should look at first. Every threshold is the deal's own team's playbook (pipeline section); waits are elapsed days of 24 hours until now",
})
export class PipelineRisks {
  @Field(() => [ReportTeam], { description: "The teams counted, each with the today its close dates are compared with" })
  teams!: ReportTeam[];

  @Field(() => StalledSection, { description: "Open opportunities in their current stage longer than pipeline.stalledAfterDays of the stage" })
  stalled!: StalledSection;

  @Field(() => WaitingReviewSection, {
    description:
      "SOP-5.3 reviews without a verdict requested more than pipeline.reviewWaitDays ago, of versions in review whose opportunity is IN_REVIEW (a lost opportunity's reviews are not waited for, as in the review queue)",
  })
  reviewsWaiting!: WaitingReviewSection;

  @Field(() => WaitingDecisionSection, {
    description:
      "SOP-5.3 versions with every requested review in and no manager decision, whose opportunity is IN_REVIEW and whose last review came in more than pipeline.decisionWaitDays ago (a version not yet sent for review is not counted)",
  })
  decisionsWaiting!: WaitingDecisionSection;

  @Field(() => PassedCloseDateSection, { description: "Open opportunities whose expected close date is before their team's today" })
  closeDatePassed!: PassedCloseDateSection;
}
