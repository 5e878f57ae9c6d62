import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { teams } from "../teams/team.table.ts";
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

/** One user's: everyone their own; a manager anyone's of their team; analysts and admins anyone's. */
export async function mayReadUserWork(db: Executor, viewer: UserRow, userId: string): Promise<boolean> {
  if (userId === viewer.id) return true;
  if (!isUuid(userId) || (viewer.role !== "MANAGER" && viewer.role !== "ANALYST" && viewer.role !== "ADMIN")) return false;
  const [user] = await db.select({ teamId: users.teamId }).from(users).where(eq(users.id, userId));
  if (!user) return false;
  return viewer.role !== "MANAGER" || (viewer.teamId !== null && user.teamId === viewer.teamId);
}
