import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from "type-graphql";
import { actorOf, type RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { createApiToken, listApiTokens, login, revokeApiToken } from "./auth.service.ts";
import { ApiToken, CreatedApiToken, LoginPayload } from "./auth.type.ts";
import { endSession } from "./sessions.ts";
import { FIRST_LOCK_MS, FREE_FAILURES, MAX_LOCK_MS } from "./login-throttle.ts";

const API_TOKENS_MAX_PAGE_SIZE = 200;

@Resolver()
export class AuthResolver {
  @Mutation(() => LoginPayload, {
    description:
      `Exchange email and password for a signed, expiring token, also set as the portal's HttpOnly session cookie. From the ${FREE_FAILURES.ACCOUNT}th failure in a row for an email, ` +
      `or the ${FREE_FAILURES.ADDRESS}th from one client address, each failure locks it for ${FIRST_LOCK_MS / 1000} s, then twice as long, ` +
      `up to ${MAX_LOCK_MS / 60_000} min; while locked the answer is TOO_MANY_ATTEMPTS with retryAfterSeconds, whatever the password`,
  })
  async login(
    @Arg("email", () => String) email: string,
    @Arg("password", () => String) password: string,
    @Ctx() ctx: RequestContext,
  ): Promise<LoginPayload> {
    const result = await login(ctx.db, { email, password }, { auth: ctx.auth, now: ctx.now, clientAddress: ctx.clientAddress });
    ctx.sessionCookie.issue(result.token, result.expiresAt);
    return result;
  }

  @Authorized()
  @Mutation(() => Boolean, {
    description: "Ends the login session the request came with (bearer token or session cookie): its token stops working at once, on every server, and the cookie is cleared. Other sessions and API tokens are untouched",
  })
  async logout(@Ctx() ctx: RequestContext): Promise<boolean> {
    if (!ctx.session) throw AppError.badInput([{ field: "authorization", message: "is an API token, not a login session: revoke it with revokeApiToken" }]);
    await endSession(ctx.db, ctx.session, ctx.now);
    ctx.sessions.forgetUser(ctx.session.userId);
    ctx.sessionCookie.clear();
    return true;
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
  @Query(() => [ApiToken], { description: "Your API tokens, revoked ones included, newest first" })
  async apiTokens(
    @Arg("first", () => Int, { defaultValue: 50, description: `The newest this many, 1 to ${API_TOKENS_MAX_PAGE_SIZE}` }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<ApiToken[]> {
    checkPageSize(first, API_TOKENS_MAX_PAGE_SIZE);
    return listApiTokens(ctx.db, actorOf(ctx).user.id, first);
  }
}
