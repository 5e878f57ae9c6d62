import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, type RequestContext } from "../context/request-context.ts";
import { createApiToken, listApiTokens, login, revokeApiToken } from "./auth.service.ts";
import { ApiToken, CreatedApiToken, LoginPayload } from "./auth.type.ts";

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginPayload, { description: "Exchange email and password for a signed, expiring token" })
  async login(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginPayload> {
    return login(ctx.db, { email, password }, { auth: ctx.auth, now: ctx.now });
  }

  @Authorized()
  @Mutation(() => CreatedApiToken, { description: "A token for a client app, acting as you until revoked" })
  async createApiToken(@Arg("name", () => String) name: string, @Ctx() ctx: RequestContext): Promise<CreatedApiToken> {
    const { token, row } = await createApiToken(ctx.db, actorOf(ctx), name);
    return { token, apiToken: row };
  }

  @Authorized()
  @Mutation(() => ApiToken, { description: "Your own tokens; an admin may revoke anyone's" })
  async revokeApiToken(@Arg("id", () => ID) id: string, @Ctx() ctx: RequestContext): Promise<ApiToken> {
    return revokeApiToken(ctx.db, actorOf(ctx), id);
  }

  @Authorized()
  @Query(() => [ApiToken], { description: "Your API tokens, revoked ones included" })
  async apiTokens(@Ctx() ctx: RequestContext): Promise<ApiToken[]> {
    return listApiTokens(ctx.db, actorOf(ctx).user.id);
  }
}
