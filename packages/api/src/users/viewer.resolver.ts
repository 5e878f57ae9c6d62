import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from "type-graphql";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { Team } from "../teams/team.type.ts";
import { PASSWORD_RULE } from "./new-password.ts";
import { changePassword } from "./user-password.service.ts";
import type { UserRow } from "./user.table.ts";
import { User } from "./user.type.ts";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, {
    nullable: true,
    description: "The signed-in user; null for anonymous callers. A token that does not sign in (expired, ended, revoked) is UNAUTHENTICATED saying why, so a client knows to sign in again",
  })
  viewer(@Ctx() ctx: RequestContext): User | null {
    if (ctx.authFailure) throw ctx.authFailure;
    return ctx.viewer;
  }

  @Authorized()
  @Mutation(() => User, {
    description: `Your own new password: ${PASSWORD_RULE}. A wrong currentPassword is BAD_USER_INPUT naming it and counts as a failed login. Every login session of yours ends, this one included: log in again with the new password; API tokens stay`,
  })
  async changePassword(
    @Arg("currentPassword", () => String) currentPassword: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UserRow> {
    const user = await changePassword(ctx.db, actorOf(ctx), { currentPassword, newPassword }, ctx.clientAddress);
    ctx.sessions.forgetUser(user.id);
    clearLoaders(ctx);
    return user;
  }

  @FieldResolver(() => Team, { nullable: true, description: "Null for analysts and admins, who work across teams" })
  async team(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Team | null> {
    return user.teamId ? ctx.loaders.teamById.load(user.teamId) : null;
  }
}
