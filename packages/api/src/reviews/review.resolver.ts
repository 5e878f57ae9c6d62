import type { ReviewDepartment, ReviewVerdict } from "@sales/domain";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Authorized, Ctx, Float, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { mayReadTeamWork, mayReadUserWork } from "../access/readable-work.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";
import { ReviewDepartmentEnum, ReviewVerdictEnum } from "../graphql/enums.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { selectedFieldNames } from "../graphql/selected-fields.ts";
import { selectedJson } from "../graphql/selected-json.ts";
import { proposalVersionColumnsFor } from "../proposals/proposal-version-selection.ts";
import { ProposalVersion } from "../proposals/proposal.type.ts";
import { User } from "../users/user.type.ts";
import { findOpenReviews, findPendingDecisions } from "./review-queries.ts";
import { startReview, submitReview } from "./review.service.ts";
import { PendingDecision, ProposalReview, ReviewCommentInput } from "./review.type.ts";

// A queue is worked from its oldest end, so a bounded head of it is what a screen needs; the
// bound keeps one request from loading a whole backlog's proposal content.
const DEFAULT_QUEUE_LENGTH = 100;
const MAX_QUEUE_LENGTH = 500;
const QUEUE_LENGTH_DESCRIPTION = `The oldest this many; at most ${MAX_QUEUE_LENGTH}`;

@Resolver(() => ProposalReview)
export class ReviewResolver {
  @Authorized(["MANAGER"])
  @Mutation(() => [ProposalReview], {
    description: "SOP-5.3 sends a submitted version to the departments you pick: departments[i] is reviewed by reviewerIds[i]",
  })
  async startReview(
    @Arg("proposalVersionId", () => ID) proposalVersionId: string,
    @Arg("departments", () => [ReviewDepartmentEnum]) departments: ReviewDepartment[],
    @Arg("reviewerIds", () => [ID]) reviewerIds: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<ProposalReview[]> {
    const rows = await startReview(ctx.db, actorOf(ctx), proposalVersionId, departments, reviewerIds);
    clearLoaders(ctx);
    return rows;
  }

  @Authorized(["REVIEWER"])
  @Mutation(() => ProposalReview, { description: "SOP-5.3 your verdict on a version assigned to you, with comments tied to parts" })
  async submitReview(
    @Arg("reviewId", () => ID) reviewId: string,
    @Arg("verdict", () => ReviewVerdictEnum) verdict: ReviewVerdict,
    @Arg("comments", () => [ReviewCommentInput], { defaultValue: [] }) comments: ReviewCommentInput[],
    @Ctx() ctx: RequestContext,
  ): Promise<ProposalReview> {
    const row = await submitReview(ctx.db, actorOf(ctx), reviewId, { verdict, comments: comments.map((c) => ({ ...c })) });
    clearLoaders(ctx);
    return row;
  }

  @Authorized(["REVIEWER", "MANAGER", "ANALYST", "ADMIN"])
  @Query(() => [ProposalReview], { description: "SOP-5.3 the reviews still waiting for a reviewer (yours by default), oldest first" })
  async reviewQueue(
    @Arg("reviewerId", () => ID, { nullable: true }) reviewerId: string | null,
    @Arg("first", () => Int, { defaultValue: DEFAULT_QUEUE_LENGTH, description: QUEUE_LENGTH_DESCRIPTION }) first: number,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<QueueReview[]> {
    checkPageSize(first, MAX_QUEUE_LENGTH);
    const viewer = actorOf(ctx).user;
    const id = reviewerId ?? viewer.id;
    if (!(await mayReadUserWork(ctx.db, viewer, id))) throw AppError.notFound("Reviewer", "reviewerId");
    const versionFields = selectedFieldNames(info, []).has("version") ? selectedFieldNames(info, ["version"]) : null;
    const version = versionFields && {
      columns: proposalVersionColumnsFor(versionFields),
      content: versionFields.has("content") ? selectedJson(info, ["version", "content"]) : null,
    };
    const rows = await findOpenReviews(ctx.db, viewer, { reviewerId: id, limit: first, version });
    // Each version read with the queue: the version field resolver finds it here instead of asking again.
    return rows.map(({ review, version }) => (version === undefined ? review : Object.assign(review, { readWithPage: { version } })));
  }

  @Authorized(["MANAGER", "ANALYST", "ADMIN"])
  @Query(() => [PendingDecision], { description: "SOP-5.3 the team's versions waiting for the manager's decision, longest waiting first" })
  async pendingDecisions(
    @Arg("teamId", () => ID) teamId: string,
    @Arg("first", () => Int, { defaultValue: DEFAULT_QUEUE_LENGTH, description: QUEUE_LENGTH_DESCRIPTION }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PendingDecision[]> {
    checkPageSize(first, MAX_QUEUE_LENGTH);
    if (!(await mayReadTeamWork(ctx.db, actorOf(ctx).user, teamId))) throw AppError.notFound("Team", "teamId");
    const pending = await findPendingDecisions(ctx.db, teamId, first);
    return pending.map(({ versionId, waitingSince }) => ({
      versionId,
      waitingSince,
      waitedMs: Math.max(0, ctx.now.getTime() - waitingSince.getTime()),
    }));
  }

  @FieldResolver(() => User)
  async reviewer(@Root() review: ProposalReview, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(review.reviewerId))!;
  }

  @FieldResolver(() => ProposalVersion, { nullable: true })
  version(@Root() review: QueueReview, @Ctx() ctx: RequestContext): ProposalVersion | null | Promise<ProposalVersion | null> {
    const read = review.readWithPage?.version;
    return read !== undefined ? read : ctx.loaders.proposalVersionById.load(review.versionId);
  }

  @FieldResolver(() => Float, { description: "Milliseconds from the request to the answer, or until now while open" })
  waitedMs(@Root() review: ProposalReview, @Ctx() ctx: RequestContext): number {
    return Math.max(0, (review.submittedAt ?? ctx.now).getTime() - review.requestedAt.getTime());
  }
}

/**
 * A review of the queue, with its version as the queue's statement read it: the columns and the
 * part of the priced content the query asks for, which must not reach proposalVersionById (whose
 * rows are whole).
 */
type QueueReview = ProposalReview & { readWithPage?: { version: ProposalVersion | null } };

@Resolver(() => PendingDecision)
export class PendingDecisionResolver {
  @FieldResolver(() => ProposalVersion)
  async version(@Root() pending: PendingDecision, @Ctx() ctx: RequestContext): Promise<ProposalVersion> {
    return (await ctx.loaders.proposalVersionById.load(pending.versionId))!;
  }
}
