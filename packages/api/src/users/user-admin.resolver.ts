import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { CreateUserInput, UsersArgs } from "./user.input.ts";
import { createUser, deactivateUser, listUsers, reactivateUser, setUserTeam } from "./user-admin.service.ts";
import type { UserRow } from "./user.table.ts";
import { User } from "./user.type.ts";

@Resolver(() => User)
export class UserAdminResolver {
  @Authorized(["ADMIN", "MANAGER"])
  @Query(() => [User], { description: "Admins: every user. Managers: the users of their own team" })
  async users(@Args(() => UsersArgs) args: UsersArgs, @Ctx() ctx: RequestContext): Promise<UserRow[]> {
    return listUsers(ctx.db, actorOf(ctx).user, args);
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
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, { description: "Admins only. The user may log in again; revoked API tokens stay revoked" })
  async reactivateUser(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<UserRow> {
    const user = await reactivateUser(ctx.db, actorOf(ctx), id);
    clearLoaders(ctx);
    return user;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => User, {
    description:
      "Admins only. Moves a rep, manager or reviewer to another team (analysts and admins have none). Their existing leads stay with the team they belong to; reassigning them is a manager's mutation",
  })
  async setUserTeam(
    @Arg("userId", () => ID) userId: string,
    @Arg("teamId", () => ID) teamId: string,
    @Ctx() ctx: RequestContext,
  ): Promise<UserRow> {
    const user = await setUserTeam(ctx.db, actorOf(ctx), { userId, teamId });
    clearLoaders(ctx);
    return user;
  }
}
