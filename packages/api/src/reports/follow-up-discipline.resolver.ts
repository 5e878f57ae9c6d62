import type { Tier } from "@sales/domain";
import { Args, Authorized, Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { User } from "../users/user.type.ts";
import { followUpDiscipline, type DisciplineFigure, type DisciplineRow } from "./follow-up-discipline.service.ts";
import { FollowUpDiscipline, FollowUpDisciplineRep, type FollowUpDisciplineRow } from "./follow-up-discipline.type.ts";
import type { DrilledCount } from "./report.type.ts";
import { repPageInfo, repPageQuery } from "./report-rep-page.ts";
import { ReportRepPageArgs } from "./report.args.ts";
import type { ReportScope } from "./report-scope.ts";
import { drillToken, ratio, reportScopeOverPeriod, reportTeams } from "./report-views.ts";

@Resolver(() => FollowUpDiscipline)
export class FollowUpDisciplineResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => FollowUpDiscipline, {
    description:
      "Issue 9 report 7, SOP-3: follow-up discipline per rep and tier over [from, to) in each team's time zone; every figure has a drill giving its leads",
  })
  async followUpDiscipline(
    @Args(() => ReportRepPageArgs) args: ReportRepPageArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<FollowUpDiscipline> {
    const page = repPageQuery(args.first, args.after);
    const scope = await reportScopeOverPeriod(ctx, args);
    const report = await followUpDiscipline(ctx.reportDb, scope, page);
    const teams = reportTeams(scope);
    const nodes = report.reps.map((rep) => ({
      repId: rep.ownerId,
      teamId: rep.teamId,
      team: teams.find((team) => team.id === rep.teamId)!,
      total: disciplineRow(scope, rep.total, rep),
      byTier: rep.byTier.map((row) => disciplineRow(scope, row, rep)),
    }));
    return {
      from: args.from,
      to: args.to,
      teams,
      total: disciplineRow(scope, report.total, null),
      byTier: report.byTier.map((row) => disciplineRow(scope, row, null)),
      reps: {
        nodes,
        pageInfo: repPageInfo(report.reps, report.hasMoreReps),
      },
    };
  }
}

@Resolver(() => FollowUpDisciplineRep)
export class FollowUpDisciplineRepResolver {
  @FieldResolver(() => User, { description: "The rep (销售人员): the owner of the leads now" })
  async rep(@Root() row: FollowUpDisciplineRep, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(row.repId))!;
  }
}

/** A discipline figure's drill token, for all reps or one rep (in one team), all tiers or one. */
export function disciplineDrill(
  scope: ReportScope,
  figure: DisciplineFigure,
  of: { teamId: string; ownerId: string } | null,
  tier: Tier | null,
): string {
  return drillToken("FOLLOW_UP_DISCIPLINE", scope, { figure, team: of?.teamId, rep: of?.ownerId, tier });
}

function disciplineRow(scope: ReportScope, row: DisciplineRow, of: { teamId: string; ownerId: string } | null): FollowUpDisciplineRow {
  const count = (figure: DisciplineFigure): DrilledCount => ({ count: row.counts[figure], drill: disciplineDrill(scope, figure, of, row.tier) });
  return {
    tier: row.tier,
    doneOnTime: count("DONE_ON_TIME"),
    doneLate: count("DONE_LATE"),
    missed: count("MISSED"),
    stillOpen: count("STILL_OPEN"),
    overdueNow: count("OVERDUE_NOW"),
    unattended: count("UNATTENDED"),
    firstContactSla: {
      ...ratio(row.counts.FIRST_CONTACT_ON_TIME, row.counts.FIRST_CONTACT_DUE),
      numeratorDrill: disciplineDrill(scope, "FIRST_CONTACT_ON_TIME", of, row.tier),
      denominatorDrill: disciplineDrill(scope, "FIRST_CONTACT_DUE", of, row.tier),
    },
  };
}
