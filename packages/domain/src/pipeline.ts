// sop.md "Pipeline stages": LEAD → OPPORTUNITY → PROPOSAL → IN_REVIEW → NEGOTIATION → WON | LOST.
// LEAD is the lead itself, before an opportunity exists, so it is not a stage of an opportunity.
import { err, ok, type Result } from "./result.ts";

export const PIPELINE_STAGES = ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON", "LOST"] as const;
export type PipelineStage = (typeof PIPELINE_STAGES)[number];

/** The stages an opportunity can still be won or lost from. */
export const OPEN_STAGES = ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION"] as const;
export type OpenStage = (typeof OPEN_STAGES)[number];

export function isOpenStage(stage: PipelineStage): stage is OpenStage {
  return (OPEN_STAGES as readonly PipelineStage[]).includes(stage);
}

// The moves of sop.md's pipeline, each with the operation that makes it. Any open stage may also
// go to LOST (markLost), and LOST back to the stage it was lost from (reopenOpportunity).
const FORWARD_MOVES: Readonly<Record<PipelineStage, readonly PipelineStage[]>> = {
  OPPORTUNITY: ["PROPOSAL"], // createProposal: the first proposal is being written (SOP-5.1)
  PROPOSAL: ["IN_REVIEW"], // submitProposal (SOP-5.3)
  // decideProposal REJECT → OPPORTUNITY, RETURN_FOR_REVISION → PROPOSAL (SOP-5.4); APPROVE leaves
  // the stage at IN_REVIEW with an approved version; startNegotiation → NEGOTIATION (SOP-6.2).
  IN_REVIEW: ["OPPORTUNITY", "PROPOSAL", "NEGOTIATION"],
  NEGOTIATION: ["WON"], // recordContract (SOP-6.3)
  WON: [],
  LOST: [],
};

/**
 * The stages `from` may move to, in pipeline order. From LOST that is only the open stage it was
 * lost from (`lostFrom`); without it a lost opportunity cannot be reopened.
 */
export function allowedNextStages(from: PipelineStage, lostFrom?: PipelineStage | null): PipelineStage[] {
  const next = new Set<PipelineStage>(FORWARD_MOVES[from]);
  if (isOpenStage(from)) next.add("LOST");
  if (from === "LOST" && lostFrom && isOpenStage(lostFrom)) next.add(lostFrom);
  return PIPELINE_STAGES.filter((stage) => next.has(stage));
}

export interface TransitionError {
  code: "INVALID_TRANSITION";
  message: string;
  /** The stages `from` may move to (allowedNextStages), whatever the preconditions. */
  allowed: PipelineStage[];
}

export interface TransitionInput {
  from: PipelineStage;
  to: PipelineStage;
  /** For a move out of LOST (reopen): the stage the opportunity was lost from. */
  lostFrom?: PipelineStage | null;
  /** SOP-6.2, for a move into NEGOTIATION: the latest proposal version is APPROVED. Absent counts as not. */
  hasApprovedProposal?: boolean;
  /** SOP-6.2, for a move into NEGOTIATION: checklistGaps(prep) is empty. Absent counts as not. */
  checklistComplete?: boolean;
}

/**
 * Whether the opportunity may move `from` → `to`. Refusals name the allowed stages ("cannot move
 * from PROPOSAL to WON; allowed: IN_REVIEW, LOST"), and a move into NEGOTIATION — starting it, or
 * reopening an opportunity lost in negotiation — also needs an approved proposal and a completed
 * preparation checklist (SOP-6.2); the refusal names what is missing.
 */
export function checkTransition(input: TransitionInput): Result<PipelineStage, TransitionError> {
  const { from, to } = input;
  const allowed = allowedNextStages(from, input.lostFrom);
  if (!allowed.includes(to)) {
    const allowedText = allowed.length > 0 ? allowed.join(", ") : `none (${whyNothingIsAllowed(from)})`;
    return err({ code: "INVALID_TRANSITION", message: `cannot move from ${from} to ${to}; allowed: ${allowedText}`, allowed });
  }
  if (to === "NEGOTIATION") {
    const missing: string[] = [];
    if (input.hasApprovedProposal !== true) missing.push("an approved proposal");
    if (input.checklistComplete !== true) missing.push("a completed preparation checklist");
    if (missing.length > 0) {
      return err({
        code: "INVALID_TRANSITION",
        message: `cannot move from ${from} to NEGOTIATION without ${missing.join(" and ")} (SOP-6.2)`,
        allowed,
      });
    }
  }
  return ok(to);
}

function whyNothingIsAllowed(from: PipelineStage): string {
  return from === "WON" ? "WON is final" : "the stage it was lost from is not known";
}

export interface StageChange {
  to: PipelineStage;
  at: Date;
}

export interface StageDuration {
  stage: PipelineStage;
  enteredAt: Date;
  /** null for the stage the opportunity is in now. */
  leftAt: Date | null;
  /** Until it was left, or until `now` for the current stage; never negative. */
  durationMs: number;
}

/**
 * Time spent in each stage, in order, from the recorded stage changes (sorted by time here; equal
 * times keep their given order). The last stage runs until `now`. A stage entered twice (after a
 * revision round) appears twice.
 */
export function stageDurations(history: readonly StageChange[], now: Date): StageDuration[] {
  const changes = [...history].sort((a, b) => a.at.getTime() - b.at.getTime());
  return changes.map((change, index) => {
    const next = changes[index + 1];
    const leftAt = next ? next.at : null;
    const end = leftAt ?? now;
    return {
      stage: change.to,
      enteredAt: change.at,
      leftAt,
      durationMs: Math.max(0, end.getTime() - change.at.getTime()),
    };
  });
}
