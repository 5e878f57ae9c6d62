import { eq, inArray, lt, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { users } from "../users/user.table.ts";
import { endedSessions } from "./ended-session.table.ts";
import type { Session } from "./session-token.ts";

/** Expired rows cleared by each logout: enough to keep up with logins, never a long delete. */
const EXPIRED_ROWS_CLEARED_PER_LOGOUT = 20;

/** Logging out: this session's token stops working on every replica at once. */
export async function endSession(db: Executor, session: Session, now: Date): Promise<void> {
  await db.insert(endedSessions).values({ id: session.sessionId, userId: session.userId, expiresAt: session.expiresAt }).onConflictDoNothing();
  const expired = db.select({ id: endedSessions.id }).from(endedSessions).where(lt(endedSessions.expiresAt, now)).limit(EXPIRED_ROWS_CLEARED_PER_LOGOUT);
  await db.delete(endedSessions).where(inArray(endedSessions.id, expired));
}

/** Every session of the user ends: deactivation, a password change or reset (issue 10, finding 5). */
export async function endAllSessions(tx: Executor, userId: string): Promise<void> {
  await tx
    .update(users)
    .set({ sessionGeneration: sql`${users.sessionGeneration} + 1` })
    .where(eq(users.id, userId));
}
