import type { Money, PipelineStage, Tier } from "@sales/domain";
import { and, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import type { Executor } from "../db/database.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import { leads } from "../leads/lead.table.ts";
import type { UserRow } from "../users/user.table.ts";
import { opportunities, type OpportunityRow } from "./opportunity.table.ts";

export const OPPORTUNITY_ORDERS = ["CREATED_DESC", "CREATED_ASC"] as const;
export type OpportunityOrder = (typeof OPPORTUNITY_ORDERS)[number];

export interface OpportunityListFilter {
  stages?: readonly PipelineStage[];
  ownerIds?: readonly string[];
  teamIds?: readonly string[];
  /** The tier of the opportunity's lead. */
  tiers?: readonly Tier[];
  /** Estimated value at least / at most; only opportunities in that currency match. */
  valueMin?: Money;
  valueMax?: Money;
  closeFrom?: string;
  closeTo?: string;
}

/** Keyset pages on (created_at, id), read from the indexes matching the viewer's scope. */
export async function findOpportunityPage(
  db: Executor,
  viewer: UserRow | null,
  query: { first: number; after: KeysetPosition | null; filter: OpportunityListFilter; order: OpportunityOrder },
): Promise<{ rows: OpportunityRow[]; hasNextPage: boolean }> {
  const ascending = query.order === "CREATED_ASC";
  const conditions = opportunityConditions(viewer, query.filter);
  if (query.after) {
    conditions.push(
      sql`(${opportunities.createdAt}, ${opportunities.id}) ${sql.raw(ascending ? ">" : "<")} (${sql.param(query.after.at, opportunities.createdAt)}, ${sql.param(query.after.id, opportunities.id)})`,
    );
  }
  // The created indexes are DESC NULLS LAST; the NULLS clause (no row is null) lets the order use them.
  const direction = sql.raw(ascending ? "asc nulls first" : "desc nulls last");
  const rows = await db
    .select()
    .from(opportunities)
    .where(and(...conditions))
    .orderBy(sql`${opportunities.createdAt} ${direction}`, sql`${opportunities.id} ${direction}`)
    .limit(query.first + 1);
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

function opportunityConditions(viewer: UserRow | null, filter: OpportunityListFilter): SQL[] {
  const conditions: SQL[] = [];
  const visible = visibleTo(viewer, opportunities);
  if (visible) conditions.push(visible);
  if (filter.stages?.length) conditions.push(inArray(opportunities.stage, [...filter.stages]));
  if (filter.ownerIds?.length) conditions.push(inArray(opportunities.ownerId, [...filter.ownerIds]));
  if (filter.teamIds?.length) conditions.push(inArray(opportunities.teamId, [...filter.teamIds]));
  if (filter.tiers?.length) {
    conditions.push(sql`exists (select 1 from ${leads} where ${leads.id} = ${opportunities.leadId} and ${inArray(leads.tier, [...filter.tiers])})`);
  }
  for (const [bound, compare] of [
    [filter.valueMin, gte],
    [filter.valueMax, lte],
  ] as const) {
    if (bound) {
      conditions.push(eq(opportunities.currency, bound.currency), compare(opportunities.estimatedValueMinor, bound.amountMinor));
    }
  }
  if (filter.closeFrom) conditions.push(gte(opportunities.expectedCloseOn, filter.closeFrom));
  if (filter.closeTo) conditions.push(lte(opportunities.expectedCloseOn, filter.closeTo));
  return conditions;
}
