import DataLoader from "dataloader";
import { asc, and, eq, inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { byKey } from "../context/by-key.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

/** The open follow-up due soonest, per lead. */
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
