import { and, asc, eq, inArray, isNull, max, sql } from "drizzle-orm";
import type { Database, Executor } from "../db/database.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions } from "../proposals/proposal.table.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

const openReviews = preparedOnce((db) =>
  db
    .select({ review: proposalReviews })
    .from(proposalReviews)
    .innerJoin(proposalVersions, eq(proposalVersions.id, proposalReviews.versionId))
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .where(
      and(
        eq(proposalReviews.reviewerId, sql.placeholder("reviewerId")),
        isNull(proposalReviews.verdict),
        eq(proposalVersions.status, "IN_REVIEW"),
        eq(opportunities.stage, "IN_REVIEW"),
      ),
    )
    .orderBy(asc(proposalReviews.requestedAt), asc(proposalReviews.id))
    .limit(sql.placeholder("limit"))
    .prepare("open_reviews"),
);

/** A reviewer's open reviews, oldest request first, of versions still in review (not of a lost opportunity's), at most `limit`. */
export async function findOpenReviews(db: Database, reviewerId: string, limit: number): Promise<ProposalReviewRow[]> {
  const rows = await openReviews(db, { reviewerId, limit });
  return rows.map((row) => row.review);
}

/**
 * The team's versions waiting for the manager: submitted and not sent for review, or in review
 * with every review in, while the opportunity is in review (a lost one's wait until it is
 * reopened). Each with the moment it started waiting (the last review in, or the submission),
 * longest waiting first, at most `limit`.
 */
export async function findPendingDecisions(
  db: Executor,
  teamId: string,
  limit: number,
): Promise<{ versionId: string; waitingSince: Date }[]> {
  const reviewSummary = db
    .select({
      versionId: proposalReviews.versionId,
      lastReviewAt: max(proposalReviews.submittedAt).as("last_review_at"),
      openReviews: sql<number>`count(*) filter (where ${proposalReviews.verdict} is null)`.as("open_reviews"),
    })
    .from(proposalReviews)
    .where(eq(proposalReviews.teamId, teamId))
    .groupBy(proposalReviews.versionId)
    .as("review_summary");
  const waitingSince = sql<Date>`coalesce(${reviewSummary.lastReviewAt}, ${proposalVersions.submittedAt})`;
  const rows = await db
    .select({ versionId: proposalVersions.id, waitingSince: waitingSince.mapWith((value: string | Date) => new Date(value)) })
    .from(proposalVersions)
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .leftJoin(reviewSummary, eq(reviewSummary.versionId, proposalVersions.id))
    .where(
      and(
        eq(proposalVersions.teamId, teamId),
        inArray(proposalVersions.status, ["SUBMITTED", "IN_REVIEW"]),
        eq(opportunities.stage, "IN_REVIEW"),
        sql`coalesce(${reviewSummary.openReviews}, 0) = 0`,
      ),
    )
    .orderBy(asc(waitingSince), asc(proposalVersions.id))
    .limit(limit);
  return rows;
}
