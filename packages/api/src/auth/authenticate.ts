import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { apiTokens } from "./api-token.table.ts";
import { isApiToken, parseApiToken, secretMatches } from "./api-token-secret.ts";
import { verifySessionToken } from "./session-token.ts";

/**
 * The user a request acts for, from its `Authorization: Bearer` header: null without one, and
 * UNAUTHENTICATED for a token that is malformed, expired, revoked, or whose user is deactivated.
 * The user is read on every request, so deactivation takes effect at once for every token.
 */
export async function authenticate(
  db: Executor,
  authorization: string | undefined,
  options: { secret: string; now: Date },
): Promise<UserRow | null> {
  if (!authorization) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw AppError.unauthenticated("The Authorization header must be `Bearer <token>`");
  const token = match[1]!;
  const user = isApiToken(token) ? await userOfApiToken(db, token) : await userOfSessionToken(db, token, options);
  if (!user.active) throw AppError.unauthenticated("This user has been deactivated");
  return user;
}

async function userOfSessionToken(db: Executor, token: string, options: { secret: string; now: Date }): Promise<UserRow> {
  const check = verifySessionToken(token, options.secret, options.now);
  if (!check.valid) {
    throw AppError.unauthenticated(check.reason === "EXPIRED" ? "The token has expired: log in again" : "The token is not valid");
  }
  // A token signed with our secret is ours, but its subject is still checked before the query.
  if (!isUuid(check.userId)) throw AppError.unauthenticated("The token is not valid");
  const [user] = await db.select().from(users).where(eq(users.id, check.userId));
  if (!user) throw AppError.unauthenticated("The token is not valid");
  return user;
}

async function userOfApiToken(db: Executor, token: string): Promise<UserRow> {
  const parsed = parseApiToken(token);
  if (!parsed) throw AppError.unauthenticated("The API token is not valid");
  const [row] = await db
    .select({ user: users, secretHash: apiTokens.secretHash, revokedAt: apiTokens.revokedAt })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, parsed.tokenId));
  if (!row || !secretMatches(parsed.secret, row.secretHash)) throw AppError.unauthenticated("The API token is not valid");
  if (row.revokedAt) throw AppError.unauthenticated("The API token has been revoked");
  return row.user;
}
