import { and, eq, lte, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { loginAttempts, type LoginThrottleScope } from "./login-attempt.table.ts";

// Password guessing, slowed down (issue 10, finding 3). Each account (by email, so an unknown
// email behaves like a known one) and each client address gets some failures free; after that,
// every failure locks its key for twice as long as the one before, up to a cap. While a key is
// locked no password is checked at all, so even the right one waits. A successful login starts
// the account's count again; an address's count only fades, so an attacker cannot clear it by
// logging in to an account of their own between guesses.

/** Failures allowed before the first lock: an address stands for a whole office behind one NAT. */
export const FREE_FAILURES: Readonly<Record<LoginThrottleScope, number>> = { ACCOUNT: 5, ADDRESS: 20 };
export const FIRST_LOCK_MS = 1_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** A key with no failure for this long starts counting from zero again. */
export const FORGET_AFTER_MS = 60 * 60_000;

/**
 * How long the `failures`-th failure in a row locks its key: not at all while free failures
 * are left, then 1 s, 2 s, 4 s … up to 15 min.
 */
export function lockAfterFailure(failures: number, freeFailures: number): number | null {
  if (failures < freeFailures) return null;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - freeFailures), MAX_LOCK_MS);
}

/** Who is guessing: the account's normalised email (null when it is not an email) and the client's address. */
export interface ThrottleKeys {
  account: string | null;
  address: string | null;
}

interface ClaimedKey {
  scope: LoginThrottleScope;
  key: string;
  /** The lock this attempt set, so a success can take back exactly that. */
  lockedUntil: Date | null;
}

/** An attempt allowed to check a password, already counted as failed. */
export interface ClaimedAttempt {
  keys: readonly ClaimedKey[];
  now: Date;
}

/**
 * Lets one attempt through, or throws TOO_MANY_ATTEMPTS. The attempt is counted as a failure
 * before the password is checked, in the same statement that checks the lock (an upsert whose
 * update only applies while the key is unlocked), so parallel guesses from any number of
 * processes queue on the row and each sees the count and lock the one before it left: no more
 * get through than the rule allows. Call `loginSucceeded` when the password was right.
 */
export async function claimLoginAttempt(db: Database, keys: ThrottleKeys, now: Date): Promise<ClaimedAttempt> {
  const scoped: [LoginThrottleScope, string | null][] = [
    // Always the account first: every claim takes its row locks in the same order, so two
    // claims can wait on each other's rows but never deadlock.
    ["ACCOUNT", keys.account],
    ["ADDRESS", keys.address],
  ];
  const claimed = await db.transaction(async (tx) => {
    const rows: ClaimedKey[] = [];
    for (const [scope, key] of scoped) {
      if (key === null) continue;
      const failures = await countFailure(tx, scope, key, now);
      // Locked: throwing rolls back the count already made for the account, so a refused
      // attempt counts nowhere.
      if (failures === null) throw AppError.tooManyAttempts(await secondsUntilUnlocked(tx, scope, key, now));
      const lockMs = lockAfterFailure(failures, FREE_FAILURES[scope]);
      const lockedUntil = lockMs === null ? null : new Date(now.getTime() + lockMs);
      if (lockedUntil) await tx.update(loginAttempts).set({ lockedUntil }).where(keyIs(scope, key));
      rows.push({ scope, key, lockedUntil });
    }
    return rows;
  });
  return { keys: claimed, now };
}

/**
 * The password was right: the account's count starts again, and the failure counted in advance
 * for the address is taken back, with the lock it set unless a later attempt has replaced it.
 */
export async function loginSucceeded(db: Database, attempt: ClaimedAttempt): Promise<void> {
  for (const { scope, key, lockedUntil } of attempt.keys) {
    if (scope === "ACCOUNT") {
      await db.delete(loginAttempts).where(keyIs(scope, key));
    } else {
      await db
        .update(loginAttempts)
        .set({
          failures: sql`greatest(${loginAttempts.failures} - 1, 0)`,
          lockedUntil: lockedUntil
            ? sql`case when ${loginAttempts.lockedUntil} = ${lockedUntil.toISOString()}::timestamptz then null else ${loginAttempts.lockedUntil} end`
            : undefined,
        })
        .where(keyIs(scope, key));
    }
  }
  // Forgotten counters go with the next success, so guesses at made-up emails do not pile up.
  const forgotten = new Date(attempt.now.getTime() - FORGET_AFTER_MS);
  await db.delete(loginAttempts).where(lte(loginAttempts.lastFailureAt, forgotten));
}

/** An admin set a new password: the owner may log in with it at once. */
export async function clearAccountThrottle(db: Executor, email: string): Promise<void> {
  await db.delete(loginAttempts).where(keyIs("ACCOUNT", email));
}

/** The key's failure count including this attempt, or null when the key is locked (nothing written). */
async function countFailure(tx: Executor, scope: LoginThrottleScope, key: string, now: Date): Promise<number | null> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const forgotten = sql`${new Date(now.getTime() - FORGET_AFTER_MS).toISOString()}::timestamptz`;
  const [row] = await tx
    .insert(loginAttempts)
    .values({ scope, key, failures: 1, lastFailureAt: now })
    .onConflictDoUpdate({
      target: [loginAttempts.scope, loginAttempts.key],
      set: {
        failures: sql`case when ${loginAttempts.lastFailureAt} <= ${forgotten} then 1 else ${loginAttempts.failures} + 1 end`,
        lastFailureAt: now,
        lockedUntil: null,
      },
      setWhere: sql`${loginAttempts.lockedUntil} is null or ${loginAttempts.lockedUntil} <= ${at}`,
    })
    .returning({ failures: loginAttempts.failures });
  return row?.failures ?? null;
}

async function secondsUntilUnlocked(tx: Executor, scope: LoginThrottleScope, key: string, now: Date): Promise<number> {
  const [row] = await tx.select({ lockedUntil: loginAttempts.lockedUntil }).from(loginAttempts).where(keyIs(scope, key));
  const ms = (row?.lockedUntil?.getTime() ?? now.getTime()) - now.getTime();
  return Math.max(1, Math.ceil(ms / 1000));
}

function keyIs(scope: LoginThrottleScope, key: string) {
  return and(eq(loginAttempts.scope, scope), eq(loginAttempts.key, key))!;
}
