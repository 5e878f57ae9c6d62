import { REVIEW_DEPARTMENTS, validateReview, type ReviewDepartment, type ReviewVerdict } from "@sales/domain";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { canChange } from "../access/visibility.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { lockOpportunityForChange, requireInReview } from "../opportunities/opportunity.service.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions } from "../proposals/proposal.table.ts";
import { users } from "../users/user.table.ts";
import { proposalReviews, type ProposalReviewRow } from "./review.table.ts";

/**
 * SOP-5.3 the manager sends a submitted version to the departments they pick, one reviewer each
 * (`departments[i]` is reviewed by `reviewerIds[i]`), all reviewers of the team.
 */
export async function startReview(
  db: Database,
  actor: Actor,
  versionId: string,
  departments: readonly ReviewDepartment[],
  reviewerIds: readonly string[],
): Promise<ProposalReviewRow[]> {
  const problems: FieldProblem[] = [];
  if (departments.length === 0) problems.push({ field: "departments", message: `pick at least one of ${REVIEW_DEPARTMENTS.join(", ")}` });
  if (new Set(departments).size !== departments.length) problems.push({ field: "departments", message: "lists a department twice" });
  if (reviewerIds.length !== departments.length) problems.push({ field: "reviewerIds", message: "must give one reviewer per department, in the same order" });
  if (problems.length > 0) throw AppError.badInput(problems);

  return db.transaction(async (tx) => {
    const [version] = isUuid(versionId) ? await tx.select().from(proposalVersions).where(eq(proposalVersions.id, versionId)) : [];
    if (!version || !canChange(actor.user, version)) throw AppError.notFound("Proposal version", "proposalVersionId");
    const opportunity = await lockOpportunityForChange(tx, actor, version.opportunityId, "proposalVersionId");
    const reviewers = reviewerIds.every(isUuid)
      ? await tx
          .select({ id: users.id })
          .from(users)
          .where(and(inArray(users.id, [...reviewerIds]), eq(users.teamId, version.teamId), eq(users.role, "REVIEWER"), eq(users.active, true)))
      : [];
    const known = new Set(reviewers.map((r) => r.id));
    const unknown = reviewerIds.findIndex((id) => !known.has(id));
    if (unknown >= 0) throw AppError.notFound("Reviewer of this team", `reviewerIds[${unknown}]`);
    const [started] = await tx
      .update(proposalVersions)
      .set({ status: "IN_REVIEW" })
      .where(and(eq(proposalVersions.id, version.id), eq(proposalVersions.status, "SUBMITTED")))
      .returning();
    if (!started) throw AppError.conflict(`This version is ${version.status}, not waiting for a review`, "proposalVersionId");
    requireInReview(opportunity, "proposalVersionId");
    const reviews = await tx
      .insert(proposalReviews)
      .values(
        departments.map((department, i) => ({
          versionId: version.id,
          teamId: version.teamId,
          department,
          reviewerId: reviewerIds[i]!,
          requestedById: actor.user.id,
          requestedAt: actor.now,
        })),
      )
      .returning();
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: version.proposalId,
      teamId: version.teamId,
      leadId: opportunity.leadId,
      action: "REVIEW_STARTED",
      after: { versionId: version.id, reviews: reviews.map((r) => ({ department: r.department, reviewerId: r.reviewerId })) },
    });
    return reviews;
  });
}

/**
 * SOP-5.3 a reviewer's verdict, with comments tied to parts. Only the assigned reviewer, once,
 * while the version is in review.
 */
export async function submitReview(
  db: Database,
  actor: Actor,
  reviewId: string,
  input: { verdict: ReviewVerdict; comments: unknown },
): Promise<ProposalReviewRow> {
  const review = validateReview(input);
  if (!review.ok) throw AppError.badInput(fieldProblems(review.error, ""));
  return db.transaction(async (tx) => {
    const [row] = isUuid(reviewId) ? await tx.select().from(proposalReviews).where(eq(proposalReviews.id, reviewId)).for("update") : [];
    if (!row || row.reviewerId !== actor.user.id) throw AppError.notFound("Review assigned to you", "reviewId");
    const [version] = await tx
      .select({ proposalId: proposalVersions.proposalId, id: proposalVersions.id, status: proposalVersions.status, teamId: proposalVersions.teamId, leadId: opportunities.leadId, stage: opportunities.stage })
      .from(proposalVersions)
      .innerJoin(opportunities, eq(opportunities.id, proposalVersions.opportunityId))
      .where(eq(proposalVersions.id, row.versionId));
    if (version!.status !== "IN_REVIEW") throw AppError.conflict(`The version is ${version!.status}; reviews are closed`, "reviewId");
    requireInReview(version!, "reviewId");
    const [saved] = await tx
      .update(proposalReviews)
      .set({ verdict: review.value.verdict, comments: review.value.comments, submittedAt: actor.now })
      .where(and(eq(proposalReviews.id, row.id), isNull(proposalReviews.verdict)))
      .returning();
    if (!saved) throw AppError.conflict("You have already submitted this review", "reviewId");
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: version!.proposalId,
      teamId: version!.teamId,
      leadId: version!.leadId,
      action: "REVIEW_SUBMITTED",
      after: { versionId: version!.id, department: saved.department, verdict: saved.verdict, comments: saved.comments },
    });
    return saved;
  });
}
