import type { Tier } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { TierEnum } from "../graphql/enums.ts";
import { DrilledCount, DrilledMoney, DrilledRatio, ReportOverPeriod, ReportTeam, repPageType } from "./report.type.ts";

@ObjectType({ description: "How many leads of one tier a rep owns now" })
export class ScorecardTierCount {
  @Field(() => TierEnum)
  tier!: Tier;

  @Field(() => Int)
  count!: number;

  @Field(() => String, { description: "Pass to reportLeads for the leads behind the count" })
  drill!: string;
}

@ObjectType({ description: "One rep's (销售人员) figures in one team" })
export class RepScorecardRow {
  repId!: string;

  @Field(() => ReportTeam)
  team!: ReportTeam;

  @Field(() => [ScorecardTierCount], {
    description: "Leads (潜在客户) the rep owns now by their tier now, merged and disqualified ones left out: tiers A, B and C, each present",
  })
  leadsOwned!: ScorecardTierCount[];

  @Field(() => DrilledRatio, {
    description: "First contact (首次联系) SLA over the period, as followUpDiscipline.firstContactSla counts it; both drills give leads",
  })
  firstContactRate!: DrilledRatio;

  @Field(() => DrilledCount, { description: "Open follow-ups past their due time now (逾期), as followUpDiscipline.overdueNow counts them; the drill gives their leads" })
  overdueNow!: DrilledCount;

  @Field(() => DrilledMoney, { description: "Estimated value of the rep's open opportunities (销售机会) now" })
  openPipeline!: DrilledMoney;

  @Field(() => DrilledMoney, {
    description: "Forecast (销售预测): the open opportunities' estimated value × their stage's win probability in the team's playbook, rounded once per sum",
  })
  weightedForecast!: DrilledMoney;

  @Field(() => DrilledMoney, { description: "Contract amounts of the opportunities won (赢单) in the period" })
  wonValue!: DrilledMoney;

  @Field(() => DrilledRatio, { description: "Win rate (赢单率) by count: won ÷ (won + lost) in the period; both drills give opportunities" })
  winRate!: DrilledRatio;
}

export const RepScorecardPage = repPageType("RepScorecardPage", RepScorecardRow);
export type RepScorecardPage = InstanceType<typeof RepScorecardPage>;

@ObjectType({
  description:
    "The rep scorecard: one row per rep (active reps of the teams in scope, and any rep with work counted here), combining leads owned, first-contact SLA, overdue follow-ups, pipeline, forecast, won value and win rate",
})
export class RepScorecard extends ReportOverPeriod {
  @Field(() => RepScorecardPage)
  reps!: RepScorecardPage;
}
