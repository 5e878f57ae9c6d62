import { randomUUID } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { normalizeEmail } from "@sales/domain";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import type { AuthConfig } from "../config.ts";
import type { Database } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import { hashPassword, verifyPassword } from "../users/password.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { apiTokens, type ApiTokenRow } from "./api-token.table.ts";
import { formatApiToken, newApiTokenSecret } from "./api-token-secret.ts";
import { claimLoginAttempt, loginSucceeded } from "./login-throttle.ts";
import { signSessionToken } from "./session-token.ts";

export const API_TOKEN_NAME_MAX_LENGTH = 100;

// Checked when the email matches no user, so a wrong email takes as long as a wrong password.
const UNKNOWN_USER_HASH = await hashPassword("no user has this password");

/**
 * Throttled per account and per client address (auth/login-throttle.ts): while either is locked
 * the answer is TOO_MANY_ATTEMPTS and no password is checked.
 */
export async function login(
  db: Database,
  input: { email: string; password: string },
  options: { auth: AuthConfig; now: Date; clientAddress: string | null },
): Promise<{ token: string; expiresAt: Date; user: UserRow }> {
  const email = normalizeEmail(input.email);
  const attempt = await claimLoginAttempt(db, { account: email.ok ? email.value : null, address: options.clientAddress }, options.now);
  const [user] = email.ok ? await db.select().from(users).where(eq(users.email, email.value)) : [];
  const passwordMatches = await verifyPassword(input.password, user?.passwordHash ?? UNKNOWN_USER_HASH);
  // A deactivated account answers like a wrong password: telling them apart would confirm to
  // whoever guessed it that the password is right (issue 10, finding 5).
  if (!user || !passwordMatches || !user.active) throw AppError.unauthenticated("The email or password is wrong");
  await loginSucceeded(db, attempt);
  const expiresAt = new Date(options.now.getTime() + options.auth.sessionTtlMs);
  const session = { userId: user.id, sessionId: randomUUID(), generation: user.sessionGeneration, expiresAt };
  return { token: signSessionToken(session, options.auth.secret), expiresAt, user };
}

/** The secret is returned here once and never again: only its hash is stored. */
export async function createApiToken(db: Database, actor: Actor, name: string): Promise<{ token: string; row: ApiTokenRow }> {
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > API_TOKEN_NAME_MAX_LENGTH) {
    throw AppError.badInput([{ field: "name", message: `must be 1 to ${API_TOKEN_NAME_MAX_LENGTH} characters` }]);
  }
  const { secret, secretHash } = newApiTokenSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(apiTokens).values({ userId: actor.user.id, name: trimmed, secretHash, createdAt: actor.now }).returning();
    await writeAudit(tx, actor, {
      entityType: "API_TOKEN",
      entityId: row!.id,
      action: "API_TOKEN_CREATED",
      teamId: actor.user.teamId,
      after: { name: trimmed, userId: actor.user.id },
    });
    return { token: formatApiToken(row!.id, secret), row: row! };
  });
}

/** A user revokes their own tokens; an admin anyone's. Revoking twice is harmless. */
export async function revokeApiToken(db: Database, actor: Actor, tokenId: string): Promise<ApiTokenRow> {
  return db.transaction(async (tx) => {
    const [row] = isUuid(tokenId) ? await tx.select().from(apiTokens).where(eq(apiTokens.id, tokenId)).for("update") : [];
    if (!row || (row.userId !== actor.user.id && actor.user.role !== "ADMIN")) throw AppError.notFound("API token", "id");
    if (row.revokedAt) return row;
    const [revoked] = await tx.update(apiTokens).set({ revokedAt: actor.now }).where(eq(apiTokens.id, tokenId)).returning();
    await writeAudit(tx, actor, {
      entityType: "API_TOKEN",
      entityId: tokenId,
      action: "API_TOKEN_REVOKED",
      before: { revokedAt: null },
      after: { revokedAt: actor.now },
    });
    return revoked!;
  });
}

/**
 * Deactivation must end every way the user could still get in (issue 3: "at once"). Returns
 * the ids of the tokens it revoked, so the caller can audit each.
 */
export async function revokeAllApiTokens(tx: Pick<Database, "update">, userId: string, now: Date): Promise<string[]> {
  const revoked = await tx
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return revoked.map((row) => row.id);
}

/** The user's newest `limit` tokens, newest first. */
export async function listApiTokens(db: Database, userId: string, limit: number): Promise<ApiTokenRow[]> {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt), desc(apiTokens.id)).limit(limit);
}
