import type { CurrencyCode, Money, PipelineStage, Tier } from "@sales/domain";
import { and, asc, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { alias, type PgColumn, type PgSelect } from "drizzle-orm/pg-core";
import { visibilityShape } from "../access/prepared-for-viewer.ts";
import { visibleTo } from "../access/visibility.ts";
import { countRows } from "../db/count.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf } from "../db/named-statement.ts";
import { columnsShape } from "../graphql/columns-for-fields.ts";
import { literalLimit } from "../db/literal-limit.ts";
import { inline, preparedByShape, type Bind } from "../db/prepared-by-shape.ts";
import { decodeCursorValues, encodeCursorValues, type CursorPart } from "../graphql/cursor.ts";
import { leadJoinedAsLoaded } from "../leads/lead-queries.ts";
import { leads, type leadColumns, type LeadRow } from "../leads/lead.table.ts";
import { proposals, proposalVersions, type proposalVersionSummaryColumns, type ProposalVersionSummary } from "../proposals/proposal.table.ts";
import { pendingReviewsJson, readPendingReviews, type PendingReview, type PendingReviewsJson } from "../reviews/review-queries.ts";
import type { userColumnsFor } from "../users/user-selection.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { opportunities, type OpportunityRow } from "./opportunity.table.ts";

export const OPPORTUNITY_ORDERS = ["CREATED_DESC", "CREATED_ASC", "CLOSE_DATE_ASC", "CLOSE_DATE_DESC", "VALUE_DESC", "VALUE_ASC"] as const;
export type OpportunityOrder = (typeof OPPORTUNITY_ORDERS)[number];

/** What the orders sort by. */
type SortedBy = Pick<OpportunityRow, "id" | "createdAt" | "expectedCloseOn" | "currency" | "estimatedValueMinor">;

/** One column a page sorts by, how its value travels in the cursor, and back to a query parameter. */
interface SortColumn {
  key: keyof SortedBy;
  column: PgColumn;
  part: CursorPart;
  read(row: SortedBy): string;
  toParam(value: string): unknown;
}

const TIE_BREAKER: SortColumn = { key: "id", column: opportunities.id, part: "uuid", read: (row) => row.id, toParam: (value) => value };

const BY_CREATED: SortColumn[] = [
  { key: "createdAt", column: opportunities.createdAt, part: "timestamp", read: (row) => row.createdAt.toISOString(), toParam: (value) => new Date(value) },
  TIE_BREAKER,
];
const BY_CLOSE_DATE: SortColumn[] = [
  { key: "expectedCloseOn", column: opportunities.expectedCloseOn, part: "date", read: (row) => row.expectedCloseOn, toParam: (value) => value },
  TIE_BREAKER,
];
// Amounts in different currencies are not compared: the list groups them by currency code.
const BY_VALUE: SortColumn[] = [
  { key: "currency", column: opportunities.currency, part: "currency", read: (row) => row.currency, toParam: (value) => value },
  { key: "estimatedValueMinor", column: opportunities.estimatedValueMinor, part: "wholeNumber", read: (row) => String(row.estimatedValueMinor), toParam: (value) => BigInt(value) },
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

export function opportunityCursor(order: OpportunityOrder, row: SortedBy): string {
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

/**
 * What a page's rows are asked for besides their own columns, read in the page's one statement
 * (issue 13: read by their loaders, they were three more statements a page, each with its round
 * trip, batch and rows to map).
 */
export interface OpportunityPageRelations {
  /** The lead's columns the query reads (leads/lead-selection.ts), or null when it does not ask for the lead. */
  lead: Partial<typeof leadColumns> | null;
  /** The owner's columns the query reads (users/user-selection.ts), or null when it does not ask for the owner. */
  owner: ReturnType<typeof userColumnsFor> | null;
  /** The latest version's columns the query reads (proposals/proposal-version-selection.ts), or null when it does not ask for it. */
  latestVersion: Partial<typeof proposalVersionSummaryColumns> | null;
  /** The latest version's reviews still out, with their reviewers. */
  pendingReviews: boolean;
}

export interface OpportunityPageRow {
  /** With `columns`, only those: the caller picked them for the fields it will read. */
  opportunity: OpportunityRow;
  /** Read when `relations.lead` was given, with those columns only: null when the lead is not the viewer's to see. */
  lead?: LeadRow | null;
  /** Read when `relations.owner` was given, with those columns only. */
  owner?: UserRow;
  /** Read when `relations.latestVersion` was given, with those columns only: the latest version of the first proposal, or null. */
  latestVersion?: ProposalVersionSummary | null;
  /** Read when `relations.pendingReviews` was asked for. */
  pendingReviews?: PendingReview[];
}

/** A row as the page's statement answers it: the pending reviews as PostgreSQL built them. */
type PageStatementRow = Omit<OpportunityPageRow, "pendingReviews"> & { pendingReviews?: PendingReviewsJson };

type PageQuery = {
  first: number;
  after: string[] | null;
  filter: OpportunityListFilter;
  order: OpportunityOrder;
  /** The deal's columns the query reads (opportunity-selection.ts), with the order's own (its cursor); every column when not given. */
  columns?: Partial<typeof opportunities._.columns>;
  relations?: OpportunityPageRelations;
};

/** The values of a page's statement that change between requests of one shape (see `pageShape`). */
type PageValues = Omit<OpportunityListFilter, "valueMin" | "valueMax"> & {
  viewerId: string | null;
  teamId: string | null;
  /** A money bound travels as its currency and its amount. */
  valueMinCurrency?: CurrencyCode;
  valueMin?: bigint;
  valueMaxCurrency?: CurrencyCode;
  valueMax?: bigint;
  after0?: unknown;
  after1?: unknown;
  after2?: unknown;
};

const AFTER = ["after0", "after1", "after2"] as const;

const opportunityPage = preparedByShape<PageValues, unknown>("opportunity_page");

/** Keyset pages, read from the index of the order matching the viewer's scope; the statement is prepared once per shape. */
export async function findOpportunityPage(db: Database, viewer: UserRow | null, query: PageQuery): Promise<{ rows: OpportunityPageRow[]; hasNextPage: boolean }> {
  const { filter } = query;
  const { columns } = SORTS[query.order];
  const values: PageValues = {
    viewerId: viewer?.id ?? null,
    teamId: viewer?.teamId ?? null,
    stages: filter.stages,
    ownerIds: filter.ownerIds,
    teamIds: filter.teamIds,
    tiers: filter.tiers,
    valueMinCurrency: filter.valueMin?.currency,
    valueMin: filter.valueMin?.amountMinor,
    valueMaxCurrency: filter.valueMax?.currency,
    valueMax: filter.valueMax?.amountMinor,
    closeFrom: filter.closeFrom,
    closeTo: filter.closeTo,
  };
  query.after?.forEach((value, i) => (values[AFTER[i]!] = columns[i]!.toParam(value)));
  const read = (await opportunityPage(db, pageShape(viewer, query), (target, bind) => pageStatement(target, viewer, query, bind), values)) as PageStatementRow[];
  const rows: OpportunityPageRow[] = query.relations?.pendingReviews ? read.map((row) => ({ ...row, pendingReviews: readPendingReviews(row.pendingReviews!) })) : (read as Omit<PageStatementRow, "pendingReviews">[]);
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

function pageStatement(db: Database, viewer: UserRow | null, query: PageQuery, bind: Bind<PageValues>) {
  const { columns, ascending } = SORTS[query.order];
  const conditions = opportunityConditions(viewer, query.filter, bind);
  if (query.after) {
    // A row comparison, not `a > x or (a = x and id > y)`: the index can start right at the cursor.
    const position = query.after.map((value, i) => bind.column(AFTER[i]!, columns[i]!.toParam(value), columns[i]!.column));
    conditions.push(sql`(${sql.join(columns.map((sort) => sort.column), sql`, `)}) ${sql.raw(ascending ? ">" : "<")} (${sql.join(position, sql`, `)})`);
  }
  // The indexes are DESC NULLS LAST; the NULLS clause (no sort column is null) lets the order use them.
  const direction = sql.raw(ascending ? "asc nulls first" : "desc nulls last");
  const { lead, owner, latestVersion, pendingReviews } = query.relations ?? { lead: null, owner: null, latestVersion: null, pendingReviews: false };
  // The version the latestProposalVersion field answers: the first proposal the viewer may see
  // (proposals_by_opportunity's order), then its highest number. Joined by its id, as the lead
  // page joins its next follow-up, so the row's columns are the table's own.
  const proposal = alias(proposals, "first_proposal");
  const version = alias(proposalVersions, "latest_version");
  const firstProposalId = db
    .select({ id: proposal.id })
    .from(proposal)
    .where(and(eq(proposal.opportunityId, opportunities.id), visibleTo(viewer, proposal, bind.viewerIds)))
    .orderBy(asc(proposal.createdAt), asc(proposal.id))
    .limit(literalLimit(1));
  const latestVersionId = db
    .select({ id: version.id })
    .from(version)
    .where(eq(version.proposalId, sql`(${firstProposalId})`))
    .orderBy(desc(version.number))
    .limit(literalLimit(1));
  // Typed loosely: which objects a row holds depends on the relations asked for (OpportunityPageRow).
  let statement: PgSelect = db
    .select({
      opportunity: query.columns ? { ...query.columns, ...Object.fromEntries(columns.map((sort) => [sort.key, sort.column])) } : opportunities,
      ...(lead ? { lead } : {}),
      ...(owner ? { owner } : {}),
      ...(latestVersion ? { latestVersion } : {}),
      ...(pendingReviews ? { pendingReviews: pendingReviewsJson(proposalVersions) } : {}),
    })
    .from(opportunities)
    .$dynamic();
  // The lead as leadById loads it: null when it is not the viewer's (e.g. reassigned away from a rep's closed deal).
  if (lead) statement = statement.leftJoin(leads, leadJoinedAsLoaded(viewer, opportunities.leadId, bind.viewerIds));
  if (owner) statement = statement.innerJoin(users, eq(users.id, opportunities.ownerId));
  if (latestVersion || pendingReviews) statement = statement.leftJoin(proposalVersions, eq(proposalVersions.id, sql`(${latestVersionId})`));
  return statement
    .where(and(...conditions))
    .orderBy(...columns.map((sort) => sql`${sort.column} ${direction}`))
    .limit(literalLimit(query.first + 1));
}

/** What decides the text of the page's statement: the viewer's role, the filters given, the cursor, the page size (db/literal-limit.ts), the order, the columns and the relations. */
function pageShape(viewer: UserRow | null, query: PageQuery): string {
  const { filter, relations } = query;
  const given = (value: unknown) => (value === undefined || (Array.isArray(value) && value.length === 0) ? "0" : "1");
  return [
    visibilityShape(viewer),
    given(filter.stages),
    given(filter.ownerIds),
    given(filter.teamIds),
    given(filter.tiers),
    given(filter.valueMin),
    given(filter.valueMax),
    given(filter.closeFrom),
    given(filter.closeTo),
    query.after ? "after" : "-",
    String(query.first),
    query.order,
    query.columns ? columnsShape(query.columns) : "*",
    relations?.lead ? columnsShape(relations.lead) : "-",
    relations?.owner ? columnsShape(relations.owner) : "-",
    relations?.latestVersion ? columnsShape(relations.latestVersion) : "-",
    relations?.pendingReviews ? "pendingReviews" : "-",
  ].join("|");
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
    .where(and(...opportunityConditions(viewer, filter, inline())))
    .groupBy(opportunities.stage, opportunities.currency);
  return rows.map((row) => ({ ...row, valueMinor: BigInt(row.valueMinor) }));
}

function opportunityConditions(viewer: UserRow | null, filter: OpportunityListFilter, bind: Bind<PageValues>): SQL[] {
  const conditions: SQL[] = [];
  const visible = visibleTo(viewer, opportunities, bind.viewerIds);
  if (visible) conditions.push(visible);
  if (filter.stages?.length) conditions.push(anyOf(opportunities.stage, bind.value("stages", filter.stages)));
  if (filter.ownerIds?.length) conditions.push(anyOf(opportunities.ownerId, bind.value("ownerIds", filter.ownerIds)));
  if (filter.teamIds?.length) conditions.push(anyOf(opportunities.teamId, bind.value("teamIds", filter.teamIds)));
  if (filter.tiers?.length) {
    // The subquery's own `leads` hides the page's joined one (SQL scoping), so it reads the opportunity's lead whatever the viewer may see.
    conditions.push(sql`exists (select 1 from ${leads} where ${leads.id} = ${opportunities.leadId} and ${anyOf(leads.tier, bind.value("tiers", filter.tiers))})`);
  }
  // An amount bound matches only opportunities in its currency.
  if (filter.valueMin) {
    conditions.push(
      eq(opportunities.currency, bind.value("valueMinCurrency", filter.valueMin.currency)),
      gte(opportunities.estimatedValueMinor, bind.column("valueMin", filter.valueMin.amountMinor, opportunities.estimatedValueMinor)),
    );
  }
  if (filter.valueMax) {
    conditions.push(
      eq(opportunities.currency, bind.value("valueMaxCurrency", filter.valueMax.currency)),
      lte(opportunities.estimatedValueMinor, bind.column("valueMax", filter.valueMax.amountMinor, opportunities.estimatedValueMinor)),
    );
  }
  if (filter.closeFrom) conditions.push(gte(opportunities.expectedCloseOn, bind.column("closeFrom", filter.closeFrom, opportunities.expectedCloseOn)));
  if (filter.closeTo) conditions.push(lte(opportunities.expectedCloseOn, bind.column("closeTo", filter.closeTo, opportunities.expectedCloseOn)));
  return conditions;
}
