import { REVIEW_DEPARTMENTS, REVIEW_VERDICTS, type ReviewComment } from "@sales/domain";
import { sql } from "drizzle-orm";
import { check, index, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { oneOf, primaryId, timestamptz } from "../db/columns.ts";
import { proposalVersions } from "../proposals/proposal.table.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

/** SOP-5.3 one department's review of one proposal version, by the reviewer the manager picked. */
export const proposalReviews = pgTable(
  "proposal_reviews",
  {
    id: primaryId(),
    versionId: uuid("version_id").notNull().references(() => proposalVersions.id),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    department: text("department", { enum: REVIEW_DEPARTMENTS }).notNull(),
    reviewerId: uuid("reviewer_id").notNull().references(() => users.id),
    requestedById: uuid("requested_by_id").notNull().references(() => users.id),
    requestedAt: timestamptz("requested_at").notNull(),
    /** Null until the reviewer answers. */
    verdict: text("verdict", { enum: REVIEW_VERDICTS }),
    comments: jsonb("comments").$type<ReviewComment[]>().notNull().default(sql`'[]'::jsonb`),
    submittedAt: timestamptz("submitted_at"),
  },
  (t) => [
    oneOf("proposal_reviews_department_check", t.department, REVIEW_DEPARTMENTS),
    oneOf("proposal_reviews_verdict_check", t.verdict, REVIEW_VERDICTS),
    check("proposal_reviews_submitted_check", sql`(${t.verdict} is null) = (${t.submittedAt} is null)`),
    unique("proposal_reviews_version_department_key").on(t.versionId, t.department),
    // A reviewer's queue: what still waits for them, oldest first.
    index("proposal_reviews_reviewer_open_idx").on(t.reviewerId, t.requestedAt).where(sql`${t.verdict} is null`),
    index("proposal_reviews_version_idx").on(t.versionId),
    // Whether a version still has a review out (pipelineRisks' decisions waiting).
    index("proposal_reviews_open_version_idx").on(t.versionId).where(sql`${t.verdict} is null`),
  ],
);

export type ProposalReviewRow = typeof proposalReviews.$inferSelect;
