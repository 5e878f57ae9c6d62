import type { LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { and, desc, inArray, isNull, lt, or, eq, type SQL } from "drizzle-orm";
import { countRows } from "../db/count.ts";
import { isUuid } from "../db/uuid.ts";
import type { Executor } from "../db/database.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import { leads, type LeadRow } from "./lead.table.ts";

export interface LeadListFilter {
  tiers?: readonly Tier[];
  statuses?: readonly LeadStatus[];
  ownerIds?: readonly string[];
  channels?: readonly LeadChannel[];
}

export interface LeadPage {
  rows: LeadRow[];
  hasNextPage: boolean;
}

/** Newest first; the keyset (createdAt, id) matches the leads_*_created_idx indexes. */
export async function findLeadPage(
  db: Executor,
  query: { first: number; after: KeysetPosition | null; filter: LeadListFilter },
): Promise<LeadPage> {
  const conditions = leadFilterConditions(query.filter);
  if (query.after) {
    const { at, id } = query.after;
    conditions.push(or(lt(leads.createdAt, at), and(eq(leads.createdAt, at), lt(leads.id, id)))!);
  }
  const rows = await db
    .select()
    .from(leads)
    .where(and(...conditions))
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(query.first + 1);
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

export async function countLeads(db: Executor, filter: LeadListFilter): Promise<number> {
  const [row] = await db.select({ count: countRows() }).from(leads).where(and(...leadFilterConditions(filter)));
  return row?.count ?? 0;
}

function leadFilterConditions(filter: LeadListFilter): SQL[] {
  // Merged leads stay as tombstones (SOP-1.4) but are never listed.
  const conditions: SQL[] = [isNull(leads.mergedIntoId)];
  if (filter.tiers?.length) conditions.push(inArray(leads.tier, [...filter.tiers]));
  if (filter.statuses?.length) conditions.push(inArray(leads.status, [...filter.statuses]));
  if (filter.ownerIds?.length) conditions.push(inArray(leads.ownerId, [...filter.ownerIds]));
  if (filter.channels?.length) conditions.push(inArray(leads.channel, [...filter.channels]));
  return conditions;
}

export async function findLeadById(db: Executor, id: string): Promise<LeadRow | null> {
  if (!isUuid(id)) return null;
  const [row] = await db.select().from(leads).where(and(eq(leads.id, id), isNull(leads.mergedIntoId)));
  return row ?? null;
}
