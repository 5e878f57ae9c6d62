import { and, asc, eq, getTableColumns, inArray, isNull, max, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { visibilityShape } from "../access/prepared-for-viewer.ts";
import { versionVisibleTo } from "../access/visibility.ts";
import type { Database } from "../db/database.ts";
import { jsonProjection, jsonSelectionShape, type JsonSelection } from "../db/json-projection.ts";
import { jsonObjectOf, rowFromJson } from "../db/json-row.ts";
import { preparedByShape, type Bind } from "../db/prepared-by-shape.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { columnsShape } from "../graphql/columns-for-fields.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions, type proposalVersionSummaryColumns, type ProposalVersionRead } from "../proposals/proposal.table.ts";
import { userColumns, users, type UserRow } from "../users/user.table.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

/** What the review queue reads of each review's version in its own statement (issue 13). */
export interface QueueVersionRead {
  /** The columns the query reads (proposals/proposal-version-selection.ts). */
  columns: Partial<typeof proposalVersionSummaryColumns>;
  /** The part of the priced content the query reads (graphql/selected-json.ts); not read when null. */
  content: JsonSelection | null;
}

export interface OpenReviewRow {
  review: ProposalReviewRow;
  /** Read when a `QueueVersionRead` was given, with those columns only: null when the version is not the viewer's to see, as proposalVersionById answers. */
  version?: ProposalVersionRead | null;
}

type OpenReviewsQuery = { reviewerId: string; limit: number; version: QueueVersionRead | null };

/** The values of the queue's statement that change between requests of one shape (see `queueShape`). */
type QueueValues = { viewerId: string | null; teamId: string | null; reviewerId: string; limit: number };

const openReviews = preparedByShape<QueueValues, unknown>("open_reviews");

/**
 * A reviewer's open reviews, oldest request first, of versions still in review (not of a lost
 * opportunity's), at most `limit`; with each one's version when `version` is given, read in the
 * same statement rather than by proposalVersionById, which reads every version's whole priced
 * content.
 */
export async function findOpenReviews(db: Database, viewer: UserRow, query: OpenReviewsQuery): Promise<OpenReviewRow[]> {
  const values = { viewerId: viewer.id, teamId: viewer.teamId, reviewerId: query.reviewerId, limit: query.limit };
  const rows = (await openReviews(db, queueShape(viewer, query.version), (target, bind) => queueStatement(target, viewer, query, bind), values)) as {
    review: ProposalReviewRow;
    version?: ProposalVersionRead;
    versionShown?: boolean;
  }[];
  return rows.map(({ review, version, versionShown }) => (version === undefined ? { review } : { review, version: versionShown ? version : null }));
}

function queueStatement(db: Database, viewer: UserRow, { reviewerId, limit, version }: OpenReviewsQuery, bind: Bind<QueueValues>) {
  const read = version && {
    version: version.content ? { ...version.columns, pricedContent: jsonProjection(proposalVersions.pricedContent, version.content) } : version.columns,
    versionShown: sql<boolean>`${versionVisibleTo(viewer, proposalVersions, bind.viewerIds) ?? sql`true`}`,
  };
  return db
    .select({ review: proposalReviews, ...read })
    .from(proposalReviews)
    .innerJoin(proposalVersions, eq(proposalVersions.id, proposalReviews.versionId))
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .where(
      and(
        eq(proposalReviews.reviewerId, bind.value("reviewerId", reviewerId)),
        isNull(proposalReviews.verdict),
        eq(proposalVersions.status, "IN_REVIEW"),
        eq(opportunities.stage, "IN_REVIEW"),
      ),
    )
    .orderBy(asc(proposalReviews.requestedAt), asc(proposalReviews.id))
    .limit(bind.value("limit", limit));
}

/** What decides the text of the queue's statement: the viewer's role (the version's visibility), and what is read of the version. */
function queueShape(viewer: UserRow, version: QueueVersionRead | null): string {
  if (!version) return "-";
  return [visibilityShape(viewer), columnsShape(version.columns), version.content ? jsonSelectionShape(version.content) : "-"].join("|");
}

/**
 * Each candidate version's reviews summed up beside it, by the version's index on reviews: the
 * team's candidates are a few dozen, its reviews thousands (issue 13: summing every review of the
 * team, then joining, took PostgreSQL 4 ms a page, and planning it 2.4 ms more on every request).
 */
const pendingDecisions = preparedOnce((db) => {
  const reviewSummary = db
    .select({
      lastReviewAt: max(proposalReviews.submittedAt).as("last_review_at"),
      openReviews: sql<number>`count(*) filter (where ${proposalReviews.verdict} is null)`.as("open_reviews"),
    })
    .from(proposalReviews)
    .where(eq(proposalReviews.versionId, proposalVersions.id))
    .as("review_summary");
  const waitingSince = sql<Date>`coalesce(${reviewSummary.lastReviewAt}, ${proposalVersions.submittedAt})`;
  return db
    .select({ versionId: proposalVersions.id, waitingSince: waitingSince.mapWith((value: string | Date) => new Date(value)) })
    .from(proposalVersions)
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .crossJoinLateral(reviewSummary)
    .where(
      and(
        eq(proposalVersions.teamId, sql.placeholder("teamId")),
        inArray(proposalVersions.status, ["SUBMITTED", "IN_REVIEW"]),
        eq(opportunities.stage, "IN_REVIEW"),
        sql`${reviewSummary.openReviews} = 0`,
      ),
    )
    .orderBy(asc(waitingSince), asc(proposalVersions.id))
    .limit(sql.placeholder("limit"))
    .prepare("pending_decisions");
});

/**
 * The team's versions waiting for the manager: submitted and not sent for review, or in review
 * with every review in, while the opportunity is in review (a lost one's wait until it is
 * reopened). Each with the moment it started waiting (the last review in, or the submission),
 * longest waiting first, at most `limit`.
 */
export async function findPendingDecisions(db: Database, teamId: string, limit: number): Promise<{ versionId: string; waitingSince: Date }[]> {
  return pendingDecisions(db, { teamId, limit });
}

/** A review still out, with its reviewer, read nested in the row of the version's deal. */
export interface PendingReview {
  review: ProposalReviewRow;
  reviewer: UserRow;
}

/** The JSON `pendingReviewsJson` builds: null when no review is out. */
export type PendingReviewsJson = { review: Record<string, unknown>; reviewer: Record<string, unknown> }[] | null;

// Aliased: the statement this is nested in may read the tables itself (the pipeline page joins the owner's user row).
const PENDING_REVIEW = "pending_review";
const PENDING_REVIEWER = "pending_reviewer";
const pendingReview = alias(proposalReviews, PENDING_REVIEW);
const pendingReviewer = alias(users, PENDING_REVIEWER);
const reviewColumns = getTableColumns(proposalReviews);
const pendingReviewColumns = getTableColumns(pendingReview);
const pendingReviewerColumns = Object.fromEntries(Object.keys(userColumns).map((key) => [key, pendingReviewer[key as keyof typeof userColumns]]));

/**
 * SOP-5.3 the reviews of `version` still waiting for a reviewer while it is in review, with each
 * reviewer, as one JSON array (null when none) for a statement that reads the version: the
 * pipeline page's, which would otherwise need two more statements (issue 13). In the order of
 * the version's own reviews (reviewsByVersion).
 */
export function pendingReviewsJson(version: typeof proposalVersions): SQL<PendingReviewsJson> {
  return sql<PendingReviewsJson>`(select json_agg(json_build_object('review', ${jsonObjectOf(pendingReviewColumns)}, 'reviewer', ${jsonObjectOf(pendingReviewerColumns)})
      order by ${pendingReview.requestedAt}, ${pendingReview.department})
    from ${proposalReviews} ${sql.identifier(PENDING_REVIEW)} join ${users} ${sql.identifier(PENDING_REVIEWER)} on ${pendingReviewer.id} = ${pendingReview.reviewerId}
    where ${pendingReview.versionId} = ${version.id} and ${version.status} = 'IN_REVIEW' and ${pendingReview.verdict} is null)`;
}

/** What `pendingReviewsJson` read, as the rows the reviews' and users' own reads answer. */
export function readPendingReviews(json: PendingReviewsJson): PendingReview[] {
  return (json ?? []).map((pending) => ({
    review: rowFromJson<ProposalReviewRow>(reviewColumns, pending.review),
    reviewer: rowFromJson<UserRow>(userColumns, pending.reviewer),
  }));
}
