import { TIERS } from "@sales/domain";
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { User } from "../users/user.type.ts";
import { repPageInfo, repPageQuery } from "./report-rep-page.ts";
import { ReportRepPageArgs } from "./report.args.ts";
import type { ReportScope } from "./report-scope.ts";
import { drillToken, moneyByCurrency, ratio, reportScopeOverPeriod, reportTeams } from "./report-views.ts";
import { repScorecard, type ScorecardFigure, type ScorecardRow } from "./rep-scorecard.service.ts";
import { RepScorecard, RepScorecardRow } from "./rep-scorecard.type.ts";

@Resolver(() => RepScorecard)
export class RepScorecardResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => RepScorecard, {
    description:
      "Issue 9 report 8: one row per rep (a rep sees their own, a manager the team's reps, an analyst every team's) over [from, to) in each team's time zone; every figure has a drill",
  })
  async repScorecard(
    @Args(() => ReportRepPageArgs) args: ReportRepPageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<RepScorecard> {
    const page = repPageQuery(args.first, args.after);
    const scope = await reportScopeOverPeriod(ctx, args);
    const report = await repScorecard(ctx.reportDb, scope, page);
    const teams = reportTeams(scope);
    return {
      from: args.from,
      to: args.to,
      teams,
      reps: {
        nodes: report.rows.map((row) => ({ ...scorecardRow(scope, row), team: teams.find((team) => team.id === row.teamId)! })),
        pageInfo: repPageInfo(report.rows, report.hasMoreReps),
      },
    };
  }
}

@Resolver(() => RepScorecardRow)
export class RepScorecardRowResolver {
  @FieldResolver(() => User, { description: "The rep (销售人员)" })
  async rep(@Root() row: RepScorecardRow, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(row.repId))!;
  }
}

function scorecardRow(scope: ReportScope, row: ScorecardRow): Omit<RepScorecardRow, "team"> {
  const drill = (figure: ScorecardFigure, tier?: string) => drillToken("SCORECARD", scope, { figure, team: row.teamId, rep: row.ownerId, tier });
  return {
    repId: row.ownerId,
    leadsOwned: TIERS.map((tier) => ({ tier, count: row.leadsOwned[tier], drill: drill("LEADS_OWNED", tier) })),
    firstContactRate: {
      ...ratio(row.firstContactOnTime, row.firstContactDue),
      numeratorDrill: drill("FIRST_CONTACT_ON_TIME"),
      denominatorDrill: drill("FIRST_CONTACT_DUE"),
    },
    overdueNow: { count: row.overdueNow, drill: drill("OVERDUE_NOW") },
    openPipeline: { amounts: moneyByCurrency(row.money.OPEN_PIPELINE), drill: drill("OPEN_PIPELINE") },
    weightedForecast: { amounts: moneyByCurrency(row.money.WEIGHTED_FORECAST), drill: drill("OPEN_PIPELINE") },
    wonValue: { amounts: moneyByCurrency(row.money.WON_VALUE), drill: drill("WON") },
    winRate: { ...ratio(row.won, row.closed), numeratorDrill: drill("WON"), denominatorDrill: drill("CLOSED") },
  };
}
