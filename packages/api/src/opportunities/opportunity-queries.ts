import type { CurrencyCode, Money, PipelineStage, Tier } from "@sales/domain";
import { and, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Executor } from "../db/database.ts";
import { anyOf, runNamed } from "../db/named-statement.ts";
import { decodeCursorValues, encodeCursorValues, type CursorPart } from "../graphql/cursor.ts";
import { leads } from "../leads/lead.table.ts";
import type { UserRow } from "../users/user.table.ts";
import { opportunities, type OpportunityRow } from "./opportunity.table.ts";

export const OPPORTUNITY_ORDERS = ["CREATED_DESC", "CREATED_ASC", "CLOSE_DATE_ASC", "CLOSE_DATE_DESC", "VALUE_DESC", "VALUE_ASC"] as const;
export type OpportunityOrder = (typeof OPPORTUNITY_ORDERS)[number];

/** One column a page sorts by, how its value travels in the cursor, and back to a query parameter. */
interface SortColumn {
  column: PgColumn;
  part: CursorPart;
  read(row: OpportunityRow): string;
  toParam(value: string): unknown;
}

const TIE_BREAKER: SortColumn = { column: opportunities.id, part: "uuid", read: (row) => row.id, toParam: (value) => value };

const BY_CREATED: SortColumn[] = [
  { column: opportunities.createdAt, part: "timestamp", read: (row) => row.createdAt.toISOString(), toParam: (value) => new Date(value) },
  TIE_BREAKER,
];
const BY_CLOSE_DATE: SortColumn[] = [
  { column: opportunities.expectedCloseOn, part: "date", read: (row) => row.expectedCloseOn, toParam: (value) => value },
  TIE_BREAKER,
];
// Amounts in different currencies are not compared: the list groups them by currency code.
const BY_VALUE: SortColumn[] = [
  { column: opportunities.currency, part: "currency", read: (row) => row.currency, toParam: (value) => value },
  { column: opportunities.estimatedValueMinor, part: "wholeNumber", read: (row) => String(row.estimatedValueMinor), toParam: (value) => BigInt(value) },
  TIE_BREAKER,
];

/**
 * Each order's columns, the id last to break ties. Each has a team index and a whole-company
 * index with these columns DESC NULLS LAST (opportunity.table.ts); a rep's own pipeline is
 * small enough to sort.
 */
const SORTS: Record<OpportunityOrder, { columns: SortColumn[]; ascending: boolean }> = {
  CREATED_DESC: { columns: BY_CREATED, ascending: false },
  CREATED_ASC: { columns: BY_CREATED, ascending: true },
  CLOSE_DATE_ASC: { columns: BY_CLOSE_DATE, ascending: true },
  CLOSE_DATE_DESC: { columns: BY_CLOSE_DATE, ascending: false },
  VALUE_DESC: { columns: BY_VALUE, ascending: false },
  VALUE_ASC: { columns: BY_VALUE, ascending: true },
};

export function opportunityCursor(order: OpportunityOrder, row: OpportunityRow): string {
  return encodeCursorValues(SORTS[order].columns.map((sort) => sort.read(row)));
}

/** The position after which a page starts; a cursor of another order is refused, naming `field`. */
export function readOpportunityCursor(order: OpportunityOrder, cursor: string, field: string): string[] {
  return decodeCursorValues(cursor, field, SORTS[order].columns.map((sort) => sort.part));
}

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

/** Keyset pages, read from the index of the order matching the viewer's scope. */
export async function findOpportunityPage(
  db: Executor,
  viewer: UserRow | null,
  query: { first: number; after: string[] | null; filter: OpportunityListFilter; order: OpportunityOrder },
): Promise<{ rows: OpportunityRow[]; hasNextPage: boolean }> {
  const { columns, ascending } = SORTS[query.order];
  const conditions = opportunityConditions(viewer, query.filter);
  if (query.after) {
    // A row comparison, not `a > x or (a = x and id > y)`: the index can start right at the cursor.
    const position = query.after.map((value, i) => sql.param(columns[i]!.toParam(value), columns[i]!.column));
    conditions.push(sql`(${sql.join(columns.map((sort) => sort.column), sql`, `)}) ${sql.raw(ascending ? ">" : "<")} (${sql.join(position, sql`, `)})`);
  }
  // The indexes are DESC NULLS LAST; the NULLS clause (no sort column is null) lets the order use them.
  const direction = sql.raw(ascending ? "asc nulls first" : "desc nulls last");
  const rows = await runNamed(
    db
      .select()
      .from(opportunities)
      .where(and(...conditions))
      .orderBy(...columns.map((sort) => sql`${sort.column} ${direction}`))
      .limit(query.first + 1),
    "opportunity_page",
  );
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

/** Per stage, the matching opportunities' count and summed estimated value per currency (one aggregate). */
export async function totalOpportunitiesByStage(
  db: Executor,
  viewer: UserRow | null,
  filter: OpportunityListFilter,
): Promise<{ stage: PipelineStage; currency: CurrencyCode; count: number; valueMinor: bigint }[]> {
  const rows = await db
    .select({
      stage: opportunities.stage,
      currency: opportunities.currency,
      count: countRows(),
      // Summed as text: a stage's value can pass what a JavaScript number holds exactly.
      valueMinor: sql<string>`sum(${opportunities.estimatedValueMinor})::text`,
    })
    .from(opportunities)
    .where(and(...opportunityConditions(viewer, filter)))
    .groupBy(opportunities.stage, opportunities.currency);
  return rows.map((row) => ({ ...row, valueMinor: BigInt(row.valueMinor) }));
}

function opportunityConditions(viewer: UserRow | null, filter: OpportunityListFilter): SQL[] {
  const conditions: SQL[] = [];
  const visible = visibleTo(viewer, opportunities);
  if (visible) conditions.push(visible);
  if (filter.stages?.length) conditions.push(anyOf(opportunities.stage, filter.stages));
  if (filter.ownerIds?.length) conditions.push(anyOf(opportunities.ownerId, filter.ownerIds));
  if (filter.teamIds?.length) conditions.push(anyOf(opportunities.teamId, filter.teamIds));
  if (filter.tiers?.length) {
    conditions.push(sql`exists (select 1 from ${leads} where ${leads.id} = ${opportunities.leadId} and ${anyOf(leads.tier, filter.tiers)})`);
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
