import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from "type-graphql";
import type { CurrencyCode } from "@sales/domain";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import { actorOf, type RequestContext } from "../context/request-context.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { toMoney } from "../money/money.type.ts";
import { Opportunity } from "../opportunities/opportunity.type.ts";
import { User } from "../users/user.type.ts";
import { checkChangesSince, decodeChangeCursor, pipelineChangePage, pipelineChangeSummary } from "./pipeline-changes.service.ts";
import { PipelineChange, PipelineChanges } from "./pipeline-changes.type.ts";
import { ReportFilterArgs } from "./report.args.ts";
import { drillToken, reportScopeNow, reportTeams } from "./report-views.ts";

const MAX_PAGE_SIZE = 500;

@Resolver(() => PipelineChanges)
export class PipelineChangesResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => PipelineChanges, {
    description:
      "Issue 9 report 5, pipeline inspection: opportunities created, moved forward or backwards, won, lost, reopened, close dates pushed or pulled in, values raised or cut, since `since`, each with who did it and before/after",
  })
  async pipelineChanges(
    @Arg("since", () => DateTimeScalar, { description: "Not in the future, at most 731 days back" }) since: Date,
    @Args(() => ReportFilterArgs) args: ReportFilterArgs,
    @Arg("first", () => Int, { defaultValue: 100, description: `Changes per page, 1 to ${MAX_PAGE_SIZE}` }) first: number,
    @Arg("after", () => String, { nullable: true, description: "endCursor of the page before" }) after: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<PipelineChanges> {
    const actor = actorOf(ctx);
    checkChangesSince(since, actor.now);
    checkPageSize(first, MAX_PAGE_SIZE);
    const position = after ? decodeChangeCursor(after, "after") : null;
    const scope = await reportScopeNow(ctx, args);
    const [summary, page] = await Promise.all([
      pipelineChangeSummary(ctx.reportDb, scope, since),
      pipelineChangePage(ctx.reportDb, scope, since, { first, after: position }),
    ]);
    const money = (value: { amount: string; currency: string } | null) => value && toMoney(BigInt(value.amount), value.currency as CurrencyCode);
    const edges = page.entries.map(({ cursor, valueBefore, valueAfter, ...entry }) => ({
      cursor,
      node: { ...entry, valueBefore: money(valueBefore), valueAfter: money(valueAfter) },
    }));
    return {
      since,
      teams: reportTeams(scope),
      summary: summary.map((row) => ({ ...row, drill: drillToken("PIPELINE_CHANGES", scope, { kind: row.kind, since: since.toISOString() }) })),
      changes: { edges, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } },
    };
  }
}

@Resolver(() => PipelineChange)
export class PipelineChangeResolver {
  @FieldResolver(() => Opportunity)
  async opportunity(@Root() change: PipelineChange, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    return (await ctx.loaders.opportunityById.load(change.opportunityId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who made the change; null for a change the system made" })
  async actor(@Root() change: PipelineChange, @Ctx() ctx: RequestContext): Promise<User | null> {
    return change.actorId === null ? null : ctx.loaders.userById.load(change.actorId);
  }
}
