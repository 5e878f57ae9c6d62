import type { OpenStage } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { PipelineStageEnum } from "../graphql/enums.ts";
import { Money } from "../money/money.type.ts";
import { ReportTeam } from "./report.type.ts";

const WEIGHTED =
  "Σ estimated value × the team playbook's win probability for the deal's stage ÷ 100, per currency, rounded half-up to a whole minor unit once per sum";

// Not emitted (no field returns it): the forecast's figure types inherit these fields.
@ObjectType("ForecastFigure")
abstract class ForecastFigure {
  @Field(() => Int)
  count!: number;

  @Field(() => [Money], { description: "Estimated value per currency, never converted" })
  total!: Money[];

  @Field(() => String, { description: "Pass to reportOpportunities for the opportunities behind `count`" })
  drill!: string;
}

@ObjectType("WeightedForecastFigure")
abstract class WeightedForecastFigure extends ForecastFigure {
  @Field(() => [Money], { description: WEIGHTED })
  weighted!: Money[];
}

@ObjectType({ description: "The open opportunities of one month in one open stage" })
export class ForecastStage extends WeightedForecastFigure {
  @Field(() => PipelineStageEnum)
  stage!: OpenStage;

  @Field(() => Int, {
    nullable: true,
    description: "The win probability (whole percent) the stage is weighted by, when every team in scope uses the same; null when their playbooks differ",
  })
  winProbabilityPercent!: number | null;
}

@ObjectType({ description: "The open opportunities expected to close in one calendar month" })
export class ForecastMonth extends WeightedForecastFigure {
  @Field(() => String, { description: "YYYY-MM, a calendar month in each team's own time zone" })
  month!: string;

  @Field(() => [ForecastStage], { description: "Every open stage, in pipeline order, each present even when empty" })
  byStage!: ForecastStage[];
}

@ObjectType({ description: "Open opportunities whose expected close date is before their team's today: in no month of the forecast, shown here so none is hidden" })
export class ForecastCloseDatePassed extends ForecastFigure {}

@ObjectType({
  description:
    "销售预测 the forecast: open opportunities by expected close month, from each team's today to the end of its N-th month, with value weighted by the team playbook's win probability per stage",
})
export class PipelineForecast {
  @Field(() => Int, { description: "The months asked for (N)" })
  months!: number;

  @Field(() => [ReportTeam], { description: "The teams counted, each with the time zone and today its months are counted from" })
  teams!: ReportTeam[];

  @Field(() => [ForecastMonth], {
    description:
      "Calendar months in order, each present even when empty. Each team's months start with its own current month (by its today, in its time zone): in the hours when teams are on either side of a month's turn, a company-wide forecast has N + 1 months, the first counting only the teams still in it and the last only the teams already past it. Empty when no team is in scope",
  })
  byMonth!: ForecastMonth[];

  @Field(() => ForecastCloseDatePassed)
  closeDatePassed!: ForecastCloseDatePassed;
}
