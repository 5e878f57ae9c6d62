import DataLoader from "dataloader";
import { and, asc, inArray } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import { byKey, groupByKey } from "../context/by-key.ts";
import type { Executor } from "../db/database.ts";
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

/** Versions by id, as far as `viewer` may see them. */
export function createProposalVersionByIdLoader(db: Executor, viewer: UserRow | null) {
  return new DataLoader<string, ProposalVersionRow | null>(async (ids) => {
    const rows = await db
      .select()
      .from(proposalVersions)
      .where(and(inArray(proposalVersions.id, [...ids]), visibleTo(viewer, proposalVersions)));
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
