import DataLoader from "dataloader";
import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { preparedForViewer, VIEWER_ID_PLACEHOLDERS } from "../access/prepared-for-viewer.ts";
import { visibleTo } from "../access/visibility.ts";
import { byKey } from "../context/by-key.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import type { UserRow } from "../users/user.table.ts";
import type { DuplicateMatch } from "./duplicate-detection.ts";
import { leadDuplicates } from "./lead-duplicate.table.ts";
import { leadColumns, leads, type LeadRow } from "./lead.table.ts";

const leadsById = preparedForViewer((db, viewer) =>
  db
    .select(leadColumns)
    .from(leads)
    .where(and(anyOf(leads.id, sql.placeholder("ids")), visibleTo(viewer, leads, VIEWER_ID_PLACEHOLDERS)))
    .prepare("leads_by_id"),
);

/**
 * Leads by id, as far as `viewer` may see them: a lead outside the viewer's scope loads as null,
 * exactly like one that does not exist, on every path that reaches it (a follow-up's lead, a
 * duplicate match, a merge target). Merged tombstones load too, so `mergedInto` can be followed.
 */
export function createLeadByIdLoader(db: Database, viewer: UserRow | null) {
  return new DataLoader<string, LeadRow | null>(async (ids) => {
    const rows = await leadsById(db, viewer, { ids });
    return byKey(ids, rows, (row) => row.id);
  });
}

/**
 * SOP-1.4 the recorded possible duplicates of each lead, in either direction, that nobody has
 * dismissed and that are not merged away. The other lead itself is loaded through leadById.
 */
export function createPossibleDuplicatesByLeadLoader(db: Executor) {
  return new DataLoader<string, DuplicateMatch[]>(async (leadIds) => {
    const ids = [...leadIds];
    const other = alias(leads, "other");
    const rows = await db
      .select({
        leadId: leadDuplicates.leadId,
        duplicateOfId: leadDuplicates.duplicateOfId,
        reasons: leadDuplicates.reasons,
        otherId: other.id,
        otherOwnerId: other.ownerId,
      })
      .from(leadDuplicates)
      .innerJoin(
        other,
        or(
          and(inArray(leadDuplicates.leadId, ids), eq(other.id, leadDuplicates.duplicateOfId)),
          and(inArray(leadDuplicates.duplicateOfId, ids), eq(other.id, leadDuplicates.leadId)),
        ),
      )
      .where(and(isNull(leadDuplicates.dismissedAt), isNull(other.mergedIntoId)))
      .orderBy(leadDuplicates.createdAt);
    const byLead = new Map<string, DuplicateMatch[]>();
    for (const row of rows) {
      const self = row.otherId === row.duplicateOfId ? row.leadId : row.duplicateOfId;
      const list = byLead.get(self) ?? [];
      list.push({ leadId: row.otherId, ownerId: row.otherOwnerId, reasons: row.reasons });
      byLead.set(self, list);
    }
    return leadIds.map((id) => byLead.get(id) ?? []);
  });
}
