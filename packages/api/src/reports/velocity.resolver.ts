import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { toMoney } from "../money/money.type.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "../users/user.type.ts";
import { ReportPeriodArgs } from "./report.args.ts";
import type { ReportScope } from "./report-scope.ts";
import { drillToken, ratio, reportScopeOverPeriod, reportTeams } from "./report-views.ts";
import { pipelineVelocity, type VelocityGroup } from "./velocity.service.ts";
import { PipelineVelocity, PipelineVelocityRow } from "./velocity.type.ts";

const MAX_REPS = 500;

@Resolver(() => PipelineVelocity)
export class VelocityResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => PipelineVelocity, {
    description: "Issue 9 report 3: days in each stage, the sales cycle lead → WON and the sales-velocity figure, in total, per team and per rep",
  })
  async pipelineVelocity(@Args(() => ReportPeriodArgs) args: ReportPeriodArgs, @Ctx() ctx: RequestContext): Promise<PipelineVelocity> {
    const scope = await reportScopeOverPeriod(ctx, args);
    const report = await pipelineVelocity(ctx.reportDb, scope);
    const row = (group: VelocityGroup) => velocityRow(scope, group);
    return {
      from: args.from,
      to: args.to,
      teams: reportTeams(scope),
      total: row(report.total),
      byTeam: report.byTeam.map(row),
      repCount: report.byRep.length,
      repRows: report.byRep.map(row),
    };
  }

  @FieldResolver(() => [PipelineVelocityRow], { description: "One row per rep with any figure: most open opportunities first, then most deals won in the period" })
  byRep(
    @Root() report: PipelineVelocity,
    @Arg("first", () => Int, { defaultValue: 100, description: `At most ${MAX_REPS}; see repCount` }) first: number,
  ): PipelineVelocityRow[] {
    checkPageSize(first, MAX_REPS);
    return report.repRows.slice(0, first);
  }
}

@Resolver(() => PipelineVelocityRow)
export class PipelineVelocityRowResolver {
  @FieldResolver(() => Team, { nullable: true, description: "Set on the rows of `byTeam`" })
  async team(@Root() row: PipelineVelocityRow, @Ctx() ctx: RequestContext): Promise<Team | null> {
    return row.teamId ? ctx.loaders.teamById.load(row.teamId) : null;
  }

  @FieldResolver(() => User, { nullable: true, description: "Set on the rows of `byRep`: the current owner of the deals" })
  async rep(@Root() row: PipelineVelocityRow, @Ctx() ctx: RequestContext): Promise<User | null> {
    return row.ownerId ? ctx.loaders.userById.load(row.ownerId) : null;
  }
}

/**
 * A row's figures with drill tokens that select exactly its deals: a team or rep row narrows the
 * token's filters to itself, which the drill checks again against the caller's visibility.
 */
function velocityRow(scope: ReportScope, group: VelocityGroup): PipelineVelocityRow {
  const rowScope: ReportScope = {
    ...scope,
    filter: { teamId: group.teamId ?? scope.filter.teamId, ownerId: group.ownerId ?? scope.filter.ownerId },
  };
  const drill = (params: Record<string, string>) => drillToken("VELOCITY", rowScope, params);
  return {
    teamId: group.teamId,
    ownerId: group.ownerId,
    daysInStage: group.daysInStage.map((stage) => ({ ...stage, drill: drill({ figure: "STAYS", stage: stage.stage }) })),
    salesCycle: { ...group.salesCycle, drill: drill({ figure: "SALES_CYCLE" }) },
    openOpportunities: { count: group.openOpportunities, drill: drill({ figure: "OPEN" }) },
    velocity: {
      winRate: ratio(group.won, group.won + group.lost),
      averageCycleDays: group.salesCycle.averageDays,
      byCurrency: group.byCurrency.map((figure) => ({
        currency: figure.currency,
        openOpportunities: figure.openOpportunities,
        wonDeals: figure.wonDeals,
        averageWonValue: figure.averageWonValueMinor === null ? null : toMoney(figure.averageWonValueMinor, figure.currency),
        perDay: figure.perDayMinor === null ? null : toMoney(figure.perDayMinor, figure.currency),
      })),
    },
  };
}
