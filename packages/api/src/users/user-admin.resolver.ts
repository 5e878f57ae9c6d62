import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { CreateUserInput, USERS_MAX_PAGE_SIZE, UsersArgs } from "./user.input.ts";
import { PASSWORD_RULE } from "./new-password.ts";
import { createUser, deactivateUser, listUsers, reactivateUser, setUserTeam } from "./user-admin.service.ts";
import { resetUserPassword } from "./user-password.service.ts";
import type { UserRow } from "./user.table.ts";
import { User } from "./user.type.ts";

@Resolver(() => User)
export class UserAdminResolver {
  @Authorized(["ADMIN", "MANAGER"])
  @Query(() => [User], { description: "Admins: every user. Managers: the users of their own team" })
  async users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: RequestContext): Promise<UserRow[]> {
    checkPageSize(args.first, USERS_MAX_PAGE_SIZE);
    return listUsers(ctx.db, actorOf(ctx).user, args, args.first);
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, { description: "Admins only. The user logs in with the given email and password" })
  async createUser(@Arg("input", () => CreateUserInput) input: CreateUserInput, @Ctx() ctx: RequestContext): Promise<UserRow> {
    const user = await createUser(ctx.db, actorOf(ctx), input);
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, {
    description:
      "Admins only, not on themselves. The user's login tokens stop working at once and every API token of theirs is revoked",
  })
  async deactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UserRow> {
    const user = await deactivateUser(ctx.db, actorOf(ctx), id);
    ctx.sessions.forgetUser(user.id);
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, { description: "Admins only. The user may log in again; revoked API tokens stay revoked" })
  async reactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UserRow> {
    const user = await reactivateUser(ctx.db, actorOf(ctx), id);
    ctx.sessions.forgetUser(user.id);
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, {
    description:
      "Admins only. Moves a rep, manager or reviewer to another team (analysts and admins have none). Work stays with its team: refused (CONFLICT naming userId) while they hold leads, open follow-ups, open opportunities or open reviews there, until its manager reassigns them (reassignLeads) or the reviewer submits; afterwards they see nothing of the old team",
  })
  async setUserTeam(
    @Arg("userId", () => ID) userId: string,
    @Arg("teamId", () => ID) teamId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UserRow> {
    const user = await setUserTeam(ctx.db, actorOf(ctx), { userId, teamId });
    ctx.sessions.forgetUser(user.id);
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, {
    description: `Admins only. Sets a user's password, ends every login session of theirs and clears their failed-login count; audited without the password. The password: ${PASSWORD_RULE}`,
  })
  async resetUserPassword(
    @Arg("userId", () => ID) userId: string,
    @Arg("newPassword", () => String) newPassword: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UserRow> {
    const user = await resetUserPassword(ctx.db, actorOf(ctx), { userId, newPassword });
    ctx.sessions.forgetUser(user.id);
    clearLoaders(ctx);
    return user;
  }
}
