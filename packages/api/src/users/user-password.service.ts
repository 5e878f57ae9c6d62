import { eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import { claimLoginAttempt, clearAccountThrottle, loginSucceeded } from "../auth/login-throttle.ts";
import { endAllSessions } from "../auth/sessions.ts";
import type { Database, Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import { newPasswordProblem } from "./new-password.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { userColumns, users, type UserRow } from "./user.table.ts";

/**
 * A signed-in user sets a new password, proving they know the current one. That proof is a
 * login in all but name, so it goes through the login throttle: a stolen session must not
 * become a way to guess the password behind it.
 */
export async function changePassword(
  db: Database,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  clientAddress: string | null,
): Promise<UserRow> {
  const problem = newPasswordProblem(input.newPassword, actor.user.email, "newPassword");
  if (problem) throw AppError.badInput([problem]);
  if (input.newPassword.normalize("NFKC") === input.currentPassword.normalize("NFKC")) {
    throw AppError.badInput([{ field: "newPassword", message: "must differ from the current password" }]);
  }
  const attempt = await claimLoginAttempt(db, { account: actor.user.email, address: clientAddress }, actor.now);
  // The hash is read here, for this check only: the request's viewer never carries it.
  const [stored] = await db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, actor.user.id));
  if (!stored || !(await verifyPassword(input.currentPassword, stored.passwordHash))) {
    throw AppError.badInput([{ field: "currentPassword", message: "is not your current password" }]);
  }
  await loginSucceeded(db, attempt);
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const user = await storePassword(tx, actor, actor.user.id, passwordHash);
    await endAllSessions(tx, user.id);
    await writeAudit(tx, actor, { entityType: "USER", entityId: user.id, action: "USER_PASSWORD_CHANGED", teamId: user.teamId });
    return user;
  });
}

/**
 * An admin sets a user's password (they forgot it, or it may be known to someone else). The
 * account's failed-login count is cleared with it, so the user can log in with it at once.
 */
export async function resetUserPassword(db: Database, actor: Actor, input: { userId: string; newPassword: string }): Promise<UserRow> {
  const [target] = isUuid(input.userId) ? await db.select(userColumns).from(users).where(eq(users.id, input.userId)) : [];
  if (!target) throw AppError.notFound("User", "userId");
  const problem = newPasswordProblem(input.newPassword, target.email, "newPassword");
  if (problem) throw AppError.badInput([problem]);
  // Slow on purpose (scrypt), so it runs before the transaction rather than inside it.
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    const user = await storePassword(tx, actor, input.userId, passwordHash);
    await endAllSessions(tx, user.id);
    await clearAccountThrottle(tx, user.email);
    // Only that it happened: neither password nor hash belongs in the audit trail.
    await writeAudit(tx, actor, { entityType: "USER", entityId: user.id, action: "USER_PASSWORD_RESET", teamId: user.teamId });
    return user;
  });
}

/** Replaces the stored hash; the caller's transaction is where anything tied to the old password ends. */
async function storePassword(tx: Executor, actor: Actor, userId: string, passwordHash: string): Promise<UserRow> {
  const [user] = await tx.update(users).set({ passwordHash, updatedAt: actor.now }).where(eq(users.id, userId)).returning(userColumns);
  if (!user) throw AppError.notFound("User", "userId");
  return user;
}
