import { Ctx, FieldResolver, Query, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context/request-context.ts";
import { Team } from "../teams/team.type.ts";
import { User } from "./user.type.ts";

@Resolver(() => User)
export class UserResolver {
  @Query(() => User, { nullable: true, description: "The signed-in user; null for anonymous callers" })
  viewer(@Ctx() ctx: RequestContext): User | null {
    return ctx.viewer;
  }

  @FieldResolver(() => Team, { nullable: true, description: "Null for analysts and admins, who work across teams" })
  async team(@Root() user: User, @Ctx() ctx: RequestContext): Promise<Team | null> {
    return user.teamId ? ctx.loaders.teamById.load(user.teamId) : null;
  }
}
