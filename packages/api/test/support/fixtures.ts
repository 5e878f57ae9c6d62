import type { UserRole } from "@sales/domain";
import { randomUUID } from "node:crypto";
import { signSessionToken } from "../../src/auth/session-token.ts";
import type { Executor } from "../../src/db/database.ts";
import { teams, type TeamRow } from "../../src/teams/team.table.ts";
import { hashPassword } from "../../src/users/password.ts";
import { users, type UserRow } from "../../src/users/user.table.ts";

/** The password of every fixture user; hashed once, since scrypt is slow on purpose. */
export const FIXTURE_PASSWORD = "fixture-password-2026";
const fixturePasswordHash = hashPassword(FIXTURE_PASSWORD);

/** The secret the test server signs tokens with, so tests can mint a token without logging in. */
export const TEST_AUTH_SECRET = "test-auth-secret-that-is-long-enough-0123456789";

export async function createTeam(db: Executor, values: Partial<typeof teams.$inferInsert> = {}): Promise<TeamRow> {
  const [team] = await db
    .insert(teams)
    .values({ name: `Team ${randomUUID().slice(0, 8)}`, ...values })
    .returning();
  return team!;
}

export async function createUser(
  db: Executor,
  values: { role: UserRole; teamId?: string | null } & Partial<Omit<typeof users.$inferInsert, "role">>,
): Promise<UserRow> {
  const suffix = randomUUID().slice(0, 8);
  const [user] = await db
    .insert(users)
    .values({
      email: `${values.role.toLowerCase()}-${suffix}@example.test`,
      displayName: `${values.role} ${suffix}`,
      passwordHash: await fixturePasswordHash,
      ...values,
    })
    .returning();
  return user!;
}

/**
 * A valid login token for `user`, as `login` would return it: a session of its own, in the
 * user's current session generation (0 unless the row given says otherwise).
 */
export function tokenFor(user: Pick<UserRow, "id"> & Partial<Pick<UserRow, "sessionGeneration">>, expiresAt = new Date(Date.now() + 3_600_000)): string {
  return signSessionToken({ userId: user.id, sessionId: randomUUID(), generation: user.sessionGeneration ?? 0, expiresAt }, TEST_AUTH_SECRET);
}
