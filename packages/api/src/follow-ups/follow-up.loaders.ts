import DataLoader from "dataloader";
import { asc, and, eq, sql } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf, runNamed } from "../db/named-statement.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { byKey } from "../context/by-key.ts";
import type { UserRow } from "../users/user.table.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

const nextFollowUpsByLead = preparedOnce((db) =>
  db
    .selectDistinctOn([followUps.leadId])
    .from(followUps)
    .where(and(anyOf(followUps.leadId, sql.placeholder("leadIds")), eq(followUps.status, "OPEN")))
    .orderBy(followUps.leadId, asc(followUps.dueAt), asc(followUps.id))
    .prepare("next_follow_up_by_lead"),
);

/** The open follow-up due soonest, per lead (the caller reached the lead, so may see it). */
export function createNextFollowUpByLeadLoader(db: Database) {
  return new DataLoader<string, FollowUpRow | null>(async (leadIds) => {
    const rows = await nextFollowUpsByLead(db, { leadIds });
    return byKey(leadIds, rows, (row) => row.leadId);
  });
}

/** Follow-ups by id, as far as `viewer` may see them (the same scope as their leads). */
export function createFollowUpByIdLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, FollowUpRow | null>(async (ids) => {
    const rows = await runNamed(db.select().from(followUps).where(and(anyOf(followUps.id, ids), visibleTo(viewer, followUps))), "follow_ups_by_id");
    return byKey(ids, rows, (row) => row.id);
  });
}

/** The follow-up planned after a completed one (at most one: follow_ups_previous_key). */
export function createFollowUpPlannedAfterLoader(db: Executor) {
  return new DataLoader<string, FollowUpRow | null>(async (ids) => {
    const rows = await db.select().from(followUps).where(anyOf(followUps.previousId, ids));
    return byKey(ids, rows, (row) => row.previousId);
  });
}
