import { FUNNEL_STEPS } from "@sales/domain";
import { Arg, Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { pipelineFunnel, type FunnelGroup, type FunnelView } from "./funnel.service.ts";
import { FunnelViewEnum, PipelineFunnel, type FunnelBreakdown } from "./funnel.type.ts";
import { ReportPeriodArgs } from "./report.args.ts";
import type { ReportScope } from "./report-scope.ts";
import { drillToken, ratio, reportScopeOverPeriod, reportTeams } from "./report-views.ts";

@Resolver(() => PipelineFunnel)
export class FunnelResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => PipelineFunnel, { description: "Issue 9 report 1: the funnel from captured lead to WON, by tier and by capture channel (see FunnelView)" })
  async pipelineFunnel(
    @Args(() => ReportPeriodArgs) args: ReportPeriodArgs,
    @Arg("view", () => FunnelViewEnum, { defaultValue: "COHORT" }) view: FunnelView,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineFunnel> {
    const scope = await reportScopeOverPeriod(ctx, args);
    const report = await pipelineFunnel(ctx.reportDb, scope, view);
    const breakdown = (group: FunnelGroup) => funnelBreakdown(scope, view, group);
    return {
      view,
      from: args.from,
      to: args.to,
      teams: reportTeams(scope),
      total: breakdown(report.total),
      byTier: report.byTier.map(breakdown),
      byChannel: report.byChannel.map(breakdown),
    };
  }
}

function funnelBreakdown(scope: ReportScope, view: FunnelView, group: FunnelGroup): FunnelBreakdown {
  const report = view === "COHORT" ? "FUNNEL_COHORT" : "FUNNEL_ACTIVITY";
  return {
    tier: group.tier,
    channel: group.channel,
    steps: FUNNEL_STEPS.map((step, index) => {
      const previous = index === 0 ? null : FUNNEL_STEPS[index - 1]!;
      return {
        step,
        count: group.counts[step],
        conversionFromPrevious: previous === null ? null : ratio(group.counts[step], group.counts[previous]),
        drill: drillToken(report, scope, { step, tier: group.tier, channel: group.channel }),
      };
    }),
    leadToWon: ratio(group.counts.WON, group.counts.CAPTURED),
  };
}
