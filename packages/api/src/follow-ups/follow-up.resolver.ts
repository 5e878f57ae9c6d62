import { queueBucket, type QueueBucket } from "@sales/domain";
import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { canSee, LEAD_READER_ROLES, LEAD_WRITER_ROLES } from "../access/visibility.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { isUuid } from "../db/uuid.ts";
import { decodeCursor, encodeCursor } from "../graphql/cursor.ts";
import { QueueBucketEnum } from "../graphql/enums.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { selectedFieldNames } from "../graphql/selected-fields.ts";
import { Lead } from "../leads/lead.type.ts";
import { teamRules } from "../teams/team-rules.ts";
import { User } from "../users/user.type.ts";
import { countQueue, findQueuePage, resolveQueueScope, type QueueScope } from "./follow-up-queue.ts";
import { followUpColumnsFor } from "./follow-up-selection.ts";
import { leadColumnsFor } from "../leads/lead-selection.ts";
import { CompleteFollowUpInput, FollowUpQueueArgs, LogActivityInput, QUEUE_MAX_PAGE_SIZE } from "./follow-up.input.ts";
import { completeFollowUp, logActivity, rescheduleFollowUp } from "./follow-up.service.ts";
import { CompleteFollowUpPayload, FollowUp, FollowUpConnection, LogActivityPayload } from "./follow-up.type.ts";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency/idempotent.ts";
import { connectionPage } from "../graphql/connection-page.ts";

/**
 * A queue's node, with its lead as the queue's statement read it (follow-up-queue.ts): the
 * asked-for columns only, which must not reach leadById (whose rows are whole).
 */
type QueueNode = FollowUp & { readWithPage?: { lead: Lead | null } };

/** The connection remembers its scope so totalCount runs only when a client asks for it. */
type FollowUpConnectionSource = FollowUpConnection & { scope: QueueScope };

@Resolver(() => FollowUp)
export class FollowUpResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => FollowUp, { nullable: true, description: "Null when it does not exist or is not yours to see" })
  async followUp(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<FollowUp | null> {
    return isUuid(id) ? ctx.loaders.followUpById.load(id) : null;
  }

  @Authorized(LEAD_READER_ROLES)
  @Query(() => FollowUpConnection, {
    description: "SOP-3.6 open follow-ups, overdue first then by due time: yours, a rep's of your team, or a team's",
  })
  async followUpQueue(
    @Args(() => FollowUpQueueArgs) args: FollowUpQueueArgs,
    @Ctx() ctx: RequestContext,
    @Info() info: GraphQLResolveInfo,
  ): Promise<FollowUpConnectionSource> {
    const { user } = actorOf(ctx);
    checkPageSize(args.first, QUEUE_MAX_PAGE_SIZE);
    const after = args.after ? decodeCursor(args.after, "after") : null;
    const scope = await resolveQueueScope(ctx.db, user, args);
    const fields = selectedFieldNames(info, ["edges", "node"]);
    const columns = followUpColumnsFor(fields);
    const lead = fields.has("lead") ? leadColumnsFor(selectedFieldNames(info, ["edges", "node", "lead"])) : undefined;
    const page = await findQueuePage(ctx.db, user, { scope, first: args.first, after, columns, lead });
    // Each lead read with the page: the lead field resolver finds it here instead of asking again.
    const nodes = page.rows.map(({ followUp, lead }): QueueNode => (lead === undefined ? followUp : Object.assign(followUp, { readWithPage: { lead } })));
    return { ...connectionPage(nodes, page.hasNextPage, (row) => encodeCursor({ at: row.dueAt, id: row.id })), scope };
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => CompleteFollowUpPayload, {
    description: "SOP-3.1–3.5 record what came of an open follow-up; the next one is planned from the outcome",
  })
  async completeFollowUp(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => CompleteFollowUpInput) input: CompleteFollowUpInput,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CompleteFollowUpPayload> {
    const result = await completeFollowUp(ctx.db, actorOf(ctx), { id, input, idempotencyKey });
    clearLoaders(ctx);
    return {
      completed: await loadFollowUp(ctx, result.completedId),
      next: result.nextId ? await loadFollowUp(ctx, result.nextId) : null,
      lead: await loadLead(ctx, result.leadId),
    };
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => LogActivityPayload, {
    description: "SOP-3.5 record an unplanned contact; when it reached the customer it counts as the last follow-up",
  })
  async logActivity(
    @Arg("leadId", () => ID) leadId: string,
    @Arg("input", () => LogActivityInput) input: LogActivityInput,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION })
    idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<LogActivityPayload> {
    const result = await logActivity(ctx.db, actorOf(ctx), { leadId, input, idempotencyKey });
    clearLoaders(ctx);
    return {
      activity: await loadFollowUp(ctx, result.activityId),
      next: result.nextId ? await loadFollowUp(ctx, result.nextId) : null,
      cancelled: await Promise.all(result.cancelledIds.map((cancelledId) => loadFollowUp(ctx, cancelledId))),
      lead: await loadLead(ctx, result.leadId),
    };
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => FollowUp, { description: "Move an open follow-up; its first-contact SLA deadline never moves" })
  async rescheduleFollowUp(
    @Arg("id", () => ID) id: string,
    @Arg("dueAt", () => DateTimeScalar) dueAt: Date,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<FollowUp> {
    const movedId = await rescheduleFollowUp(ctx.db, actorOf(ctx), { id, dueAt, reason });
    clearLoaders(ctx);
    return loadFollowUp(ctx, movedId);
  }

  @FieldResolver(() => Boolean, { description: "Open and due before now" })
  isOverdue(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): boolean {
    return followUp.status === "OPEN" && followUp.dueAt.getTime() < ctx.now.getTime();
  }

  @FieldResolver(() => QueueBucketEnum, {
    nullable: true,
    description: "SOP-3.6 OVERDUE, DUE_TODAY or UPCOMING, today in the team's time zone; null unless open",
  })
  async bucket(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): Promise<QueueBucket | null> {
    if (followUp.status !== "OPEN") return null;
    const team = await ctx.loaders.teamById.load(followUp.teamId);
    return queueBucket(followUp.dueAt, ctx.now, teamRules(team!).calendar);
  }

  @FieldResolver(() => Lead, { nullable: true, description: "Null when the lead is not yours to see" })
  lead(@Root() followUp: QueueNode, @Ctx() ctx: RequestContext): Lead | null | Promise<Lead | null> {
    const read = followUp.readWithPage?.lead;
    return read !== undefined ? read : ctx.loaders.leadById.load(followUp.leadId);
  }

  @FieldResolver(() => User, { description: "Whose queue it is in" })
  async owner(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(followUp.ownerId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: "Who completed or logged it" })
  async completedBy(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): Promise<User | null> {
    return followUp.completedById ? ctx.loaders.userById.load(followUp.completedById) : null;
  }

  @FieldResolver(() => FollowUp, { nullable: true, description: "The follow-up planned after this one was done" })
  async nextFollowUp(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): Promise<FollowUp | null> {
    const next = await ctx.loaders.followUpPlannedAfter.load(followUp.id);
    return next && canSee(ctx.viewer, next) ? next : null;
  }

  @FieldResolver(() => FollowUp, { nullable: true, description: "The done follow-up this one was planned after" })
  async previousFollowUp(@Root() followUp: FollowUp, @Ctx() ctx: RequestContext): Promise<FollowUp | null> {
    return followUp.previousId ? ctx.loaders.followUpById.load(followUp.previousId) : null;
  }
}

@Resolver(() => FollowUpConnection)
export class FollowUpConnectionResolver {
  @FieldResolver(() => Int, { description: "All open follow-ups in this queue; counted only when asked for" })
  async totalCount(@Root() connection: FollowUpConnectionSource, @Ctx() ctx: RequestContext): Promise<number> {
    return countQueue(ctx.db, actorOf(ctx).user, connection.scope);
  }
}

/** A row the mutation just wrote for its actor, who may see it. */
async function loadFollowUp(ctx: RequestContext, id: string): Promise<FollowUp> {
  const row = await ctx.loaders.followUpById.load(id);
  if (!row) throw new Error(`Follow-up ${id} was written but cannot be read back`);
  return row;
}

async function loadLead(ctx: RequestContext, id: string): Promise<Lead> {
  const row = await ctx.loaders.leadById.load(id);
  if (!row) throw new Error(`Lead ${id} was changed but cannot be read back`);
  return row;
}
