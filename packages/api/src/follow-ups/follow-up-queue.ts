// SOP-3.6 a rep's queue of open follow-ups, and a manager's view of the team's queues.
import { and, asc, eq, gt, or, type SQL } from "drizzle-orm";
import { mayReadTeamWork, mayReadUserWork } from "../access/readable-work.ts";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Executor } from "../db/database.ts";
import { runNamed } from "../db/named-statement.ts";
import { AppError } from "../errors/app-error.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import type { UserRow } from "../users/user.table.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

/** Whose open follow-ups a queue lists: one owner's, one team's, or one owner's within a team. */
export interface QueueScope {
  ownerId: string | null;
  teamId: string | null;
}

/**
 * Checks that `viewer` may read the queue asked for. A rep reads only their own; a manager
 * any rep's of their team, or the whole team; analysts and admins any. Anything else, and ids
 * that do not exist, are NOT_FOUND naming the argument, so nobody can probe for users or teams.
 */
export async function resolveQueueScope(
  db: Executor,
  viewer: UserRow,
  args: { ownerId?: string | null; teamId?: string | null },
): Promise<QueueScope> {
  const teamId = args.teamId ?? null;
  // Without a team, the queue is the viewer's own.
  const ownerId = args.ownerId ?? (teamId === null ? viewer.id : null);

  if (teamId !== null && !(await mayReadTeamWork(db, viewer, teamId))) throw AppError.notFound("Team", "teamId");
  if (ownerId !== null && !(await mayReadUserWork(db, viewer, ownerId))) {
    throw AppError.notFound("User", "ownerId");
  }
  return { ownerId, teamId };
}

function queueConditions(viewer: UserRow, scope: QueueScope): SQL[] {
  const conditions: SQL[] = [eq(followUps.status, "OPEN")];
  // The scope was checked above; visibility still applies, so no path can list more.
  const visible = visibleTo(viewer, followUps);
  if (visible) conditions.push(visible);
  if (scope.ownerId !== null) conditions.push(eq(followUps.ownerId, scope.ownerId));
  if (scope.teamId !== null) conditions.push(eq(followUps.teamId, scope.teamId));
  return conditions;
}

/**
 * Open follow-ups by due time, soonest first, so the overdue ones (due before now) lead the
 * list. Keyset pagination on (dueAt, id), served by the partial indexes on open follow-ups.
 */
export async function findQueuePage(
  db: Executor,
  viewer: UserRow,
  query: { scope: QueueScope; first: number; after: KeysetPosition | null },
): Promise<{ rows: FollowUpRow[]; hasNextPage: boolean }> {
  const conditions = queueConditions(viewer, query.scope);
  if (query.after) {
    const { at, id } = query.after;
    conditions.push(or(gt(followUps.dueAt, at), and(eq(followUps.dueAt, at), gt(followUps.id, id)))!);
  }
  const rows = await runNamed(
    db
      .select()
      .from(followUps)
      .where(and(...conditions))
      .orderBy(asc(followUps.dueAt), asc(followUps.id))
      .limit(query.first + 1),
    "follow_up_queue_page",
  );
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

/** Counts only what the viewer may see, like the page itself. */
export async function countQueue(db: Executor, viewer: UserRow, scope: QueueScope): Promise<number> {
  const [row] = await db.select({ count: countRows() }).from(followUps).where(and(...queueConditions(viewer, scope)));
  return row?.count ?? 0;
}
