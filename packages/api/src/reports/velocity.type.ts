import type { OpenStage } from "@sales/domain";
import { Field, Float, Int, ObjectType } from "type-graphql";
import { PipelineStageEnum } from "../graphql/enums.ts";
import { Money } from "../money/money.type.ts";
import { Ratio, ReportOverPeriod } from "./report.type.ts";

@ObjectType({
  description:
    "Days in one open stage, over the stays in it that ended in the period (a stay runs from the stage change into the stage to the opportunity's next stage change; stays still running are not counted)",
})
export class StageDays {
  @Field(() => PipelineStageEnum, { description: "OPPORTUNITY, PROPOSAL, IN_REVIEW or NEGOTIATION" })
  stage!: OpenStage;

  @Field(() => Int, { description: "Stays in the stage that ended in the period (an opportunity that entered the stage twice has two)" })
  stays!: number;

  @Field(() => Float, { nullable: true, description: "Median days (fractional: 1.5 is a day and a half); null with no stay" })
  medianDays!: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile of days (interpolated); null with no stay" })
  p90Days!: number | null;

  @Field(() => String, { description: "Pass to reportOpportunities for the opportunities with such a stay ending in the period" })
  drill!: string;
}

@ObjectType({ description: "The sales cycle of the deals won in the period: days from the lead's capture (SOP-1.3) to WON" })
export class SalesCycle {
  @Field(() => Int, { description: "Deals won in the period" })
  deals!: number;

  @Field(() => Float, { nullable: true, description: "Null when nothing was won" })
  medianDays!: number | null;

  @Field(() => Float, { nullable: true, description: "90th percentile (interpolated); null when nothing was won" })
  p90Days!: number | null;

  @Field(() => Float, { nullable: true, description: "Mean; null when nothing was won" })
  averageDays!: number | null;

  @Field(() => String, { description: "Pass to reportOpportunities for the won deals" })
  drill!: string;
}

@ObjectType({ description: "Opportunities open now (OPPORTUNITY to NEGOTIATION), whatever the period" })
export class OpenOpportunities {
  @Field(() => Int)
  count!: number;

  @Field(() => String, { description: "Pass to reportOpportunities for the open deals" })
  drill!: string;
}

@ObjectType({ description: "The sales-velocity figure in one currency, with the factors it is made of" })
export class SalesVelocityInCurrency {
  @Field(() => String, { description: "ISO 4217 code; amounts are never converted between currencies" })
  currency!: string;

  @Field(() => Int, { description: "Opportunities open now in this currency" })
  openOpportunities!: number;

  @Field(() => Int, { description: "Deals in this currency won in the period" })
  wonDeals!: number;

  @Field(() => Money, { nullable: true, description: "Mean signed contract amount of those won deals, rounded to a whole minor unit; null when none" })
  averageWonValue!: Money | null;

  @Field(() => Money, {
    nullable: true,
    description:
      "Value per day: openOpportunities × averageWonValue × winRate ÷ averageCycleDays, rounded to a whole minor unit; null when a factor is unknown (nothing won in this currency, nothing closed, no cycle)",
  })
  perDay!: Money | null;
}

@ObjectType({ description: "Sales velocity: how much value the pipeline turns into won business per day" })
export class SalesVelocity {
  @Field(() => Ratio, { description: "Win rate (赢单率) by count, all currencies: deals won in the period ÷ deals won or lost in it" })
  winRate!: Ratio;

  @Field(() => Float, { nullable: true, description: "salesCycle.averageDays: all currencies" })
  averageCycleDays!: number | null;

  @Field(() => [SalesVelocityInCurrency], { description: "Every currency with an open opportunity or a deal won in the period, by currency code" })
  byCurrency!: SalesVelocityInCurrency[];
}

@ObjectType({ description: "Velocity of all work in scope, of one team, or of one rep (the current owner of the deals)" })
export class PipelineVelocityRow {
  @Field(() => [StageDays], {
    description: "Days in stage over the stays that ended in the period: each open stage, in pipeline order, present even without stays",
  })
  daysInStage!: StageDays[];

  @Field(() => SalesCycle)
  salesCycle!: SalesCycle;

  @Field(() => OpenOpportunities)
  openOpportunities!: OpenOpportunities;

  @Field(() => SalesVelocity)
  velocity!: SalesVelocity;

  teamId!: string | null;
  ownerId!: string | null;
}

@ObjectType({
  description:
    "Pipeline velocity: days in each stage and the sales cycle, from the stage history, and the sales-velocity figure. A company-wide report counts each team's period in the team's own time zone",
})
export class PipelineVelocity extends ReportOverPeriod {
  @Field(() => PipelineVelocityRow)
  total!: PipelineVelocityRow;

  @Field(() => [PipelineVelocityRow], { description: "Every team counted, each present even when empty" })
  byTeam!: PipelineVelocityRow[];

  @Field(() => Int, { description: "How many reps `byRep` has in all" })
  repCount!: number;

  /** All rep rows; `byRep` pages them. */
  repRows!: PipelineVelocityRow[];
}
