import { CURRENCY_CODES, PROPOSAL_VERSION_STATUSES, type PricedProposalContentJson, type ProposalContentJson } from "@sales/domain";
import { getTableColumns } from "drizzle-orm";
import { bigint, index, integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from "../db/columns.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

/** SOP-5.2 the proposal a rep is writing: the six parts as a draft, edited until submitted. */
export const proposals = pgTable(
  "proposals",
  {
    id: primaryId(),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    /** The draft, in the domain's JSON form (money as strings), checked by validateProposalDraft. */
    content: jsonb("content").$type<ProposalContentJson>().notNull(),
    /** Optimistic concurrency for updateProposal's expectedVersion. */
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("proposals_opportunity_idx").on(t.opportunityId, t.createdAt)],
);

export type ProposalRow = typeof proposals.$inferSelect;

const { content: _draftContent, ...proposalColumnsButContent } = getTableColumns(proposals);
/**
 * A proposal without its draft (~2 KB of JSON): what lists and loaders read, so a page that
 * shows a version number does not fetch and parse every draft; the content is read when asked for.
 */
export const proposalSummaryColumns = proposalColumnsButContent;
export type ProposalSummary = Omit<ProposalRow, "content">;

/** SOP-5.4 every submission, frozen: what the reviewers and the manager decide on. */
export const proposalVersions = pgTable(
  "proposal_versions",
  {
    id: primaryId(),
    proposalId: uuid("proposal_id").notNull().references(() => proposals.id),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    /** 1 for the first submission, then 2, 3… */
    number: integer("number").notNull(),
    content: jsonb("content").$type<ProposalContentJson>().notNull(),
    status: text("status", { enum: PROPOSAL_VERSION_STATUSES }).notNull().default("SUBMITTED"),
    submittedById: uuid("submitted_by_id").notNull().references(() => users.id),
    submittedAt: timestamptz("submitted_at").notNull(),
    decidedById: uuid("decided_by_id").references(() => users.id),
    decidedAt: timestamptz("decided_at"),
    decisionNote: text("decision_note"),
    /**
     * The priced total with VAT at submission, in the pricing's currency: what the win/loss
     * report compares a contract with. Null on versions submitted before it was kept.
     */
    totalWithVatMinor: bigint("total_with_vat_minor", { mode: "bigint" }),
    totalCurrency: text("total_currency", { enum: CURRENCY_CODES }),
    /**
     * The content as people read it, each line and the totals priced, worked out at submission
     * (issue 13: validating and pricing every version again on every read was most of the review
     * queue's time). Null on versions submitted before it was kept: those are priced on read.
     */
    pricedContent: jsonb("priced_content").$type<PricedProposalContentJson>(),
  },
  (t) => [
    oneOf("proposal_versions_status_check", t.status, PROPOSAL_VERSION_STATUSES),
    oneOf("proposal_versions_total_currency_check", t.totalCurrency, CURRENCY_CODES),
    unique("proposal_versions_number_key").on(t.proposalId, t.number),
    index("proposal_versions_team_status_idx").on(t.teamId, t.status),
  ],
);

export type ProposalVersionRow = typeof proposalVersions.$inferSelect;

const { content: _versionContent, ...versionColumnsButContent } = getTableColumns(proposalVersions);
const { pricedContent: _pricedContent, ...versionSummaryColumns } = versionColumnsButContent;
/**
 * A version without its content, as lists and loaders read it (see proposalSummaryColumns): its
 * priced content is read when a query asks for it, the content it was priced from for a diff.
 */
export const proposalVersionSummaryColumns = versionSummaryColumns;
export type ProposalVersionSummary = Omit<ProposalVersionRow, "content" | "pricedContent">;
/** A version as a page's statement reads it: its summary, and the part of its priced content asked for when asked. */
export type ProposalVersionRead = ProposalVersionSummary & Partial<Pick<ProposalVersionRow, "pricedContent">>;
