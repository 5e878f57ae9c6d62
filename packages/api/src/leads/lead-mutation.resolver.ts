import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from "type-graphql";
import type { Tier } from "@sales/domain";
import { LEAD_WRITER_ROLES } from "../access/visibility.ts";
import { AssessLeadInput } from "../assessments/assessment.input.ts";
import { assessLead } from "../assessments/assessment.service.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { TierEnum } from "../graphql/enums.ts";
import { User } from "../users/user.type.ts";
import { CaptureLeadInput, UpdateLeadInput } from "./lead.input.ts";
import { CaptureLeadPayload, DuplicateMatch, ReassignLeadsPayload } from "./lead-payload.type.ts";
import {
  assignLead,
  captureLead,
  clearTierOverride,
  disqualifyLead,
  dismissDuplicate,
  mergeLeads,
  overrideTier,
  reassignLeads,
  reopenLead,
  updateLead,
} from "./lead.service.ts";
import { Lead } from "./lead.type.ts";
import { IDEMPOTENCY_KEY_DESCRIPTION } from "../idempotency/idempotent.ts";


/** Lead mutations: each calls one service function and returns what it changed, read afresh. */
@Resolver()
export class LeadMutationResolver {
  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => CaptureLeadPayload, { description: "SOP-1.3/1.4 a new lead, or the likely duplicates instead (unless force)" })
  async captureLead(
    @Arg("input", () => CaptureLeadInput) input: CaptureLeadInput,
    @Arg("force", () => Boolean, { defaultValue: false, description: "Create even when duplicates are found" }) force: boolean,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<CaptureLeadPayload> {
    const outcome = await captureLead(ctx.db, actorOf(ctx), input, { force, idempotencyKey });
    clearLoaders(ctx);
    return { lead: outcome.leadId ? await ctx.loaders.leadById.load(outcome.leadId) : null, duplicates: outcome.duplicates };
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "Changes the given fields; a stale expectedVersion gets CONFLICT" })
  async updateLead(
    @Arg("id", () => ID) id: string,
    @Arg("input", () => UpdateLeadInput) input: UpdateLeadInput,
    @Arg("expectedVersion", () => Int) expectedVersion: number,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    return this.afterWrite(ctx, await updateLead(ctx.db, actorOf(ctx), id, input, expectedVersion));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "Takes the lead out of the pipeline; its open follow-ups are cancelled" })
  async disqualifyLead(@Arg("id", () => ID) id: string, @Arg("reason", () => String) reason: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    return this.afterWrite(ctx, await disqualifyLead(ctx.db, actorOf(ctx), id, reason));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "Brings a disqualified lead back with a new follow-up" })
  async reopenLead(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    return this.afterWrite(ctx, await reopenLead(ctx.db, actorOf(ctx), id));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "SOP-2.1–2.6 records an assessment; the tier and open follow-ups follow it" })
  async assessLead(
    @Arg("leadId", () => ID) leadId: string,
    @Arg("input", () => AssessLeadInput) input: AssessLeadInput,
    @Arg("idempotencyKey", () => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION }) idempotencyKey: string | null,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    const outcome = await assessLead(ctx.db, actorOf(ctx), leadId, input, idempotencyKey);
    clearLoaders(ctx);
    return (await ctx.loaders.leadById.load(outcome.leadId))!;
  }

  @Authorized(["MANAGER"])
  @Mutation(() => Lead, { description: "SOP-2.6 a manager's tier with its reason, in force until cleared" })
  async overrideTier(
    @Arg("leadId", () => ID) leadId: string,
    @Arg("tier", () => TierEnum) tier: Tier,
    @Arg("reason", () => String) reason: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    return this.afterWrite(ctx, await overrideTier(ctx.db, actorOf(ctx), leadId, tier, reason));
  }

  @Authorized(["MANAGER"])
  @Mutation(() => Lead, { description: "Back to the tier the latest assessment computed" })
  async clearTierOverride(@Arg("leadId", () => ID) leadId: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    return this.afterWrite(ctx, await clearTierOverride(ctx.db, actorOf(ctx), leadId));
  }

  @Authorized(["MANAGER"])
  @Mutation(() => Lead, { description: "Gives the lead, its open follow-ups (deadlines unchanged) and its open opportunity with its proposal to a member of the team" })
  async assignLead(@Arg("leadId", () => ID) leadId: string, @Arg("ownerId", () => ID) ownerId: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    return this.afterWrite(ctx, await assignLead(ctx.db, actorOf(ctx), leadId, ownerId));
  }

  @Authorized(["MANAGER"])
  @Mutation(() => ReassignLeadsPayload, { description: "Moves every lead of one team member to another, e.g. when a rep leaves, with their open opportunities; won and lost ones stay on their record" })
  async reassignLeads(
    @Arg("fromUserId", () => ID) fromUserId: string,
    @Arg("toUserId", () => ID) toUserId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<ReassignLeadsPayload> {
    const movedLeadCount = await reassignLeads(ctx.db, actorOf(ctx), fromUserId, toUserId);
    clearLoaders(ctx);
    return { movedLeadCount };
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "SOP-1.4 merges mergeId into keepId and returns the kept lead; the merged one remains as a tombstone" })
  async mergeLeads(@Arg("keepId", () => ID) keepId: string, @Arg("mergeId", () => ID) mergeId: string, @Ctx() ctx: RequestContext): Promise<Lead> {
    return this.afterWrite(ctx, await mergeLeads(ctx.db, actorOf(ctx), keepId, mergeId));
  }

  @Authorized(LEAD_WRITER_ROLES)
  @Mutation(() => Lead, { description: "Marks a possible duplicate as a different customer" })
  async dismissDuplicate(
    @Arg("leadId", () => ID) leadId: string,
    @Arg("duplicateOfId", () => ID) duplicateOfId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Lead> {
    return this.afterWrite(ctx, await dismissDuplicate(ctx.db, actorOf(ctx), leadId, duplicateOfId));
  }

  private afterWrite(ctx: RequestContext, lead: Lead): Lead {
    clearLoaders(ctx);
    return lead;
  }
}

@Resolver(() => DuplicateMatch)
export class DuplicateMatchResolver {
  @FieldResolver(() => User, { description: "Who owns the matching lead, so the rep knows whom to talk to" })
  async owner(@Root() match: DuplicateMatch, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(match.ownerId))!;
  }

  @FieldResolver(() => Lead, { nullable: true, description: "The matching lead, when you may see it" })
  async lead(@Root() match: DuplicateMatch, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return ctx.loaders.leadById.load(match.leadId);
  }
}
