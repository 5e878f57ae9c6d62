import type { Database } from "../db/database.ts";
import type { UserRow } from "../users/user.table.ts";
import { createLoaders, type Loaders } from "./loaders.ts";

export interface RequestContext {
  db: Database;
  requestId: string;
  /** The request's clock: every "is it overdue" in one request agrees on what now is. */
  now: Date;
  /** Null for anonymous callers (login arrives with the lead intake API). */
  viewer: UserRow | null;
  loaders: Loaders;
}

export function createRequestContext(db: Database, init: { requestId: string; now: Date; viewer: UserRow | null }): RequestContext {
  return { db, ...init, loaders: createLoaders(db) };
}
