// SOP-5.3: the manager picks the reviewing departments; each reviewer approves or requests changes
// with comments tied to a part; the manager then approves, rejects or returns the proposal.
import type { PipelineStage } from "./pipeline.ts";
import { PROPOSAL_PARTS, type ProposalPart } from "./proposal.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { FieldErrorList, joinPath } from "./validation.ts";

/** SOP-5.3 [playbook default]: the departments a manager may ask to review. */
export const REVIEW_DEPARTMENTS = ["TECHNICAL", "FINANCE", "LEGAL", "DELIVERY"] as const;
export type ReviewDepartment = (typeof REVIEW_DEPARTMENTS)[number];

export const REVIEW_VERDICTS = ["APPROVE", "REQUEST_CHANGES"] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

export const MANAGER_DECISIONS = ["APPROVE", "REJECT", "RETURN_FOR_REVISION"] as const;
export type ManagerDecision = (typeof MANAGER_DECISIONS)[number];

export const REVIEW_COMMENT_MAX_LENGTH = 5_000;
export const MAX_REVIEW_COMMENTS = 100;

export interface ReviewComment {
  part: ProposalPart;
  text: string;
}

export interface ReviewSubmission {
  verdict: ReviewVerdict;
  comments: ReviewComment[];
}

/**
 * SOP-5.3: a reviewer's verdict with comments tied to parts. Requesting changes without saying
 * which is refused (REQUIRED at `comments`): the rep revises "according to the review comments"
 * (SOP-5.4). An approval may carry comments too. Paths: `verdict`, `comments[1].part`, `comments[1].text`.
 */
export function validateReview(input: { verdict: unknown; comments: unknown }): Result<ReviewSubmission, FieldError[]> {
  const errors = new FieldErrorList();
  const verdict = errors.requireOneOf(REVIEW_VERDICTS, input.verdict, "verdict");
  const comments = errors.optionalList(input.comments, "comments", MAX_REVIEW_COMMENTS, (item, path) => {
    const record = errors.requireRecord(item, path);
    if (!record) return null;
    const part = errors.requireOneOf(PROPOSAL_PARTS, record["part"], joinPath(path, "part"));
    const textPath = joinPath(path, "text");
    const text = errors.optionalText(record["text"], textPath, REVIEW_COMMENT_MAX_LENGTH);
    if (text === "") errors.add(textPath, "REQUIRED", `${textPath} is empty; say what should change`);
    return part && text ? { part, text } : null;
  });
  if (verdict === "REQUEST_CHANGES" && errors.isEmpty && comments.length === 0) {
    errors.add("comments", "REQUIRED", "requesting changes needs at least one comment saying what to change, tied to a part of the proposal");
  }
  return verdict && errors.isEmpty ? ok({ verdict, comments }) : err(errors.errors);
}

/**
 * SOP-5.3 the departments review, then the manager decides: never while a review is still out,
 * and an approval only once at least one department has reviewed the version. Rejecting or
 * returning needs no review: a manager may send back a proposal that is plainly not ready.
 * The refusal is a sentence for the manager.
 */
export function checkDecision(
  decision: ManagerDecision,
  reviews: readonly { department: ReviewDepartment; verdict: ReviewVerdict | null }[],
): Result<ManagerDecision, string> {
  const waiting = reviews.filter((review) => review.verdict === null).map((review) => review.department);
  if (waiting.length > 0) return err(`Still waiting for the review of ${waiting.join(", ")}`);
  if (decision === "APPROVE" && reviews.length === 0) {
    return err("An approval needs at least one department's review first (SOP-5.3): start a review");
  }
  return ok(decision);
}

/**
 * SOP-5.3/5.4: where the manager's decision leaves the opportunity. APPROVE keeps it at IN_REVIEW,
 * now with an approved version: it moves to NEGOTIATION only by startNegotiation, once the
 * preparation checklist is complete (SOP-6.2). REJECT sends it back to OPPORTUNITY;
 * RETURN_FOR_REVISION back to PROPOSAL for the rep to revise and resubmit.
 */
export function stageAfterDecision(decision: ManagerDecision): PipelineStage {
  switch (decision) {
    case "APPROVE":
      return "IN_REVIEW";
    case "REJECT":
      return "OPPORTUNITY";
    case "RETURN_FOR_REVISION":
      return "PROPOSAL";
  }
}

/**
 * SOP-5.3/5.4 where a submitted, immutable proposal version stands: waiting for the manager to
 * start the review, under review, then decided.
 */
export const PROPOSAL_VERSION_STATUSES = ["SUBMITTED", "IN_REVIEW", "APPROVED", "REJECTED", "RETURNED"] as const;
export type ProposalVersionStatus = (typeof PROPOSAL_VERSION_STATUSES)[number];

/** A proposal may be edited while it has no version, or once its latest was sent back or rejected. */
export function isProposalEditable(latestVersionStatus: ProposalVersionStatus | null): boolean {
  return latestVersionStatus === null || latestVersionStatus === "RETURNED" || latestVersionStatus === "REJECTED";
}
