import type { Actor } from "../access/actor.ts";
import type { SessionCache } from "../auth/session-cache.ts";
import type { SessionCookie } from "../auth/session-cookie.ts";
import type { Session } from "../auth/session-token.ts";
import type { AuthConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import type { UserRow } from "../users/user.table.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

export interface RequestContext {
  db: Database;
  /** Read-only reports run here: a read replica when there are any, else `db` (architecture.md, scale-out). */
  reportDb: Database;
  requestId: string;
  /** The request's clock: every "is it overdue" in one request agrees on what now is. */
  now: Date;
  /** The signed-in user; null for anonymous callers, and for a token that did not sign in. */
  viewer: UserRow | null;
  /** The login session the request came with; null for an API token or an anonymous caller. */
  session: Session | null;
  /** The sessions this process has checked: a mutation that changes a user or ends a session forgets theirs. */
  sessions: SessionCache;
  /** Why the request's token did not sign in; answered by the first field that needs a viewer. */
  authFailure: AppError | null;
  /** Sets or clears the portal's session cookie on the response. */
  sessionCookie: SessionCookie;
  loaders: Loaders;
  auth: AuthConfig;
  /** The client's IP address as Express reads it (TRUST_PROXY decides whether proxies may name it); logins are throttled by it. */
  clientAddress: string | null;
}

export function createRequestContext(
  db: Database,
  init: Omit<RequestContext, "db" | "loaders">,
): RequestContext {
  return { db, ...init, loaders: createLoaders(db, init.viewer) };
}

/** The signed-in user making a change; resolvers behind `@Authorized` always have one. */
export function actorOf(ctx: RequestContext): Actor {
  return { user: viewerOf(ctx), requestId: ctx.requestId, now: ctx.now };
}

/** The signed-in user, or why there is none: the token's own problem, else "log in first". */
export function viewerOf(ctx: Pick<RequestContext, "viewer" | "authFailure">): UserRow {
  if (ctx.viewer) return ctx.viewer;
  throw ctx.authFailure ?? AppError.unauthenticated("Log in first: send `Authorization: Bearer <token>`");
}

/** After a mutation the payload is read afresh: rows cached before the change are stale. */
export function clearLoaders(ctx: RequestContext): void {
  ctx.loaders = createLoaders(ctx.db, ctx.viewer);
}
