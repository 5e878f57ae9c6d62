import { normalizeEmail, type UserRole } from "@sales/domain";
import { and, asc, eq, type SQL } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { writeAudit, type AuditEntry } from "../audit/audit.ts";
import { revokeAllApiTokens } from "../auth/auth.service.ts";
import { endAllSessions } from "../auth/sessions.ts";
import type { Database, Executor } from "../db/database.ts";
import { pgErrorOf } from "../db/pg-error.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { readName } from "../graphql/text-input.ts";
import { requireTeam } from "../teams/team-admin.service.ts";
import { newPasswordProblem } from "./new-password.ts";
import { hashPassword } from "./password.ts";
import { refuseWhileHoldingTeamWork } from "./team-work.ts";
import { DISPLAY_NAME_MAX_LENGTH } from "./user.input.ts";
import { userColumns, users, type UserRow } from "./user.table.ts";

export interface CreateUserCommand {
  email: string;
  displayName: string;
  role: UserRole;
  teamId?: string | null;
  password: string;
}

/** What an audit event records of a user: never the password hash. */
function auditedFields(user: UserRow) {
  return { email: user.email, displayName: user.displayName, role: user.role, teamId: user.teamId, active: user.active };
}

/** Analysts and admins work across teams; every other role inside one. */
const ROLES_WITHOUT_TEAM: readonly UserRole[] = ["ANALYST", "ADMIN"];

/**
 * The database refuses a rep without a team too (users_team_required_check), but the caller
 * should hear which field to fix, and that an analyst or admin given a team is a mistake.
 */
function membershipProblem(role: UserRole, teamId: string | null, field: string): FieldProblem | null {
  const needsTeam = !ROLES_WITHOUT_TEAM.includes(role);
  if (needsTeam && teamId === null) return { field, message: `a ${role} works inside a team: give the team's id` };
  if (!needsTeam && teamId !== null) return { field, message: `an ${role} works across teams and has no team: leave it out` };
  return null;
}

export async function createUser(db: Database, actor: Actor, input: CreateUserCommand): Promise<UserRow> {
  return insertUser(db, input, actor.now, () => actor);
}

/**
 * An admin made from the operator's terminal (`pnpm create-admin`), typically the first one.
 * Nobody is signed in to have made them, so the audit event names the new admin as its actor
 * and the CLI as its request.
 */
export async function createAdminFromTerminal(
  db: Database,
  input: { email: string; displayName: string; password: string },
  now: Date,
): Promise<UserRow> {
  return insertUser(db, { ...input, role: "ADMIN", teamId: null }, now, (admin) => ({ user: admin, requestId: "create-admin", now }));
}

async function insertUser(db: Database, input: CreateUserCommand, now: Date, auditedAs: (created: UserRow) => Actor): Promise<UserRow> {
  const problems: FieldProblem[] = [];
  const email = normalizeEmail(input.email);
  if (!email.ok) problems.push({ field: "input.email", code: email.error.code, message: email.error.message });
  const displayName = readName(input.displayName, "input.displayName", DISPLAY_NAME_MAX_LENGTH, problems);
  const passwordProblem = newPasswordProblem(input.password, email.ok ? email.value : null, "input.password");
  if (passwordProblem) problems.push(passwordProblem);
  const teamId = input.teamId ?? null;
  const membership = membershipProblem(input.role, teamId, "input.teamId");
  if (membership) problems.push(membership);
  if (!email.ok || displayName === null || problems.length > 0) throw AppError.badInput(problems);

  // Slow on purpose (scrypt), so it runs before the transaction rather than inside it.
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.transaction(async (tx) => {
      if (teamId !== null) await requireTeam(tx, teamId, "input.teamId");
      const [taken] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email.value));
      if (taken) throw emailTaken(email.value);
      const [user] = await tx
        .insert(users)
        .values({ email: email.value, displayName, role: input.role, teamId, passwordHash, createdAt: now, updatedAt: now })
        .returning(userColumns);
      await writeAudit(tx, auditedAs(user!), { entityType: "USER", entityId: user!.id, action: "USER_CREATED", teamId, after: auditedFields(user!) });
      return user!;
    });
  } catch (error) {
    // Two admins creating the same email at once: the unique index decides, the caller hears CONFLICT.
    if (pgErrorOf(error)?.constraint === "users_email_unique") throw emailTaken(email.value);
    throw error;
  }
}

function emailTaken(email: string): AppError {
  return AppError.conflict(`${email} is already used by another user`, "input.email");
}

/**
 * Ends every way the user could get in, at once: their login sessions end (and stay ended
 * after a reactivation) and their API tokens are revoked, in the same transaction. Deactivating an inactive user changes nothing.
 */
export async function deactivateUser(db: Database, actor: Actor, userId: string): Promise<UserRow> {
  if (userId === actor.user.id) {
    throw AppError.badInput([{ field: "id", message: "you cannot deactivate yourself: ask another admin" }]);
  }
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, userId, "id");
    if (!user.active) return user;
    await endAllSessions(tx, userId);
    const [updated] = await tx.update(users).set({ active: false, updatedAt: actor.now }).where(eq(users.id, userId)).returning(userColumns);
    const revokedTokenIds = await revokeAllApiTokens(tx, userId, actor.now);
    await writeAudit(tx, actor, [
      { entityType: "USER", entityId: userId, action: "USER_DEACTIVATED", teamId: user.teamId, before: { active: true }, after: { active: false } },
      ...revokedTokenIds.map(
        (tokenId): AuditEntry => ({
          entityType: "API_TOKEN",
          entityId: tokenId,
          action: "API_TOKEN_REVOKED",
          teamId: user.teamId,
          before: { revokedAt: null },
          after: { revokedAt: actor.now, reason: "USER_DEACTIVATED" },
        }),
      ),
    ]);
    return updated!;
  });
}

/** The user may log in again; API tokens revoked on deactivation stay revoked. */
export async function reactivateUser(db: Database, actor: Actor, userId: string): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, userId, "id");
    if (user.active) return user;
    const [updated] = await tx.update(users).set({ active: true, updatedAt: actor.now }).where(eq(users.id, userId)).returning(userColumns);
    await writeAudit(tx, actor, {
      entityType: "USER",
      entityId: userId,
      action: "USER_REACTIVATED",
      teamId: user.teamId,
      before: { active: false },
      after: { active: true },
    });
    return updated!;
  });
}

/**
 * Moves a rep, manager or reviewer to another team, once they hold no work in their old one:
 * work stays with its team, so its manager hands their leads to another member first (and a
 * reviewer submits their open reviews). What they did there stays on that team's record.
 */
export async function setUserTeam(db: Database, actor: Actor, input: { userId: string; teamId: string }): Promise<UserRow> {
  return db.transaction(async (tx) => {
    const user = await lockUser(tx, input.userId, "userId");
    const membership = membershipProblem(user.role, input.teamId, "teamId");
    if (membership) throw AppError.badInput([membership]);
    await requireTeam(tx, input.teamId, "teamId");
    if (user.teamId === input.teamId) return user;
    await refuseWhileHoldingTeamWork(tx, user, "userId");
    const [updated] = await tx
      .update(users)
      .set({ teamId: input.teamId, updatedAt: actor.now })
      .where(eq(users.id, input.userId))
      .returning(userColumns);
    await writeAudit(tx, actor, {
      entityType: "USER",
      entityId: input.userId,
      action: "USER_TEAM_CHANGED",
      teamId: input.teamId,
      before: { teamId: user.teamId },
      after: { teamId: input.teamId },
    });
    return updated!;
  });
}

export interface UserListFilter {
  teamId?: string | null;
  role?: UserRole | null;
  active?: boolean | null;
}

/** At most `limit` users, by name: an admin lists anyone; a manager only their own team (another team's id is NOT_FOUND). */
export async function listUsers(db: Database, viewer: UserRow, filter: UserListFilter, limit: number): Promise<UserRow[]> {
  let teamId = filter.teamId ?? null;
  if (viewer.role === "MANAGER") {
    if (teamId !== null && teamId !== viewer.teamId) throw AppError.notFound("Team", "teamId");
    if (viewer.teamId === null) return [];
    teamId = viewer.teamId;
  } else if (viewer.role !== "ADMIN") {
    throw AppError.forbidden("Only admins and managers list users");
  } else if (teamId !== null) {
    await requireTeam(db, teamId, "teamId");
  }
  const conditions: SQL[] = [];
  if (teamId !== null) conditions.push(eq(users.teamId, teamId));
  if (filter.role) conditions.push(eq(users.role, filter.role));
  if (filter.active !== null && filter.active !== undefined) conditions.push(eq(users.active, filter.active));
  return db
    .select(userColumns)
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.displayName), asc(users.id))
    .limit(limit);
}

async function lockUser(tx: Executor, userId: string, field: string): Promise<UserRow> {
  const [user] = isUuid(userId) ? await tx.select(userColumns).from(users).where(eq(users.id, userId)).for("update") : [];
  if (!user) throw AppError.notFound("User", field);
  return user;
}
