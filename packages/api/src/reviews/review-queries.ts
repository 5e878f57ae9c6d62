import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions, type ProposalVersionRow } from "../proposals/proposal.table.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

/** A reviewer's open reviews, oldest request first, of versions still in review (not of a lost opportunity's). */
export async function findOpenReviews(db: Executor, reviewerId: string): Promise<ProposalReviewRow[]> {
  const rows = await db
    .select({ review: proposalReviews })
    .from(proposalReviews)
    .innerJoin(proposalVersions, eq(proposalVersions.id, proposalReviews.versionId))
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .where(
      and(
        eq(proposalReviews.reviewerId, reviewerId),
        isNull(proposalReviews.verdict),
        eq(proposalVersions.status, "IN_REVIEW"),
        eq(opportunities.stage, "IN_REVIEW"),
      ),
    )
    .orderBy(asc(proposalReviews.requestedAt), asc(proposalReviews.id));
  return rows.map((row) => row.review);
}

/**
 * The team's versions waiting for the manager: submitted and not sent for review, or in review
 * with every review in, while the opportunity is in review (a lost one's wait until it is
 * reopened). Each with the moment it started waiting, oldest first.
 */
export async function findPendingDecisions(db: Executor, teamId: string): Promise<{ version: ProposalVersionRow; waitingSince: Date }[]> {
  const lastReview = sql<Date | null>`(select max(${proposalReviews.submittedAt}) from ${proposalReviews} where ${proposalReviews.versionId} = ${proposalVersions.id})`;
  const openReviews = sql`exists (select 1 from ${proposalReviews} where ${proposalReviews.versionId} = ${proposalVersions.id} and ${proposalReviews.verdict} is null)`;
  const rows = await db
    .select({ version: proposalVersions, lastReview: lastReview.mapWith((value: string | Date | null) => (value === null ? null : new Date(value))) })
    .from(proposalVersions)
    .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
    .where(
      and(
        eq(proposalVersions.teamId, teamId),
        inArray(proposalVersions.status, ["SUBMITTED", "IN_REVIEW"]),
        eq(opportunities.stage, "IN_REVIEW"),
        sql`not ${openReviews}`,
      ),
    )
    .orderBy(asc(proposalVersions.submittedAt), asc(proposalVersions.id));
  return rows
    .map((row) => ({ version: row.version, waitingSince: row.lastReview ?? row.version.submittedAt }))
    .sort((a, b) => a.waitingSince.getTime() - b.waitingSince.getTime());
}
