import { FUNNEL_STEPS, type FunnelStep, type LeadChannel, type Tier } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { graphqlEnum, LeadChannelEnum, TierEnum } from "../graphql/enums.ts";
import { FUNNEL_VIEWS, type FunnelView } from "./funnel.service.ts";
import { Ratio, ReportOverPeriod } from "./report.type.ts";

export const FunnelStepEnum = graphqlEnum(
  "FunnelStep",
  FUNNEL_STEPS,
  "A step of the funnel (销售漏斗): a lead is captured (SOP-1), assessed (SOP-2), then its opportunity enters OPPORTUNITY, PROPOSAL, IN_REVIEW, NEGOTIATION and WON",
);

export const FunnelViewEnum = graphqlEnum(
  "FunnelView",
  FUNNEL_VIEWS,
  "COHORT: the leads captured in the period, and how many of them have reached each step by now, wherever they are (a step counts once reached, even if the deal later went back or was lost; a later step implies the earlier ones). ACTIVITY: what happened in the period: leads captured, leads assessed for the first time (a re-assessment does not enter the step again), and opportunities entering each stage during it, whenever their lead was captured (a flow, so a step may exceed the one before it)",
);

@ObjectType({ description: "One step of the funnel: how many, and the conversion from the step before" })
export class FunnelStepCount {
  @Field(() => FunnelStepEnum)
  step!: FunnelStep;

  @Field(() => Int, { description: "Leads (CAPTURED, ASSESSED, and every step of the cohort view) or opportunities (stages of the activity view)" })
  count!: number;

  @Field(() => Ratio, { nullable: true, description: "count ÷ the previous step's count; null for CAPTURED" })
  conversionFromPrevious!: Ratio | null;

  @Field(() => String, { description: "Pass to reportLeads (cohort view, CAPTURED and ASSESSED) or reportOpportunities (activity stages) for the rows behind `count`" })
  drill!: string;
}

@ObjectType({ description: "The funnel of all leads in scope, or of one tier or one channel" })
export class FunnelBreakdown {
  @Field(() => TierEnum, { nullable: true, description: "The lead's tier now; null in the total and the channel rows" })
  tier!: Tier | null;

  @Field(() => LeadChannelEnum, { nullable: true, description: "The lead's capture channel (SOP-1.1); null in the total and the tier rows" })
  channel!: LeadChannel | null;

  @Field(() => [FunnelStepCount], { description: "Every step, in funnel order" })
  steps!: FunnelStepCount[];

  @Field(() => Ratio, { description: "WON ÷ CAPTURED" })
  leadToWon!: Ratio;
}

@ObjectType({ description: "销售漏斗 the funnel from captured lead to WON, by tier and by capture channel" })
export class PipelineFunnel extends ReportOverPeriod {
  @Field(() => FunnelViewEnum)
  view!: FunnelView;

  @Field(() => FunnelBreakdown)
  total!: FunnelBreakdown;

  @Field(() => [FunnelBreakdown], { description: "Tiers A, B and C, each present even when empty" })
  byTier!: FunnelBreakdown[];

  @Field(() => [FunnelBreakdown], { description: "Every capture channel, each present even when empty" })
  byChannel!: FunnelBreakdown[];
}
