import type { LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { and, asc, eq, gt, gte, isNull, lt, sql, type SQL } from "drizzle-orm";
import { alias, type PgColumn, type PgSelect } from "drizzle-orm/pg-core";
import { visibilityShape } from "../access/prepared-for-viewer.ts";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import { columnsShape } from "../graphql/columns-for-fields.ts";
import { literalLimit } from "../db/literal-limit.ts";
import { inline, preparedByShape, type Bind } from "../db/prepared-by-shape.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import type { followUpColumnsFor } from "../follow-ups/follow-up-selection.ts";
import { followUps, type FollowUpRow } from "../follow-ups/follow-up.table.ts";
import type { userColumnsFor } from "../users/user-selection.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { leadCounts } from "./lead-count.table.ts";
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

/**
 * What a page's rows are asked for besides their own columns, read in the page's one statement
 * (issue 13: read by their loaders, they were two more statements a page, each with its round
 * trip, batch and rows to map).
 */
export interface LeadPageRelations {
  /** The owner's columns the query reads (users/user-selection.ts), or null when it does not ask for the owner. */
  owner: ReturnType<typeof userColumnsFor> | null;
  /** The follow-up's columns the query reads (follow-ups/follow-up-selection.ts), or null when it does not ask for it. */
  nextFollowUp: ReturnType<typeof followUpColumnsFor> | null;
}

export interface LeadPageRow {
  lead: LeadRow;
  /** Read when `relations.owner` was given, with those columns only. */
  owner?: UserRow;
  /** Read when `relations.nextFollowUp` was given, with those columns only: the open follow-up due soonest, or null. */
  nextFollowUp?: FollowUpRow | null;
}

export interface LeadPage {
  rows: LeadPageRow[];
  hasNextPage: boolean;
}

/**
 * A row's lead joined as leadById reads it (lead.loaders.ts): only where the viewer may see it,
 * so a left join answers null there, as the loader does.
 */
export function leadJoinedAsLoaded(viewer: UserRow | null, leadId: PgColumn, viewerIds: Bind<unknown>["viewerIds"]): SQL {
  return and(eq(leads.id, leadId), visibleTo(viewer, leads, viewerIds))!;
}

/** The field a keyset page sorts by, then by id to break ties; the cursor carries its value. */
export function orderKey(order: LeadOrder): "createdAt" | "updatedAt" {
  return order.startsWith("CREATED") ? "createdAt" : "updatedAt";
}

/** The values of a page's statement that change between requests of one shape (see `pageShape`). */
type PageValues = Omit<LeadListFilter, "search"> & {
  viewerId: string | null;
  teamId: string | null;
  afterAt?: Date;
  afterId?: string;
};

type PageQuery = {
  first: number;
  after: KeysetPosition | null;
  filter: LeadListFilter;
  order: LeadOrder;
  columns?: Partial<typeof leadColumns>;
  relations?: LeadPageRelations;
};

/**
 * Keyset pagination; each order has an index leading with its column (lead.table.ts), and the
 * ORDER BY and the cursor condition are written so Postgres reads the page straight from it.
 */
export async function findLeadPage(db: Database, viewer: UserRow | null, query: PageQuery): Promise<LeadPage> {
  // A search stays unprepared: its best plan depends on how common the term is (README,
  // Benchmark), which a generic plan of a prepared statement would not look at.
  const rows = query.filter.search ? await pageStatement(db, viewer, query, inline()) : await preparedPage(db, viewer, query);
  // With `columns`, rows hold only those: the caller picked them for the fields it will read.
  return { rows: (rows as LeadPageRow[]).slice(0, query.first), hasNextPage: rows.length > query.first };
}

function pageStatement(db: Database, viewer: UserRow | null, query: PageQuery, bind: Bind<PageValues>) {
  const column = leads[orderKey(query.order)];
  const ascending = query.order.endsWith("_ASC");
  const conditions = leadListConditions(viewer, query.filter, bind);
  if (query.after) {
    // A row comparison, not `a > x or (a = x and id > y)`: the index can start right at the cursor.
    const { at, id } = query.after;
    conditions.push(sql`(${column}, ${leads.id}) ${sql.raw(ascending ? ">" : "<")} (${bind.column("afterAt", at, column)}, ${bind.column("afterId", id, leads.id)})`);
  }
  // The created_at indexes are `DESC NULLS LAST` (read backwards for ascending order, which is
  // NULLS FIRST), the updated_at index plain ascending. The columns are never null, so the NULLS
  // clause changes no result, only whether the order matches an index or every visible lead is sorted.
  const nulls = orderKey(query.order) === "createdAt" ? (ascending ? "first" : "last") : ascending ? "last" : "first";
  const direction = sql.raw(`${ascending ? "asc" : "desc"} nulls ${nulls}`);
  const { owner, nextFollowUp } = query.relations ?? { owner: null, nextFollowUp: null };
  // The same open follow-up the nextFollowUpByLead loader picks: due soonest, then by id. Joined
  // by its id rather than as a lateral subquery, so the row's columns are the table's own and
  // map as fast as the lead's (a subquery's columns are proxies, slow to read for every row).
  const open = alias(followUps, "open_follow_up");
  const nextOpenId = db
    .select({ id: open.id })
    .from(open)
    .where(and(eq(open.leadId, leads.id), eq(open.status, "OPEN")))
    .orderBy(asc(open.dueAt), asc(open.id))
    .limit(literalLimit(1));
  // Typed loosely: which objects a row holds depends on the relations asked for (LeadPageRow).
  let statement: PgSelect = db
    .select({
      lead: query.columns ?? leadColumns,
      ...(owner ? { owner } : {}),
      ...(nextFollowUp ? { nextFollowUp } : {}),
    })
    .from(leads)
    .$dynamic();
  if (owner) statement = statement.innerJoin(users, eq(users.id, leads.ownerId));
  if (nextFollowUp) statement = statement.leftJoin(followUps, eq(followUps.id, sql`(${nextOpenId})`));
  return statement
    .where(and(...conditions))
    .orderBy(sql`${column} ${direction}`, sql`${leads.id} ${direction}`)
    .limit(literalLimit(query.first + 1));
}

const leadPage = preparedByShape<PageValues, unknown>("lead_page");

/** The page's statement, prepared once per shape (db/prepared-by-shape.ts). */
function preparedPage(db: Database, viewer: UserRow | null, query: PageQuery): Promise<unknown[]> {
  const { filter, after } = query;
  return leadPage(db, pageShape(viewer, query), (target, bind) => pageStatement(target, viewer, query, bind), {
    viewerId: viewer?.id ?? null,
    teamId: viewer?.teamId ?? null,
    tiers: filter.tiers,
    statuses: filter.statuses,
    ownerIds: filter.ownerIds,
    channels: filter.channels,
    provinces: filter.provinces,
    createdFrom: filter.createdFrom,
    createdBefore: filter.createdBefore,
    updatedAfter: filter.updatedAfter,
    afterAt: after?.at,
    afterId: after?.id,
  });
}

/** What decides the text of the page's statement: the viewer's role, the filters given, the cursor, the page size (db/literal-limit.ts), the order, the columns and relations. */
function pageShape(viewer: UserRow | null, query: PageQuery): string {
  const { filter } = query;
  const given = (list: readonly unknown[] | undefined) => (list?.length ? "1" : "0");
  return [
    visibilityShape(viewer),
    given(filter.tiers),
    given(filter.statuses),
    given(filter.ownerIds),
    given(filter.channels),
    given(filter.provinces),
    filter.createdFrom ? "1" : "0",
    filter.createdBefore ? "1" : "0",
    filter.updatedAfter ? "1" : "0",
    query.after ? "after" : "-",
    String(query.first),
    query.order,
    query.columns ? columnsShape(query.columns) : "*",
    query.relations?.owner ? columnsShape(query.relations.owner) : "-",
    query.relations?.nextFollowUp ? columnsShape(query.relations.nextFollowUp) : "-",
  ].join("|");
}

/**
 * Counts only what the viewer may see: a rep's totalCount is of their own leads. Filtered by
 * nothing but tier, status and owner, it adds up the counts the database keeps per owner, tier
 * and status (issue 13, lead-count.table.ts): a few rows instead of every lead of the team.
 */
export async function countLeads(db: Executor, viewer: UserRow | null, filter: LeadListFilter): Promise<number> {
  if (keptCountAnswers(filter)) {
    const [kept] = await db
      .select({ count: sql<number>`coalesce(sum(${leadCounts.leads}), 0)`.mapWith(Number) })
      .from(leadCounts)
      .where(and(...countedConditions(viewer, filter, leadCounts, inline())));
    return kept?.count ?? 0;
  }
  const [row] = await db.select({ count: countRows() }).from(leads).where(and(...leadListConditions(viewer, filter, inline())));
  return row?.count ?? 0;
}

function keptCountAnswers(filter: LeadListFilter): boolean {
  return !filter.channels?.length && !filter.provinces?.length && !filter.createdFrom && !filter.createdBefore && !filter.updatedAfter && !filter.search;
}

/** The columns both the leads and their kept counts (lead-count.table.ts) are filtered on. */
type CountedColumns = Record<"ownerId" | "teamId" | "tier" | "status", PgColumn>;

/**
 * Visibility and the tier, status and owner filters, written once for both the leads and the kept
 * counts so that a page's totalCount cannot drift from the rows it lists.
 */
function countedConditions(viewer: UserRow | null, filter: LeadListFilter, columns: CountedColumns, bind: Bind<PageValues>): SQL[] {
  const conditions: SQL[] = [];
  const visible = visibleTo(viewer, columns, bind.viewerIds);
  if (visible) conditions.push(visible);
  if (filter.tiers?.length) conditions.push(anyOf(columns.tier, bind.value("tiers", filter.tiers)));
  if (filter.statuses?.length) conditions.push(anyOf(columns.status, bind.value("statuses", filter.statuses)));
  if (filter.ownerIds?.length) conditions.push(anyOf(columns.ownerId, bind.value("ownerIds", filter.ownerIds)));
  return conditions;
}

function leadListConditions(viewer: UserRow | null, filter: LeadListFilter, bind: Bind<PageValues>): SQL[] {
  // Merged leads stay as tombstones (SOP-1.4) but are never listed.
  const conditions: SQL[] = [isNull(leads.mergedIntoId), ...countedConditions(viewer, filter, leads, bind)];
  if (filter.channels?.length) conditions.push(anyOf(leads.channel, bind.value("channels", filter.channels)));
  if (filter.provinces?.length) conditions.push(anyOf(leads.province, bind.value("provinces", filter.provinces)));
  if (filter.createdFrom) conditions.push(gte(leads.createdAt, bind.column("createdFrom", filter.createdFrom, leads.createdAt)));
  if (filter.createdBefore) conditions.push(lt(leads.createdAt, bind.column("createdBefore", filter.createdBefore, leads.createdAt)));
  if (filter.updatedAfter) conditions.push(gt(leads.updatedAt, bind.column("updatedAfter", filter.updatedAfter, leads.updatedAt)));
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
