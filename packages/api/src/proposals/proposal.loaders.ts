import DataLoader from "dataloader";
import { and, asc, inArray, sql } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import { byKey, groupByKey } from "../context/by-key.ts";
import type { Executor } from "../db/database.ts";
import { proposalReviews } from "../reviews/review.table.ts";
import type { UserRow } from "../users/user.table.ts";
import { proposals, proposalVersions, type ProposalRow, type ProposalVersionRow } from "./proposal.table.ts";

/** Proposals by id, as far as `viewer` may see them (the same scope as their opportunities). */
export function createProposalByIdLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, ProposalRow | null>(async (ids) => {
    const rows = await db
      .select()
      .from(proposals)
      .where(and(inArray(proposals.id, [...ids]), visibleTo(viewer, proposals)));
    return byKey(ids, rows, (row) => row.id);
  });
}

export function createProposalsByOpportunityLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, ProposalRow[]>(async (opportunityIds) => {
    const rows = await db
      .select()
      .from(proposals)
      .where(and(inArray(proposals.opportunityId, [...opportunityIds]), visibleTo(viewer, proposals)))
      .orderBy(asc(proposals.createdAt), asc(proposals.id));
    return groupByKey(opportunityIds, rows, (row) => row.opportunityId);
  });
}

/**
 * Versions by id, as far as `viewer` may see them: like their opportunities, except that a
 * REVIEWER sees exactly the versions assigned to them for review.
 */
export function createProposalVersionByIdLoader(db: Executor, viewer: UserRow | null) {
  const visible =
    viewer?.role === "REVIEWER"
      ? sql`exists (select 1 from ${proposalReviews} where ${proposalReviews.versionId} = ${proposalVersions.id} and ${proposalReviews.reviewerId} = ${viewer.id})`
      : visibleTo(viewer, proposalVersions);
  return new DataLoader<string, ProposalVersionRow | null>(async (ids) => {
    const rows = await db
      .select()
      .from(proposalVersions)
      .where(and(inArray(proposalVersions.id, [...ids]), visible));
    return byKey(ids, rows, (row) => row.id);
  });
}

/** Each proposal's versions, oldest first (the caller reached the proposal, so may see them). */
export function createVersionsByProposalLoader(db: Executor) {
  return new DataLoader<string, ProposalVersionRow[]>(async (proposalIds) => {
    const rows = await db
      .select()
      .from(proposalVersions)
      .where(inArray(proposalVersions.proposalId, [...proposalIds]))
      .orderBy(asc(proposalVersions.proposalId), asc(proposalVersions.number));
    return groupByKey(proposalIds, rows, (row) => row.proposalId);
  });
}
