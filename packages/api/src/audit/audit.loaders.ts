import DataLoader from "dataloader";
import { asc, inArray } from "drizzle-orm";
import { groupByKey } from "../context/by-key.ts";
import { countRows } from "../db/count.ts";
import type { Executor } from "../db/database.ts";
import { auditEvents, type AuditEventRow } from "./audit-event.table.ts";

/** A lead's history, oldest first. Callers reach it through a lead they may see. */
export function createHistoryByLeadLoader(db: Executor) {
  return new DataLoader<string, AuditEventRow[]>(async (leadIds) => {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(inArray(auditEvents.leadId, [...leadIds]))
      .orderBy(asc(auditEvents.leadId), asc(auditEvents.id));
    return groupByKey(leadIds, rows, (row) => row.leadId!);
  });
}

export function createHistoryCountByLeadLoader(db: Executor) {
  return new DataLoader<string, number>(async (leadIds) => {
    const rows = await db
      .select({ leadId: auditEvents.leadId, count: countRows() })
      .from(auditEvents)
      .where(inArray(auditEvents.leadId, [...leadIds]))
      .groupBy(auditEvents.leadId);
    const counts = new Map(rows.map((row) => [row.leadId, row.count]));
    return leadIds.map((id) => counts.get(id) ?? 0);
  });
}
