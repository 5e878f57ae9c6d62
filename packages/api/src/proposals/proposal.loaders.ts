import type { PricedProposalContentJson, ProposalContentJson } from "@sales/domain";
import DataLoader from "dataloader";
import { and, asc, sql } from "drizzle-orm";
import { preparedForViewer, VIEWER_ID_PLACEHOLDERS } from "../access/prepared-for-viewer.ts";
import { versionVisibleTo, visibleTo } from "../access/visibility.ts";
import { byKey, groupByKey } from "../context/by-key.ts";
import type { Database, Executor } from "../db/database.ts";
import { anyOf, runNamed } from "../db/named-statement.ts";
import { preparedOnce } from "../db/prepared-once.ts";
import type { UserRow } from "../users/user.table.ts";
import {
  proposals,
  proposalSummaryColumns,
  proposalVersions,
  proposalVersionSummaryColumns,
  type ProposalSummary,
  type ProposalVersionSummary,
} from "./proposal.table.ts";

/** Proposals by id, as far as `viewer` may see them (the same scope as their opportunities). */
const proposalsById = preparedForViewer((db, viewer) =>
  db
    .select(proposalSummaryColumns)
    .from(proposals)
    .where(and(anyOf(proposals.id, sql.placeholder("ids")), visibleTo(viewer, proposals, VIEWER_ID_PLACEHOLDERS)))
    .prepare("proposals_by_id"),
);

export function createProposalByIdLoader(db: Database, viewer: UserRow | null) {
  return new DataLoader<string, ProposalSummary | null>(async (ids) => {
    const rows = await proposalsById(db, viewer, { ids });
    return byKey(ids, rows, (row) => row.id);
  });
}

const proposalsByOpportunity = preparedForViewer((db, viewer) =>
  db
    .select(proposalSummaryColumns)
    .from(proposals)
    .where(and(anyOf(proposals.opportunityId, sql.placeholder("opportunityIds")), visibleTo(viewer, proposals, VIEWER_ID_PLACEHOLDERS)))
    .orderBy(asc(proposals.createdAt), asc(proposals.id))
    .prepare("proposals_by_opportunity"),
);

export function createProposalsByOpportunityLoader(db: Database, viewer: UserRow | null) {
  return new DataLoader<string, ProposalSummary[]>(async (opportunityIds) => {
    const rows = await proposalsByOpportunity(db, viewer, { opportunityIds });
    return groupByKey(opportunityIds, rows, (row) => row.opportunityId);
  });
}

/** Drafts by proposal id, for the proposals a request reached through a loader that may see them. */
export function createProposalContentLoader(db: Executor) {
  return new DataLoader<string, ProposalContentJson | null>(async (ids) => {
    const rows = await db.select({ id: proposals.id, content: proposals.content }).from(proposals).where(anyOf(proposals.id, ids));
    return byKey(ids, rows, (row) => row.id).map((row) => row?.content ?? null);
  });
}

/**
 * Versions by id, as far as `viewer` may see them (versionVisibleTo), without their content: the
 * pending decisions list a hundred versions to show a number and a status (issue 13).
 */
const versionsById = preparedForViewer((db, viewer) =>
  db
    .select(proposalVersionSummaryColumns)
    .from(proposalVersions)
    .where(and(anyOf(proposalVersions.id, sql.placeholder("ids")), versionVisibleTo(viewer, proposalVersions, VIEWER_ID_PLACEHOLDERS)))
    .prepare("proposal_versions_by_id"),
);

export function createProposalVersionByIdLoader(db: Database, viewer: UserRow | null) {
  return new DataLoader<string, ProposalVersionSummary | null>(async (ids) => {
    const rows = await versionsById(db, viewer, { ids });
    return byKey(ids, rows, (row) => row.id);
  });
}

/** Each proposal's versions, oldest first (the caller reached the proposal, so may see them). */
const versionsByProposal = preparedOnce((db) =>
  db
    .select(proposalVersionSummaryColumns)
    .from(proposalVersions)
    .where(anyOf(proposalVersions.proposalId, sql.placeholder("proposalIds")))
    .orderBy(asc(proposalVersions.proposalId), asc(proposalVersions.number))
    .prepare("versions_by_proposal"),
);

export function createVersionsByProposalLoader(db: Database) {
  return new DataLoader<string, ProposalVersionSummary[]>(async (proposalIds) => {
    const rows = await versionsByProposal(db, { proposalIds });
    return groupByKey(proposalIds, rows, (row) => row.proposalId);
  });
}

const pricedContentById = preparedOnce((db) =>
  db
    .select({ id: proposalVersions.id, pricedContent: proposalVersions.pricedContent })
    .from(proposalVersions)
    .where(anyOf(proposalVersions.id, sql.placeholder("ids")))
    .prepare("priced_content_by_version"),
);

/**
 * Versions' priced content by version id (null for one submitted before versions kept it), for
 * the versions a request reached through a loader that may see them.
 */
export function createPricedContentLoader(db: Database) {
  return new DataLoader<string, PricedProposalContentJson | null>(async (ids) => {
    const rows = await pricedContentById(db, { ids });
    return byKey(ids, rows, (row) => row.id).map((row) => row?.pricedContent ?? null);
  });
}

/** Versions' content by version id, for the versions a request reached through a loader that may see them. */
export function createVersionContentLoader(db: Executor) {
  return new DataLoader<string, ProposalContentJson | null>(async (ids) => {
    const rows = await runNamed(
      db.select({ id: proposalVersions.id, content: proposalVersions.content }).from(proposalVersions).where(anyOf(proposalVersions.id, ids)),
      "version_content_by_id",
    );
    return byKey(ids, rows, (row) => row.id).map((row) => row?.content ?? null);
  });
}
