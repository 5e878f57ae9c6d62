import type { LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { and, gt, gte, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Executor } from "../db/database.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import type { UserRow } from "../users/user.table.ts";
import { leadColumns, leads, type LeadRow } from "./lead.table.ts";

export const LEAD_ORDERS = ["CREATED_DESC", "CREATED_ASC", "UPDATED_ASC", "UPDATED_DESC"] as const;
export type LeadOrder = (typeof LEAD_ORDERS)[number];

export interface LeadListFilter {
  tiers?: readonly Tier[];
  statuses?: readonly LeadStatus[];
  ownerIds?: readonly string[];
  channels?: readonly LeadChannel[];
  provinces?: readonly string[];
  createdFrom?: Date;
  createdBefore?: Date;
  updatedAfter?: Date;
  /** At least two characters (checked by the resolver); matched in company or contact name. */
  search?: string;
}

export interface LeadPage {
  rows: LeadRow[];
  hasNextPage: boolean;
}

/** The field a keyset page sorts by, then by id to break ties; the cursor carries its value. */
export function orderKey(order: LeadOrder): "createdAt" | "updatedAt" {
  return order.startsWith("CREATED") ? "createdAt" : "updatedAt";
}

/**
 * Keyset pagination; each order has an index leading with its column (lead.table.ts), and the
 * ORDER BY and the cursor condition are written so Postgres reads the page straight from it.
 */
export async function findLeadPage(
  db: Executor,
  viewer: UserRow | null,
  query: { first: number; after: KeysetPosition | null; filter: LeadListFilter; order: LeadOrder },
): Promise<LeadPage> {
  const column = leads[orderKey(query.order)];
  const ascending = query.order.endsWith("_ASC");
  const conditions = leadListConditions(viewer, query.filter);
  if (query.after) {
    // A row comparison, not `a > x or (a = x and id > y)`: the index can start right at the cursor.
    const { at, id } = query.after;
    conditions.push(sql`(${column}, ${leads.id}) ${sql.raw(ascending ? ">" : "<")} (${sql.param(at, column)}, ${sql.param(id, leads.id)})`);
  }
  // The created_at indexes are `DESC NULLS LAST` (read backwards for ascending order, which is
  // NULLS FIRST), the updated_at index plain ascending. The columns are never null, so the NULLS
  // clause changes no result, only whether the order matches an index or every visible lead is sorted.
  const nulls = orderKey(query.order) === "createdAt" ? (ascending ? "first" : "last") : ascending ? "last" : "first";
  const direction = sql.raw(`${ascending ? "asc" : "desc"} nulls ${nulls}`);
  const rows = await db
    .select(leadColumns)
    .from(leads)
    .where(and(...conditions))
    .orderBy(sql`${column} ${direction}`, sql`${leads.id} ${direction}`)
    .limit(query.first + 1);
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

/** Counts only what the viewer may see: a rep's totalCount is of their own leads. */
export async function countLeads(db: Executor, viewer: UserRow | null, filter: LeadListFilter): Promise<number> {
  const [row] = await db.select({ count: countRows() }).from(leads).where(and(...leadListConditions(viewer, filter)));
  return row?.count ?? 0;
}

function leadListConditions(viewer: UserRow | null, filter: LeadListFilter): SQL[] {
  // Merged leads stay as tombstones (SOP-1.4) but are never listed.
  const conditions: SQL[] = [isNull(leads.mergedIntoId)];
  const visible = visibleTo(viewer, leads);
  if (visible) conditions.push(visible);
  if (filter.tiers?.length) conditions.push(inArray(leads.tier, [...filter.tiers]));
  if (filter.statuses?.length) conditions.push(inArray(leads.status, [...filter.statuses]));
  if (filter.ownerIds?.length) conditions.push(inArray(leads.ownerId, [...filter.ownerIds]));
  if (filter.channels?.length) conditions.push(inArray(leads.channel, [...filter.channels]));
  if (filter.provinces?.length) conditions.push(inArray(leads.province, [...filter.provinces]));
  if (filter.createdFrom) conditions.push(gte(leads.createdAt, filter.createdFrom));
  if (filter.createdBefore) conditions.push(lt(leads.createdAt, filter.createdBefore));
  if (filter.updatedAfter) conditions.push(gt(leads.updatedAt, filter.updatedAfter));
  if (filter.search) conditions.push(searchCondition(filter.search));
  return conditions;
}

/**
 * Every bigram of the query must be among the lead's (the GIN index finds those rows), then
 * the exact substring is checked in either name (migration 0001 explains why bigrams).
 */
function searchCondition(search: string): SQL {
  return sql`(${leads.searchGrams} @> sales_search_bigrams(${search})
    and (strpos(lower(${leads.companyName}), lower(${search})) > 0 or strpos(lower(${leads.contactName}), lower(${search})) > 0))`;
}
