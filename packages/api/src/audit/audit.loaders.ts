import DataLoader from "dataloader";
import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { groupByKey } from "../context/by-key.ts";
import { countRows } from "../db/count.ts";
import type { Executor } from "../db/database.ts";
import { auditEvents, type AuditEventRow } from "./audit-event.table.ts";

/** Whose history, and how many of its newest entries (a field's `last`). */
export interface HistoryKey {
  id: string;
  last: number;
}

/**
 * The newest `last` entries of each lead's history, oldest of them first. Callers reach it
 * through a lead they may see.
 */
export function createHistoryByLeadLoader(db: Executor) {
  return createNewestHistoryLoader(db, { column: auditEvents.leadId, of: (event) => event.leadId! });
}

/** The newest `last` entries about each opportunity itself, oldest of them first. */
export function createHistoryByOpportunityLoader(db: Executor) {
  return createNewestHistoryLoader(db, { column: auditEvents.entityId, of: (event) => event.entityId, scope: eq(auditEvents.entityType, "OPPORTUNITY") });
}

/**
 * Ranks the keys' entries newest first on the index alone and reads only the rows that make the
 * cut, so a lead with years of history costs no more than its page (issue 10, finding 2).
 */
function createNewestHistoryLoader(db: Executor, owner: { column: PgColumn; of: (event: AuditEventRow) => string; scope?: SQL }) {
  return new DataLoader<HistoryKey, AuditEventRow[], string>(
    async (keys) => {
      const found = new Map<string, AuditEventRow[]>();
      // One statement per distinct `last`: a request asks for one or two.
      for (const last of new Set(keys.map((key) => key.last))) {
        const group = keys.filter((key) => key.last === last);
        const ids = group.map((key) => key.id);
        const ranked = db
          .select({ id: auditEvents.id, rank: sql<number>`row_number() over (partition by ${owner.column} order by ${auditEvents.id} desc)`.as("rank") })
          .from(auditEvents)
          .where(and(inArray(owner.column, ids), owner.scope))
          .as("ranked");
        const rows = await db
          .select({ event: auditEvents })
          .from(auditEvents)
          .innerJoin(ranked, eq(ranked.id, auditEvents.id))
          .where(lte(ranked.rank, last))
          .orderBy(asc(owner.column), asc(auditEvents.id));
        const events = rows.map((row) => row.event);
        groupByKey(ids, events, owner.of).forEach((list, index) => found.set(historyKeyOf(group[index]!), list));
      }
      return keys.map((key) => found.get(historyKeyOf(key)) ?? []);
    },
    { cacheKeyFn: historyKeyOf },
  );
}

function historyKeyOf(key: HistoryKey): string {
  return `${key.id}:${key.last}`;
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
