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
// go to LOST (markLost); only reopenOpportunity leaves LOST (checkReopen).
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

/** The stages `from` may move to, in pipeline order; a lost opportunity is reopened instead (checkReopen). */
export function allowedNextStages(from: PipelineStage): PipelineStage[] {
  const next = new Set<PipelineStage>(FORWARD_MOVES[from]);
  if (isOpenStage(from)) next.add("LOST");
  return PIPELINE_STAGES.filter((stage) => next.has(stage));
}

export interface TransitionError {
  code: "INVALID_TRANSITION";
  message: string;
  /** The stages `from` may move to (allowedNextStages), whatever the preconditions. */
  allowed: PipelineStage[];
}

/** SOP-6.2, for a move into NEGOTIATION; absent counts as not. */
export interface NegotiationFacts {
  /** The latest proposal version is APPROVED. */
  hasApprovedProposal?: boolean;
  /** checklistGaps(prep) is empty. */
  checklistComplete?: boolean;
}

export interface TransitionInput extends NegotiationFacts {
  from: PipelineStage;
  to: PipelineStage;
}

/**
 * Whether the opportunity may move `from` → `to`. Refusals name the allowed stages ("cannot move
 * from PROPOSAL to WON; allowed: IN_REVIEW, LOST"), and a move into NEGOTIATION also needs an
 * approved proposal and a completed preparation checklist (SOP-6.2); the refusal names what is
 * missing.
 */
export function checkTransition(input: TransitionInput): Result<PipelineStage, TransitionError> {
  const { from, to } = input;
  const allowed = allowedNextStages(from);
  if (!allowed.includes(to)) {
    const allowedText = allowed.length > 0 ? allowed.join(", ") : `none (${whyNothingIsAllowed(from)})`;
    return err({ code: "INVALID_TRANSITION", message: `cannot move from ${from} to ${to}; allowed: ${allowedText}`, allowed });
  }
  return to === "NEGOTIATION" ? checkNegotiationFacts(from, input, allowed) : ok(to);
}

/**
 * SOP-6.3 reopening brings a lost opportunity back to the stage it was lost from, and only a lost
 * one: an open opportunity moves by its own operations. Back into NEGOTIATION, the SOP-6.2
 * preconditions are checked again.
 */
export function checkReopen(input: NegotiationFacts & { from: PipelineStage; lostFrom: PipelineStage | null }): Result<OpenStage, TransitionError> {
  const { from, lostFrom } = input;
  if (from !== "LOST") {
    return err({ code: "INVALID_TRANSITION", message: `only a lost opportunity can be reopened; this one is ${from}`, allowed: allowedNextStages(from) });
  }
  if (lostFrom === null || !isOpenStage(lostFrom)) {
    return err({ code: "INVALID_TRANSITION", message: "cannot reopen: the stage it was lost from is not known", allowed: [] });
  }
  if (lostFrom === "NEGOTIATION") {
    const facts = checkNegotiationFacts(from, input, [lostFrom]);
    if (!facts.ok) return facts;
  }
  return ok(lostFrom);
}

function checkNegotiationFacts(from: PipelineStage, facts: NegotiationFacts, allowed: PipelineStage[]): Result<"NEGOTIATION", TransitionError> {
  const missing: string[] = [];
  if (facts.hasApprovedProposal !== true) missing.push("an approved proposal");
  if (facts.checklistComplete !== true) missing.push("a completed preparation checklist");
  if (missing.length === 0) return ok("NEGOTIATION");
  return err({
    code: "INVALID_TRANSITION",
    message: `cannot move from ${from} to NEGOTIATION without ${missing.join(" and ")} (SOP-6.2)`,
    allowed,
  });
}

function whyNothingIsAllowed(from: PipelineStage): string {
  return from === "WON" ? "WON is final" : "a lost opportunity is reopened first";
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
