import DataLoader from "dataloader";
import { and, asc, desc, sql } from "drizzle-orm";
import { preparedForViewer, VIEWER_ID_PLACEHOLDERS } from "../access/prepared-for-viewer.ts";
import { visibleTo } from "../access/visibility.ts";
import { byKey, groupByKey } from "../context/by-key.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import type { UserRow } from "../users/user.table.ts";
import { opportunities, opportunityStageChanges, type OpportunityRow, type OpportunityStageChangeRow } from "./opportunity.table.ts";

/** Opportunities by id, as far as `viewer` may see them (the same scope as leads). */
const opportunitiesById = preparedForViewer((db, viewer) =>
  db
    .select()
    .from(opportunities)
    .where(and(anyOf(opportunities.id, sql.placeholder("ids")), visibleTo(viewer, opportunities, VIEWER_ID_PLACEHOLDERS)))
    .prepare("opportunities_by_id"),
);

export function createOpportunityByIdLoader(db: Database, viewer: UserRow | null) {
  return new DataLoader<string, OpportunityRow | null>(async (ids) => {
    const rows = await opportunitiesById(db, viewer, { ids });
    return byKey(ids, rows, (row) => row.id);
  });
}

/** A lead's opportunities, newest first, as far as `viewer` may see them. */
export function createOpportunitiesByLeadLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, OpportunityRow[]>(async (leadIds) => {
    const rows = await db
      .select()
      .from(opportunities)
      .where(and(anyOf(opportunities.leadId, leadIds), visibleTo(viewer, opportunities)))
      .orderBy(desc(opportunities.createdAt), desc(opportunities.id));
    return groupByKey(leadIds, rows, (row) => row.leadId);
  });
}

/** Each opportunity's stage moves, oldest first. */
export function createStageChangesByOpportunityLoader(db: Executor) {
  return new DataLoader<string, OpportunityStageChangeRow[]>(async (ids) => {
    const rows = await db
      .select()
      .from(opportunityStageChanges)
      .where(anyOf(opportunityStageChanges.opportunityId, ids))
      .orderBy(asc(opportunityStageChanges.opportunityId), asc(opportunityStageChanges.id));
    return groupByKey(ids, rows, (row) => row.opportunityId);
  });
}
