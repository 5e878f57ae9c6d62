import { PIPELINE_STAGES, stageDurations, type LossReason, type PipelineStage } from "@sales/domain";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES, LEAD_WRITER_ROLES } from "../access/visibility.ts";
import { AuditEvent } from "../audit/audit-event.type.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { resolveQueueScope } from "../follow-ups/follow-up-queue.ts";
import { LossReasonEnum } from "../graphql/enums.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { HISTORY_DEFAULT_ENTRIES, HISTORY_LAST_DESCRIPTION, HISTORY_MAX_ENTRIES, historyAsSeenBy } from "../audit/audit-history.ts";
import { Lead } from "../leads/lead.type.ts";
import { Money, readMoneyInput, toMoney } from "../money/money.type.ts";
import { Proposal, ProposalVersion } from "../proposals/proposal.type.ts";
import { ProposalReview } from "../reviews/review.type.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "../users/user.type.ts";
import { findOpportunityPage, opportunityCursor, readOpportunityCursor, totalOpportunitiesByStage, type OpportunityListFilter } from "./opportunity-queries.ts";
import { findOpportunitySuggestions } from "./opportunity-suggestions.ts";
import { OpenOpportunityInput, OpportunitiesArgs, UpdateOpportunityInput } from "./opportunity.input.ts";
import { markLost, openOpportunity, reopenOpportunity, updateOpportunity } from "./opportunity.service.ts";
import { Opportunity, OpportunityConnection, OpportunityStageTotal, OpportunitySuggestion, StageChange } from "./opportunity.type.ts";
import { overlongFilterLists } from "../graphql/filter-lists.ts";
import { connectionPage } from "../graphql/connection-page.ts";
import { selectedFieldNames } from "../graphql/selected-fields.ts";
import { leadColumnsFor } from "../leads/lead-selection.ts";
import { proposalVersionColumnsFor } from "../proposals/proposal-version-selection.ts";
import { opportunityColumnsFor } from "./opportunity-selection.ts";
import { userColumnsFor } from "../users/user-selection.ts";

const MAX_PAGE_SIZE = 200;

@Resolver(() => Opportunity)
export class OpportunityResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => Opportunity, { nullable: true, description: "Null when it does not exist or is not yours to see" })
  async opportunity(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Opportunity | null> {
    return isUuid(id) ? ctx.loaders.opportunityById.load(id) : null;
  }

  @Authorized(LEAD_READER_ROLES)
  @Query(() => OpportunityConnection, { description: "The pipeline you may see: a rep their own, a manager their team's" })
  async opportunities(
    @Args(() => OpportunitiesArgs) args: OpportunitiesArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<OpportunityConnectionSource> {
    checkPageSize(args.first, MAX_PAGE_SIZE);
    const filter = listFilter(args);
    const after = args.after ? readOpportunityCursor(args.orderBy, args.after, "after") : null;
    const fields = selectedFieldNames(info, ["edges", "node"]);
    const relations = {
      lead: fields.has("lead") ? leadColumnsFor(selectedFieldNames(info, ["edges", "node", "lead"])) : null,
      owner: fields.has("owner") ? userColumnsFor(selectedFieldNames(info, ["edges", "node", "owner"])) : null,
      latestVersion: fields.has("latestProposalVersion") ? proposalVersionColumnsFor(selectedFieldNames(info, ["edges", "node", "latestProposalVersion"])) : null,
      // Read in the page's statement from its latest version, which it joins whether or not the version is asked for.
      pendingReviews: fields.has("pendingReviews"),
    };
    const columns = opportunityColumnsFor(fields);
    const page = await findOpportunityPage(ctx.db, ctx.viewer, { first: args.first, after, filter, order: args.orderBy, columns, relations });
    const nodes = page.rows.map(({ opportunity, owner, lead, latestVersion, pendingReviews }): OpportunityNode => {
      // Read with the page: the field resolvers find them here, the reviewers (whole rows) in the loader too, instead of asking again.
      for (const { reviewer } of pendingReviews ?? []) ctx.loaders.userById.prime(reviewer.id, reviewer);
      return lead === undefined && owner === undefined && latestVersion === undefined && pendingReviews === undefined
        ? opportunity
        : Object.assign(opportunity, { readWithPage: { lead, owner, latestVersion, pendingReviews: pendingReviews?.map((pending) => pending.review) } });
    });
    return { ...connectionPage(nodes, page.hasNextPage, (row) => opportunityCursor(args.orderBy, row)), filter };
  }

  @Authorized(LEAD_READER_ROLES)
  @Query(() => [OpportunitySuggestion], {
    description: "SOP-4.3 leads whose recorded signals suggest an opportunity: yours, or a rep's of your team",
  })
  async opportunitySuggestions(
    @Arg("ownerId", () => ID, { nullable: true, description: "Yours when not given" }) ownerId: string | null,
    @Arg("first", () => Int, { defaultValue: 50, description: `The newest leads that qualify, 1 to ${MAX_PAGE_SIZE}` }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<OpportunitySuggestion[]> {
    checkPageSize(first, MAX_PAGE_SIZE);
    const viewer = actorOf(ctx).user;
    const scope = await resolveQueueScope(ctx.db, viewer, { ownerId });
    return findOpportunitySuggestions(ctx.db, viewer, scope.ownerId!, first);
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "SOP-4.3 moves the lead into the pipeline; its cadence follow-ups stop" })
  async openOpportunity(
    @Arg("leadId", () => ID) leadId: string,
    @Arg("input", () => OpenOpportunityInput) input: OpenOpportunityInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Opportunity> {
    const row = await openOpportunity(ctx.db, actorOf(ctx), leadId, input);
    clearLoaders(ctx);
    return row;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, {
    description:
      "Changes an open opportunity's name, estimated value (in its currency) or expected close date (not in the past); fields left out stay. " +
      "The owner rep or the team's manager only; not once WON or LOST; a stale expectedVersion gets CONFLICT. " +
      "Records one OPPORTUNITY_UPDATED event in the history with the changed fields before and after; a call that changes nothing records nothing and keeps the version",
  })
  async updateOpportunity(
    @Arg("id", () => ID) id: string,
    @Arg("expectedVersion", () => Int, { description: "The version you read; see Opportunity.version" }) expectedVersion: number,
    @Arg("input", () => UpdateOpportunityInput) input: UpdateOpportunityInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Opportunity> {
    const row = await updateOpportunity(ctx.db, actorOf(ctx), id, expectedVersion, { ...input });
    clearLoaders(ctx);
    return row;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "SOP-6.3 lost, from any open stage, with a reason from the fixed list" })
  async markLost(
    @Arg("opportunityId", () => ID) opportunityId: string,
    @Arg("reason", () => LossReasonEnum) reason: LossReason,
    @Arg("note", () => String, { nullable: true }) note: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Opportunity> {
    const row = await markLost(ctx.db, actorOf(ctx), opportunityId, reason, note);
    clearLoaders(ctx);
    return row;
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Opportunity, { description: "Brings a lost opportunity back to the stage it was lost from" })
  async reopenOpportunity(@Arg("opportunityId", () => ID) opportunityId: string, @Ctx() ctx: RequestContext): Promise<Opportunity> {
    const row = await reopenOpportunity(ctx.db, actorOf(ctx), opportunityId);
    clearLoaders(ctx);
    return row;
  }

  @FieldResolver(() => Money, { description: "What the rep expects to sell" })
  estimatedValue(@Root() opportunity: Opportunity): Money {
    return toMoney(opportunity.estimatedValueMinor, opportunity.currency);
  }

  @FieldResolver(() => Lead, { nullable: true, description: "Null when the lead is not yours to see (e.g. reassigned)" })
  lead(@Root() opportunity: OpportunityNode, @Ctx() ctx: RequestContext): Lead | null | Promise<Lead | null> {
    const read = opportunity.readWithPage?.lead;
    return read !== undefined ? read : ctx.loaders.leadById.load(opportunity.leadId);
  }

  @FieldResolver(() => User)
  owner(@Root() opportunity: OpportunityNode, @Ctx() ctx: RequestContext): User | Promise<User> {
    return opportunity.readWithPage?.owner ?? ctx.loaders.userById.load(opportunity.ownerId).then((owner) => owner!);
  }

  @FieldResolver(() => Team)
  async team(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(opportunity.teamId))!;
  }

  @FieldResolver(() => [Proposal], { description: "SOP-5 the opportunity's proposal (one, revised through its versions)" })
  async proposals(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): Promise<Proposal[]> {
    return ctx.loaders.proposalsByOpportunity.load(opportunity.id);
  }

  @FieldResolver(() => ProposalVersion, { nullable: true, description: "The latest submitted version of the opportunity's proposal" })
  latestProposalVersion(@Root() opportunity: OpportunityNode, @Ctx() ctx: RequestContext): ProposalVersion | null | Promise<ProposalVersion | null> {
    const read = opportunity.readWithPage?.latestVersion;
    return read !== undefined ? read : loadLatestVersion(opportunity, ctx);
  }

  @FieldResolver(() => [ProposalReview], { description: "SOP-5.3 reviews of the latest version still waiting for a reviewer" })
  pendingReviews(@Root() opportunity: OpportunityNode, @Ctx() ctx: RequestContext): ProposalReview[] | Promise<ProposalReview[]> {
    return opportunity.readWithPage?.pendingReviews ?? loadLatestVersion(opportunity, ctx).then((latest) => pendingReviewsOf(latest, ctx));
  }

  @FieldResolver(() => [StageChange], { description: "Every stage move, oldest first, with the time spent in each stage" })
  async stageHistory(@Root() opportunity: Opportunity, @Ctx() ctx: RequestContext): Promise<StageChange[]> {
    const changes = await ctx.loaders.stageChangesByOpportunity.load(opportunity.id);
    const durations = stageDurations(
      changes.map((change) => ({ to: change.toStage, at: change.at })),
      ctx.now,
    );
    return changes.map((change, index) => ({ ...change, leftAt: durations[index]!.leftAt, durationMs: durations[index]!.durationMs }));
  }

  @FieldResolver(() => [AuditEvent], { description: "The newest changes to the opportunity, oldest of them first" })
  async history(
    @Root() opportunity: Opportunity,
    @Arg("last", () => Int, { defaultValue: HISTORY_DEFAULT_ENTRIES, description: HISTORY_LAST_DESCRIPTION }) last: number,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditEvent[]> {
    checkPageSize(last, HISTORY_MAX_ENTRIES, "last");
    return historyAsSeenBy(ctx.viewer, await ctx.loaders.historyByOpportunity.load({ id: opportunity.id, last }));
  }
}

/**
 * A page's node, with what the page's statement read beside it (opportunity-queries.ts): the
 * lead and the owner with the columns the query asks for, which must not reach leadById or
 * userById (whose rows are whole), the latest version, which versionsByProposal cannot hold
 * alone, and its reviews still out (their reviewers primed into userById). Their resolvers return
 * these as they are, not in a promise, as the leads page's do (leads/lead.resolver.ts).
 */
type OpportunityNode = Opportunity & {
  readWithPage?: { lead?: Lead | null; owner?: User; latestVersion?: ProposalVersion | null; pendingReviews?: ProposalReview[] };
};

function pendingReviewsOf(latest: ProposalVersion | null, ctx: RequestContext): ProposalReview[] | Promise<ProposalReview[]> {
  if (!latest || latest.status !== "IN_REVIEW") return [];
  return ctx.loaders.reviewsByVersion.load(latest.id).then((reviews) => reviews.filter((review) => review.verdict === null));
}

async function loadLatestVersion(opportunity: Opportunity, ctx: RequestContext): Promise<ProposalVersion | null> {
  const [proposal] = await ctx.loaders.proposalsByOpportunity.load(opportunity.id);
  if (!proposal) return null;
  return (await ctx.loaders.versionsByProposal.load(proposal.id)).at(-1) ?? null;
}

/** The connection remembers its filter so the totals run only when a client asks for them. */
type OpportunityConnectionSource = OpportunityConnection & { filter: OpportunityListFilter };

@Resolver(() => OpportunityConnection)
export class OpportunityConnectionResolver {
  @FieldResolver(() => Int, { description: "All opportunities matching the filter that you may see; counted only when asked for" })
  async totalCount(@Root() connection: OpportunityConnectionSource, @Ctx() ctx: RequestContext): Promise<number> {
    const totals = await totalOpportunitiesByStage(ctx.db, ctx.viewer, connection.filter);
    return totals.reduce((sum, total) => sum + total.count, 0);
  }

  @FieldResolver(() => [OpportunityStageTotal], {
    description: "The pipeline board's column heads: per stage with any match, how many match the filter and their estimated value per currency; computed only when asked for",
  })
  async byStage(@Root() connection: OpportunityConnectionSource, @Ctx() ctx: RequestContext): Promise<OpportunityStageTotal[]> {
    const totals = await totalOpportunitiesByStage(ctx.db, ctx.viewer, connection.filter);
    const byStage = new Map<PipelineStage, OpportunityStageTotal>();
    for (const total of totals) {
      const stage = byStage.get(total.stage) ?? { stage: total.stage, count: 0, value: [] };
      stage.count += total.count;
      stage.value.push(toMoney(total.valueMinor, total.currency));
      byStage.set(total.stage, stage);
    }
    return PIPELINE_STAGES.flatMap((stage) => byStage.get(stage) ?? []);
  }
}

@Resolver(() => StageChange)
export class StageChangeResolver {
  @FieldResolver(() => User)
  async actor(@Root() change: StageChange, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(change.actorId))!;
  }
}

@Resolver(() => OpportunitySuggestion)
export class OpportunitySuggestionResolver {
  @FieldResolver(() => Lead)
  async lead(@Root() suggestion: OpportunitySuggestion, @Ctx() ctx: RequestContext): Promise<Lead> {
    // Suggestions are of leads the viewer was allowed to ask about.
    return (await ctx.loaders.leadById.load(suggestion.leadId))!;
  }
}

function listFilter(args: OpportunitiesArgs): OpportunityListFilter {
  const filter = args.filter ?? {};
  const problems: FieldProblem[] = overlongFilterLists(filter, ["stage", "ownerId", "teamId", "tier"]);
  for (const field of ["ownerId", "teamId"] as const) {
    if (filter[field]?.some((id) => !isUuid(id))) problems.push({ field: `filter.${field}`, message: "is not an id" });
  }
  const valueMin = filter.valueMin ? readMoneyInput(filter.valueMin, "filter.valueMin", problems) : undefined;
  const valueMax = filter.valueMax ? readMoneyInput(filter.valueMax, "filter.valueMax", problems) : undefined;
  if (problems.length > 0) throw AppError.badInput(problems);
  return {
    stages: filter.stage,
    ownerIds: filter.ownerId,
    teamIds: filter.teamId,
    tiers: filter.tier,
    valueMin: valueMin ?? undefined,
    valueMax: valueMax ?? undefined,
    closeFrom: filter.closeFrom,
    closeTo: filter.closeTo,
  };
}
