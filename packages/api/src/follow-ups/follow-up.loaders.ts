import DataLoader from "dataloader";
import { asc, and, eq, inArray } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import type { Executor } from "../db/database.ts";
import { byKey } from "../context/by-key.ts";
import type { UserRow } from "../users/user.table.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

/** The open follow-up due soonest, per lead (the caller reached the lead, so may see it). */
export function createNextFollowUpByLeadLoader(db: Executor) {
  return new DataLoader<string, FollowUpRow | null>(async (leadIds) => {
    const rows = await db
      .selectDistinctOn([followUps.leadId])
      .from(followUps)
      .where(and(inArray(followUps.leadId, [...leadIds]), eq(followUps.status, "OPEN")))
      .orderBy(followUps.leadId, asc(followUps.dueAt), asc(followUps.id));
    return byKey(leadIds, rows, (row) => row.leadId);
  });
}

/** Follow-ups by id, as far as `viewer` may see them (the same scope as their leads). */
export function createFollowUpByIdLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, FollowUpRow | null>(async (ids) => {
    const rows = await db
      .select()
      .from(followUps)
      .where(and(inArray(followUps.id, [...ids]), visibleTo(viewer, followUps)));
    return byKey(ids, rows, (row) => row.id);
  });
}

/** The follow-up planned after a completed one (at most one: follow_ups_previous_key). */
export function createFollowUpPlannedAfterLoader(db: Executor) {
  return new DataLoader<string, FollowUpRow | null>(async (ids) => {
    const rows = await db.select().from(followUps).where(inArray(followUps.previousId, [...ids]));
    return byKey(ids, rows, (row) => row.previousId);
  });
}
