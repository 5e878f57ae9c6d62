import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { Opportunity } from "../opportunities/opportunity.type.ts";
import { User } from "../users/user.type.ts";
import { pipelineRisks, type RiskSection } from "./pipeline-risks.service.ts";
import { PassedCloseDate, PipelineRisks, StalledDeal, WaitingDecision, WaitingReview } from "./pipeline-risks.type.ts";
import { ReportFilterArgs } from "./report.args.ts";
import { drillToken, reportScopeNow, reportTeams } from "./report-views.ts";

const MAX_ITEMS = 200;

@Resolver(() => PipelineRisks)
export class PipelineRisksResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => PipelineRisks, {
    description:
      "Issue 9 report 6, stalled and at-risk: deals standing in their stage too long, reviews and decisions waiting too long (SOP-5.3), close dates already past; thresholds from each team's playbook",
  })
  async pipelineRisks(
    @Args(() => ReportFilterArgs) args: ReportFilterArgs,
    @Arg("first", () => Int, { defaultValue: 50, description: `Items per section, 1 to ${MAX_ITEMS}; totalCount counts them all` }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineRisks> {
    checkPageSize(first, MAX_ITEMS);
    const scope = await reportScopeNow(ctx, args);
    const report = await pipelineRisks(ctx.reportDb, scope, first);
    const drill = (section: RiskSection) => drillToken("RISKS", scope, { section });
    return {
      teams: reportTeams(scope),
      stalled: { ...report.stalled, drill: drill("STALLED") },
      reviewsWaiting: { ...report.reviewsWaiting, drill: drill("REVIEWS_WAITING") },
      decisionsWaiting: { ...report.decisionsWaiting, drill: drill("DECISIONS_WAITING") },
      closeDatePassed: { ...report.closeDatePassed, drill: drill("CLOSE_DATE_PASSED") },
    };
  }
}

async function opportunityOf(item: { opportunityId: string }, ctx: RequestContext): Promise<Opportunity> {
  return (await ctx.loaders.opportunityById.load(item.opportunityId))!;
}

@Resolver(() => StalledDeal)
export class StalledDealResolver {
  @FieldResolver(() => Opportunity)
  opportunity(@Root() item: StalledDeal, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return opportunityOf(item, ctx);
  }
}

@Resolver(() => WaitingReview)
export class WaitingReviewResolver {
  @FieldResolver(() => Opportunity)
  opportunity(@Root() item: WaitingReview, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return opportunityOf(item, ctx);
  }

  @FieldResolver(() => User)
  async reviewer(@Root() item: WaitingReview, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(item.reviewerId))!;
  }
}

@Resolver(() => WaitingDecision)
export class WaitingDecisionResolver {
  @FieldResolver(() => Opportunity)
  opportunity(@Root() item: WaitingDecision, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return opportunityOf(item, ctx);
  }
}

@Resolver(() => PassedCloseDate)
export class PassedCloseDateResolver {
  @FieldResolver(() => Opportunity)
  opportunity(@Root() item: PassedCloseDate, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return opportunityOf(item, ctx);
  }
}
