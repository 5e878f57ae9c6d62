// SOP-3.6 a rep's queue of open follow-ups, and a manager's view of the team's queues.
import { and, asc, eq, sql, type SQL } from "drizzle-orm";
import type { PgSelect } from "drizzle-orm/pg-core";
import { visibilityShape } from "../access/prepared-for-viewer.ts";
import { mayReadTeamWork, mayReadUserWork } from "../access/readable-work.ts";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Database, Executor } from "../db/database.ts";
import { literalLimit } from "../db/literal-limit.ts";
import { inline, preparedByShape, type Bind } from "../db/prepared-by-shape.ts";
import { AppError } from "../errors/app-error.ts";
import { columnsShape } from "../graphql/columns-for-fields.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import { leadJoinedAsLoaded } from "../leads/lead-queries.ts";
import { leads, type leadColumns, type LeadRow } from "../leads/lead.table.ts";
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

function queueConditions(viewer: UserRow, scope: QueueScope, bind: Bind<PageValues>): SQL[] {
  const conditions: SQL[] = [eq(followUps.status, "OPEN")];
  // The scope was checked above; visibility still applies, so no path can list more.
  const visible = visibleTo(viewer, followUps, bind.viewerIds);
  if (visible) conditions.push(visible);
  if (scope.ownerId !== null) conditions.push(eq(followUps.ownerId, bind.value("scopeOwnerId", scope.ownerId)));
  if (scope.teamId !== null) conditions.push(eq(followUps.teamId, bind.value("scopeTeamId", scope.teamId)));
  return conditions;
}

/** The values of a page's statement that change between requests of one shape (see `pageShape`). */
type PageValues = {
  viewerId: string | null;
  teamId: string | null;
  scopeOwnerId?: string;
  scopeTeamId?: string;
  afterAt?: Date;
  afterId?: string;
};

type PageQuery = {
  scope: QueueScope;
  first: number;
  after: KeysetPosition | null;
  /** The follow-up's columns the query reads (follow-up-selection.ts); every column when not given. */
  columns?: Partial<typeof followUps._.columns>;
  /** The lead's columns the query reads (leads/lead-selection.ts), read in the page's statement; not read when not given. */
  lead?: Partial<typeof leadColumns>;
};

export interface QueuePageRow {
  /** With `columns`, only those. */
  followUp: FollowUpRow;
  /** Read when `lead` was given, with those columns only: null when the lead is not the viewer's to see, as leadById answers. */
  lead?: LeadRow | null;
}

const queuePage = preparedByShape<PageValues, unknown>("follow_up_queue_page");

/**
 * Open follow-ups by due time, soonest first, so the overdue ones (due before now) lead the
 * list. Keyset pagination on (dueAt, id), served by the partial indexes on open follow-ups; the
 * statement is built once per shape (db/prepared-by-shape.ts). With `columns`, rows hold only those.
 */
export async function findQueuePage(db: Database, viewer: UserRow, query: PageQuery): Promise<{ rows: QueuePageRow[]; hasNextPage: boolean }> {
  const { scope, after } = query;
  const rows = (await queuePage(db, pageShape(viewer, query), (target, bind) => pageStatement(target, viewer, query, bind), {
    viewerId: viewer.id,
    teamId: viewer.teamId,
    scopeOwnerId: scope.ownerId ?? undefined,
    scopeTeamId: scope.teamId ?? undefined,
    afterAt: after?.at,
    afterId: after?.id,
  })) as QueuePageRow[];
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

function pageStatement(db: Database, viewer: UserRow, query: PageQuery, bind: Bind<PageValues>) {
  const conditions = queueConditions(viewer, query.scope, bind);
  if (query.after) {
    // A row comparison, as the leads page's: the index can start right at the cursor.
    const { at, id } = query.after;
    conditions.push(sql`(${followUps.dueAt}, ${followUps.id}) > (${bind.column("afterAt", at, followUps.dueAt)}, ${bind.column("afterId", id, followUps.id)})`);
  }
  // Typed loosely: with `columns`, a row holds only those, and the lead only when asked for (QueuePageRow).
  let statement: PgSelect = db
    .select({ followUp: query.columns ?? followUps, ...(query.lead ? { lead: query.lead } : {}) })
    .from(followUps)
    .$dynamic();
  if (query.lead) statement = statement.leftJoin(leads, leadJoinedAsLoaded(viewer, followUps.leadId, bind.viewerIds));
  return statement
    .where(and(...conditions))
    .orderBy(asc(followUps.dueAt), asc(followUps.id))
    .limit(literalLimit(query.first + 1));
}

/** What decides the text of the page's statement: the viewer's role, the scope given, the cursor, the page size (db/literal-limit.ts) and the columns. */
function pageShape(viewer: UserRow, query: PageQuery): string {
  return [
    visibilityShape(viewer),
    query.scope.ownerId !== null ? "owner" : "-",
    query.scope.teamId !== null ? "team" : "-",
    query.after ? "after" : "-",
    String(query.first),
    query.columns ? columnsShape(query.columns) : "*",
    query.lead ? columnsShape(query.lead) : "-",
  ].join("|");
}

/** Counts only what the viewer may see, like the page itself. */
export async function countQueue(db: Executor, viewer: UserRow, scope: QueueScope): Promise<number> {
  const [row] = await db.select({ count: countRows() }).from(followUps).where(and(...queueConditions(viewer, scope, inline())));
  return row?.count ?? 0;
}
