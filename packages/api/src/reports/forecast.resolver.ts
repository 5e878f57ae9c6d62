import { Arg, Args, Authorized, Ctx, Int, Query, Resolver } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { agreedWinProbability, checkForecastMonths, pipelineForecast } from "./forecast.service.ts";
import { PipelineForecast } from "./forecast.type.ts";
import { ReportFilterArgs } from "./report.args.ts";
import { drillToken, moneyByCurrency, reportScopeNow, reportTeams } from "./report-views.ts";

@Resolver(() => PipelineForecast)
export class ForecastResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => PipelineForecast, {
    description:
      "Issue 9 report 4, 销售预测: open opportunities by expected close month for the next `months` months (each team from its own today), weighted by the team playbook's win probability per stage, and those whose close date has passed",
  })
  async pipelineForecast(
    @Args(() => ReportFilterArgs) args: ReportFilterArgs,
    @Arg("months", () => Int, { defaultValue: 6, description: "How many months, the team's current month first; 1 to 24" }) months: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineForecast> {
    checkForecastMonths(months);
    const scope = await reportScopeNow(ctx, args);
    const report = await pipelineForecast(ctx.reportDb, scope, months);
    const monthDrill = (month: string, stage: string | null) => drillToken("FORECAST", scope, { figure: "MONTH", months: String(months), month, stage });
    return {
      months,
      teams: reportTeams(scope),
      byMonth: report.byMonth.map((month) => ({
        month: month.month,
        count: month.count,
        total: moneyByCurrency(month.total),
        weighted: moneyByCurrency(month.weighted),
        drill: monthDrill(month.month, null),
        byStage: month.byStage.map((stage) => ({
          stage: stage.stage,
          count: stage.count,
          total: moneyByCurrency(stage.total),
          weighted: moneyByCurrency(stage.weighted),
          winProbabilityPercent: agreedWinProbability(scope, stage.stage),
          drill: monthDrill(month.month, stage.stage),
        })),
      })),
      closeDatePassed: {
        count: report.closeDatePassed.count,
        total: moneyByCurrency(report.closeDatePassed.total),
        drill: drillToken("FORECAST", scope, { figure: "CLOSE_DATE_PASSED" }),
      },
    };
  }
}
