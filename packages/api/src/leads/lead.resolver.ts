import { Arg, Args, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from "type-graphql";
import { LeadAssessment } from "../assessments/assessment.type.ts";
import type { RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";
import { FollowUp } from "../follow-ups/follow-up.type.ts";
import { decodeCursor, encodeCursor } from "../graphql/cursor.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "../users/user.type.ts";
import { LeadsArgs, MAX_PAGE_SIZE } from "./lead.args.ts";
import { countLeads, findLeadById, findLeadPage, type LeadListFilter } from "./lead-queries.ts";
import { Lead, LeadConnection } from "./lead.type.ts";

/** The connection remembers its filter so totalCount runs only when a client asks for it. */
type LeadConnectionSource = LeadConnection & { filter: LeadListFilter };

@Resolver(() => Lead)
export class LeadResolver {
  @Query(() => Lead, { nullable: true })
  async lead(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Lead | null> {
    return findLeadById(ctx.db, id);
  }

  @Query(() => LeadConnection, { description: "Leads, newest first" })
  async leads(@Args(() => LeadsArgs) args: LeadsArgs, @Ctx() ctx: RequestContext): Promise<LeadConnectionSource> {
    if (args.first < 1 || args.first > MAX_PAGE_SIZE) {
      throw AppError.badInput([{ field: "first", message: `must be between 1 and ${MAX_PAGE_SIZE}` }]);
    }
    const filter: LeadListFilter = {
      tiers: args.filter?.tier,
      statuses: args.filter?.status,
      ownerIds: args.filter?.ownerId,
      channels: args.filter?.channel,
    };
    const after = args.after ? decodeCursor(args.after, "after") : null;
    const page = await findLeadPage(ctx.db, { first: args.first, after, filter });
    const edges = page.rows.map((row) => ({ cursor: encodeCursor({ at: row.createdAt, id: row.id }), node: row }));
    return {
      edges,
      pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null },
      filter,
    };
  }

  @FieldResolver(() => User)
  async owner(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(lead.ownerId))!;
  }

  @FieldResolver(() => Team)
  async team(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(lead.teamId))!;
  }

  @FieldResolver(() => LeadAssessment, { nullable: true, description: "SOP-2.6 the assessment that decides the tier" })
  async latestAssessment(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<LeadAssessment | null> {
    const row = await ctx.loaders.latestAssessmentByLead.load(lead.id);
    return row && { ...row, tierReasons: row.reasons.map((reason) => reason.text) };
  }

  @FieldResolver(() => FollowUp, { nullable: true, description: "The open follow-up due soonest" })
  async nextFollowUp(@Root() lead: Lead, @Ctx() ctx: RequestContext): Promise<FollowUp | null> {
    return ctx.loaders.nextFollowUpByLead.load(lead.id);
  }
}

@Resolver(() => LeadConnection)
export class LeadConnectionResolver {
  @FieldResolver(() => Int, { description: "All leads matching the filter; counted only when asked for" })
  async totalCount(@Root() connection: LeadConnectionSource, @Ctx() ctx: RequestContext): Promise<number> {
    return countLeads(ctx.db, connection.filter);
  }
}
