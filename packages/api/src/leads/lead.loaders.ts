import DataLoader from "dataloader";
import { and, inArray } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import { byKey } from "../context/by-key.ts";
import type { Executor } from "../db/database.ts";
import type { UserRow } from "../users/user.table.ts";
import { leads, type LeadRow } from "./lead.table.ts";

/**
 * Leads by id, as far as `viewer` may see them: a lead outside the viewer's scope loads as null,
 * exactly like one that does not exist, on every path that reaches it (a follow-up's lead, a
 * duplicate match, a merge target). Merged tombstones load too, so `mergedInto` can be followed.
 */
export function createLeadByIdLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, LeadRow | null>(async (ids) => {
    const rows = await db
      .select()
      .from(leads)
      .where(and(inArray(leads.id, [...ids]), visibleTo(viewer, leads)));
    return byKey(ids, rows, (row) => row.id);
  });
}
