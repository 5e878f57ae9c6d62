import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { teams, type TeamRow } from "../teams/team.table.ts";
import { users, type UserRow } from "../users/user.table.ts";

// Whose work (queues, reports, review queues) a viewer may read. Callers answer a false with
// NOT_FOUND naming their argument, so nobody can probe for users or teams.

/** A whole team's: a manager their own; analysts and admins any team that exists. */
export async function mayReadTeamWork(db: Executor, viewer: UserRow, teamId: string): Promise<boolean> {
  if (!isUuid(teamId)) return false;
  switch (viewer.role) {
    case "MANAGER":
      return viewer.teamId === teamId;
    case "ANALYST":
    case "ADMIN": {
      const [team] = await db.select({ id: teams.id }).from(teams).where(eq(teams.id, teamId));
      return team !== undefined;
    }
    default:
      return false;
  }
}

/** A team's settings (playbook, calendar): its members', analysts' and admins'. Callers answer a false with FORBIDDEN. */
export function mayReadTeamSettings(viewer: UserRow | null, teamId: string): boolean {
  return viewer !== null && (viewer.role === "ADMIN" || viewer.role === "ANALYST" || viewer.teamId === teamId);
}

/** One user's: everyone their own; a manager anyone's of their team; analysts and admins anyone's. */
export async function mayReadUserWork(db: Executor, viewer: UserRow, userId: string): Promise<boolean> {
  if (userId === viewer.id) return true;
  if (!isUuid(userId) || (viewer.role !== "MANAGER" && viewer.role !== "ANALYST" && viewer.role !== "ADMIN")) return false;
  const [user] = await db.select({ teamId: users.teamId }).from(users).where(eq(users.id, userId));
  if (!user) return false;
  return viewer.role !== "MANAGER" || (viewer.teamId !== null && user.teamId === viewer.teamId);
}

/**
 * The teams whose reports a viewer may read, narrowed to `teamId` when given: a rep's and a
 * manager's own team (a rep's reports then cover only their own work, by `visibleTo`), analysts
 * and admins every team. A team the viewer may not read gives no team, so the report comes back
 * empty, as a list filtered by it does.
 */
export async function reportableTeams(db: Executor, viewer: UserRow, teamId: string | null): Promise<TeamRow[]> {
  if (teamId !== null && !isUuid(teamId)) return [];
  switch (viewer.role) {
    case "REP":
    case "MANAGER": {
      if (viewer.teamId === null || (teamId !== null && teamId !== viewer.teamId)) return [];
      return db.select().from(teams).where(eq(teams.id, viewer.teamId));
    }
    case "ANALYST":
    case "ADMIN":
      return teamId === null ? db.select().from(teams).orderBy(teams.name) : db.select().from(teams).where(eq(teams.id, teamId));
    default:
      return [];
  }
}
