import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context/request-context.ts";
import { actorOf } from "../context/request-context.ts";
import { mayReadTeamWork } from "../access/readable-work.ts";
import { AppError } from "../errors/app-error.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "../users/user.type.ts";
import { firstContactSlaReport } from "./first-contact-sla.service.ts";
import { FirstContactSlaRepRow, FirstContactSlaReport } from "./first-contact-sla.type.ts";

@Resolver(() => FirstContactSlaReport)
export class FirstContactSlaResolver {
  @Authorized(["MANAGER", "ANALYST", "ADMIN"])
  @Query(() => FirstContactSlaReport, {
    description: "SOP-3.6 first contact kept, late or still open, per tier and per rep, for leads due in [from, to)",
  })
  async firstContactSla(
    @Arg("teamId", () => ID) teamId: string,
    @Arg("from", () => DateTimeScalar) from: Date,
    @Arg("to", () => DateTimeScalar) to: Date,
    @Ctx() ctx: RequestContext,
  ): Promise<FirstContactSlaReport> {
    const actor = actorOf(ctx);
    // A manager reads their own team's report; another team reads as one that does not exist.
    if (!(await mayReadTeamWork(ctx.db, actor.user, teamId))) throw AppError.notFound("Team", "teamId");
    if (from.getTime() >= to.getTime()) throw AppError.badInput([{ field: "to", message: "must be after `from`" }]);
    return firstContactSlaReport(ctx.db, actor.user, { teamId, from, to, now: actor.now });
  }

  @FieldResolver(() => Team)
  async team(@Root() report: FirstContactSlaReport, @Ctx() ctx: RequestContext): Promise<Team> {
    return (await ctx.loaders.teamById.load(report.teamId))!;
  }
}

@Resolver(() => FirstContactSlaRepRow)
export class FirstContactSlaRepRowResolver {
  @FieldResolver(() => User, { description: "The rep who owns the leads now" })
  async rep(@Root() row: FirstContactSlaRepRow, @Ctx() ctx: RequestContext): Promise<User> {
    return (await ctx.loaders.userById.load(row.ownerId))!;
  }
}
