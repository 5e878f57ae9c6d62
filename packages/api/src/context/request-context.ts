import type { Actor } from "../access/actor.ts";
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
  /** The signed-in user; null for anonymous callers. */
  viewer: UserRow | null;
  loaders: Loaders;
  auth: AuthConfig;
}

export function createRequestContext(
  db: Database,
  init: { reportDb: Database; requestId: string; now: Date; viewer: UserRow | null; auth: AuthConfig },
): RequestContext {
  return { db, ...init, loaders: createLoaders(db, init.viewer) };
}

/** The signed-in user making a change; resolvers behind `@Authorized` always have one. */
export function actorOf(ctx: RequestContext): Actor {
  if (!ctx.viewer) throw AppError.unauthenticated("Log in first: send `Authorization: Bearer <token>`");
  return { user: ctx.viewer, requestId: ctx.requestId, now: ctx.now };
}

/** After a mutation the payload is read afresh: rows cached before the change are stale. */
export function clearLoaders(ctx: RequestContext): void {
  ctx.loaders = createLoaders(ctx.db, ctx.viewer);
}
