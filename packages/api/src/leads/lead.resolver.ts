import type { GraphQLResolveInfo } from "graphql";
import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Info, Int, Query, Resolver, Root } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import { LeadAssessment, toLeadAssessment } from "../assessments/assessment.type.ts";
import { AuditEvent } from "../audit/audit-event.type.ts";
import type { RequestContext } from "../context/request-context.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import { FollowUp } from "../follow-ups/follow-up.type.ts";
import { decodeCursor, encodeCursor } from "../graphql/cursor.ts";
import { selectedFieldNames } from "../graphql/selected-fields.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "../users/user.type.ts";
import { contactDetail } from "../access/contact-details.ts";
import { HISTORY_DEFAULT_ENTRIES, HISTORY_LAST_DESCRIPTION, HISTORY_MAX_ENTRIES, historyAsSeenBy } from "../audit/audit-history.ts";
import { LeadsArgs, MAX_PAGE_SIZE, SEARCH_MAX_LENGTH, SEARCH_MIN_LENGTH } from "./lead.args.ts";
import { countLeads, findLeadPage, orderKey, type LeadListFilter } from "./lead-queries.ts";
import { leadPageColumnsFor } from "./lead-selection.ts";
import { userColumnsFor } from "../users/user-selection.ts";
import { followUpColumnsFor } from "../follow-ups/follow-up-selection.ts";
import { Opportunity } from "../opportunities/opportunity.type.ts";
import { DuplicateMatch } from "./lead-payload.type.ts";
import { Lead, LeadConnection } from "./lead.type.ts";
import { overlongFilterLists } from "../graphql/filter-lists.ts";
import { connectionPage } from "../graphql/connection-page.ts";

/**
 * A page's node, with what the page's statement read beside it (lead-queries.ts): the owner and
 * the next follow-up, each with the columns the query asks for, which must not reach userById or
 * nextFollowUpByLead, whose rows are whole. Their resolvers return these as they are, not in a
 * promise: graphql-jit then completes the field at once, without the promise and callbacks an
 * awaited value costs for each of a page's rows (issue 13).
 */
type LeadNode = Lead & { readWithPage?: { owner?: User; nextFollowUp?: FollowUp | null } };

/** The connection remembers its filter so totalCount runs only when a client asks for it. */
type LeadConnectionSource = LeadConnection & { filter: LeadListFilter };

/** A lead's possible duplicates listed at once; more than a handful means the data needs cleaning, not paging. */
const DUPLICATES_MAX_PAGE_SIZE = 50;

@Resolver(() => Lead)
export class LeadResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => Lead, { nullable: true, description: "Null when it does not exist or is not yours to see" })
  async lead(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return isUuid(id) ? ctx.loaders.leadById.load(id) : null;
  }

  @Authorized(LEAD_READER_ROLES)
  @Query(() => LeadConnection, { description: "The leads you may see: a rep their own, a manager their team's" })
  async leads(@Args(() => LeadsArgs) args: LeadsArgs, @Ctx() ctx: RequestContext, @Info() info: GraphQLResolveInfo): Promise<LeadConnectionSource> {
    checkPageSize(args.first, MAX_PAGE_SIZE);
    const filter = listFilter(args);
    const after = args.after ? decodeCursor(args.after, "after") : null;
    const fields = selectedFieldNames(info, ["edges", "node"]);
    const columns = leadPageColumnsFor(fields);
    const relations = {
      owner: fields.has("owner") ? userColumnsFor(selectedFieldNames(info, ["edges", "node", "owner"])) : null,
      nextFollowUp: fields.has("nextFollowUp") ? followUpColumnsFor(selectedFieldNames(info, ["edges", "node", "nextFollowUp"])) : null,
    };
    const page = await findLeadPage(ctx.db, ctx.viewer, { first: args.first, after, filter, order: args.orderBy, columns, relations });
    // Read with the page: the field resolvers find them here instead of asking again.
    const nodes = page.rows.map(({ lead, owner, nextFollowUp }): LeadNode =>
      owner === undefined && nextFollowUp === undefined ? lead : Object.assign(lead, { readWithPage: { owner, nextFollowUp } }),
    );
    const key = orderKey(args.orderBy);
    return { ...connectionPage(nodes, page.hasNextPage, (lead) => encodeCursor({ at: lead[key], id: lead.id })), filter };
  }

  @FieldResolver(() => String, { nullable: true, description: "E.164, e.g. +8613800138000; masked for analysts" })
  phone(@Root() lead: Lead, @Ctx() ctx: RequestContext): string | null {
    return contactDetail(ctx.viewer, "phone", lead.phone);
  }

  @FieldResolver(() => String, { nullable: true, description: "Masked for analysts" })
  email(@Root() lead: Lead, @Ctx() ctx: RequestContext): string | null {
    return contactDetail(ctx.viewer, "email", lead.email);
  }

  @FieldResolver(() => String, { nullable: true, description: "Masked for analysts" })
  wechatId(@Root() lead: Lead, @Ctx() ctx: RequestContext): string | null {
    return contactDetail(ctx.viewer, "wechatId", lead.wechatId);
  }

  @FieldResolver(() => User)
  owner(@Root() lead: LeadNode, @Ctx() ctx: RequestContext): User | Promise<User> {
    return lead.readWithPage?.owner ?? ctx.loaders.userById.load(lead.ownerId).then((owner) => owner!);
  }

  @FieldResolver(() => Team)
  async team(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(lead.teamId))!;
  }

  @FieldResolver(() => [String], { description: "SOP-2.6 why the lead has its tier, in words a person reads" })
  async tierReasons(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<string[]> {
    if (lead.tierOverride) return [`tier ${lead.tierOverride} set by a manager: ${lead.tierOverrideReason ?? ""}`.trim()];
    const assessment = await ctx.loaders.latestAssessmentByLead.load(lead.id);
    return assessment ? assessment.reasons.map((reason) => reason.text) : ["not assessed yet: planned as tier B"];
  }

  @FieldResolver(() => LeadAssessment, { nullable: true, description: "SOP-2.6 the assessment that decides the tier" })
  async latestAssessment(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<LeadAssessment | null> {
    const row = await ctx.loaders.latestAssessmentByLead.load(lead.id);
    return row && toLeadAssessment(row);
  }

  @FieldResolver(() => FollowUp, { nullable: true, description: "The open follow-up due soonest" })
  nextFollowUp(@Root() lead: LeadNode, @Ctx() ctx: RequestContext): FollowUp | null | Promise<FollowUp | null> {
    const read = lead.readWithPage?.nextFollowUp;
    return read !== undefined ? read : ctx.loaders.nextFollowUpByLead.load(lead.id);
  }

  @FieldResolver(() => Lead, { nullable: true, description: "SOP-1.4 set once this lead was merged into another" })
  async mergedInto(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return lead.mergedIntoId ? ctx.loaders.leadById.load(lead.mergedIntoId) : null;
  }

  @FieldResolver(() => [DuplicateMatch], { description: "SOP-1.4 recorded possible duplicates not yet merged or dismissed, oldest first" })
  async possibleDuplicates(
    @Root() lead: Lead,
    @Arg("first", () => Int, { defaultValue: 10, description: `The first this many, 1 to ${DUPLICATES_MAX_PAGE_SIZE}` }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<DuplicateMatch[]> {
    checkPageSize(first, DUPLICATES_MAX_PAGE_SIZE);
    return (await ctx.loaders.possibleDuplicatesByLead.load(lead.id)).slice(0, first);
  }

  @FieldResolver(() => [Opportunity], { description: "SOP-4.3 the lead's opportunities, newest first" })
  async opportunities(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Opportunity[]> {
    return ctx.loaders.opportunitiesByLead.load(lead.id);
  }

  @FieldResolver(() => [AuditEvent], { description: "The newest changes to the lead, oldest of them first" })
  async history(
    @Root() lead: Lead,
    @Arg("last", () => Int, { defaultValue: HISTORY_DEFAULT_ENTRIES, description: HISTORY_LAST_DESCRIPTION }) last: number,
    @Ctx() ctx: RequestContext,
  ): Promise<AuditEvent[]> {
    checkPageSize(last, HISTORY_MAX_ENTRIES, "last");
    return historyAsSeenBy(ctx.viewer, await ctx.loaders.historyByLead.load({ id: lead.id, last }));
  }

  @FieldResolver(() => Int, { description: "How many entries history has" })
  async historyCount(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<number> {
    return ctx.loaders.historyCountByLead.load(lead.id);
  }
}

@Resolver(() => LeadConnection)
export class LeadConnectionResolver {
  @FieldResolver(() => Int, { description: "All leads matching the filter that you may see; counted only when asked for" })
  async totalCount(@Root() connection: LeadConnectionSource, @Ctx() ctx: RequestContext): Promise<number> {
    return countLeads(ctx.db, ctx.viewer, connection.filter);
  }
}

function listFilter(args: LeadsArgs): LeadListFilter {
  const filter = args.filter ?? {};
  const search = filter.search?.trim();
  if (search !== undefined && ([...search].length < SEARCH_MIN_LENGTH || search.length > SEARCH_MAX_LENGTH)) {
    throw AppError.badInput([
      { field: "filter.search", message: `must be ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters` },
    ]);
  }
  const problems = overlongFilterLists(filter, ["tier", "status", "ownerId", "channel", "province"]);
  if (filter.ownerId?.some((id) => !isUuid(id))) problems.push({ field: "filter.ownerId", message: "is not a user id" });
  if (problems.length > 0) throw AppError.badInput(problems);
  return {
    tiers: filter.tier,
    statuses: filter.status,
    ownerIds: filter.ownerId,
    channels: filter.channel,
    provinces: filter.province,
    createdFrom: filter.createdFrom,
    createdBefore: filter.createdBefore,
    updatedAfter: filter.updatedAfter,
    search,
  };
}
