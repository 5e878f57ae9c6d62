import {
  checkDecision,
  EMPTY_PROPOSAL_CONTENT,
  isProposalEditable,
  missingParts,
  priceProposalContent,
  PROPOSAL_PART_KEYS,
  proposalContentToJson,
  stageAfterDecision,
  validateProposalDraft,
  withMoneyAsJson,
  type PricedProposalContent,
  type ManagerDecision,
  type ProposalContent,
  type ProposalContentJson,
  type ProposalVersionStatus,
} from "@sales/domain";
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { canChange } from "../access/visibility.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database, Executor, Transaction } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { lockOpportunityForChange, moveStage, requireInReview } from "../opportunities/opportunity.service.ts";
import type { OpportunityRow } from "../opportunities/opportunity.table.ts";
import { proposalReviews } from "../reviews/review.table.ts";
import { proposals, proposalVersions, type ProposalRow, type ProposalVersionRow } from "./proposal.table.ts";

/**
 * SOP-5.1 the rep starts the proposal as soon as the opportunity is identified: an empty draft
 * of the six parts, and the opportunity moves to PROPOSAL. One proposal per opportunity; each
 * submission of it is a version.
 */
export async function createProposal(db: Database, actor: Actor, opportunityId: string): Promise<ProposalRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, opportunityId, "opportunityId");
    const [existing] = await tx.select({ id: proposals.id }).from(proposals).where(eq(proposals.opportunityId, opportunity.id));
    if (existing) throw AppError.conflict(`This opportunity already has a proposal (${existing.id}); revise it instead`, "opportunityId");
    await moveStage(tx, actor, opportunity, "PROPOSAL");
    const [proposal] = await tx
      .insert(proposals)
      .values({
        opportunityId: opportunity.id,
        teamId: opportunity.teamId,
        ownerId: opportunity.ownerId,
        content: proposalContentToJson(EMPTY_PROPOSAL_CONTENT),
        createdAt: actor.now,
        updatedAt: actor.now,
      })
      .returning();
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: proposal!.id,
      leadId: opportunity.leadId,
      teamId: opportunity.teamId,
      action: "PROPOSAL_CREATED",
      after: { opportunityId: opportunity.id },
    });
    return proposal!;
  });
}

/**
 * Replaces the parts given (null clears one) in the draft. Refused while a submitted version is
 * in review or approved (SOP-5.3: nothing changes under the reviewers); a stale
 * `expectedVersion` is CONFLICT. Revising after a rejection puts the opportunity back in PROPOSAL.
 */
export async function updateProposal(
  db: Database,
  actor: Actor,
  id: string,
  parts: Partial<Record<keyof ProposalContent, unknown>>,
  expectedVersion: number,
): Promise<ProposalRow> {
  return db.transaction(async (tx) => {
    const { proposal, opportunity } = await lockProposalForChange(tx, actor, id, "id");
    if (proposal.version !== expectedVersion) {
      throw AppError.conflict(`The proposal was changed by someone else (now version ${proposal.version}); reload it and try again`, "expectedVersion");
    }
    const given = Object.fromEntries(Object.entries(parts).filter(([, value]) => value !== undefined));
    const draft = validateProposalDraft({ ...proposal.content, ...given });
    if (!draft.ok) throw AppError.badInput(fieldProblems(draft.error, "input"));
    if (opportunity.stage === "OPPORTUNITY") await moveStage(tx, actor, opportunity, "PROPOSAL");
    const [saved] = await tx
      .update(proposals)
      .set({ content: proposalContentToJson(draft.value), version: proposal.version + 1, updatedAt: actor.now })
      .where(eq(proposals.id, proposal.id))
      .returning();
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: proposal.id,
      leadId: opportunity.leadId,
      teamId: opportunity.teamId,
      action: "PROPOSAL_UPDATED",
      after: { parts: Object.keys(given), version: saved!.version },
    });
    return saved!;
  });
}

/**
 * SOP-5.2/5.4 freezes the draft as the next immutable version and sends it for review. A draft
 * missing any part is refused, every missing part listed (each names its part's field).
 */
export async function submitProposal(db: Database, actor: Actor, id: string): Promise<ProposalVersionRow> {
  return db.transaction(async (tx) => {
    const { proposal, opportunity } = await lockProposalForChange(tx, actor, id, "id");
    const content = storedContent(proposal.content);
    const missing = missingParts(content);
    if (missing.length > 0) {
      const problems = missing.map((gap) => ({ field: PROPOSAL_PART_KEYS[gap.part], message: gap.reason }));
      throw new AppError(
        ErrorCode.BAD_USER_INPUT,
        `Proposal cannot be submitted: ${missing.map((gap) => gap.reason).join("; ")}`,
        problems,
      );
    }
    const priced = priceProposalContent(content);
    const current = opportunity.stage === "OPPORTUNITY" ? await moveStage(tx, actor, opportunity, "PROPOSAL") : opportunity;
    await moveStage(tx, actor, current, "IN_REVIEW");
    const [{ latest } = { latest: null }] = await tx
      .select({ latest: max(proposalVersions.number) })
      .from(proposalVersions)
      .where(eq(proposalVersions.proposalId, proposal.id));
    const [version] = await tx
      .insert(proposalVersions)
      .values({
        proposalId: proposal.id,
        opportunityId: opportunity.id,
        teamId: proposal.teamId,
        ownerId: proposal.ownerId,
        number: (latest ?? 0) + 1,
        content: proposal.content,
        submittedById: actor.user.id,
        submittedAt: actor.now,
        ...submittedTotal(priced),
        pricedContent: withMoneyAsJson(priced),
      })
      .returning();
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: proposal.id,
      leadId: opportunity.leadId,
      teamId: opportunity.teamId,
      action: "PROPOSAL_SUBMITTED",
      after: { versionId: version!.id, number: version!.number },
    });
    return version!;
  });
}

/** The version's priced total with VAT, kept for the win/loss report's discount (content is complete here). */
function submittedTotal({ pricing }: PricedProposalContent): Pick<ProposalVersionRow, "totalWithVatMinor" | "totalCurrency"> {
  const total = pricing?.totals?.totalWithVat;
  return total ? { totalWithVatMinor: total.amountMinor, totalCurrency: total.currency } : { totalWithVatMinor: null, totalCurrency: null };
}

/** The content as stored; it passed validateProposalDraft when it was saved. */
export function storedContent(json: ProposalContentJson): ProposalContent {
  const content = validateProposalDraft(json);
  if (!content.ok) throw new Error(`Stored proposal content no longer validates: ${content.error[0]?.message}`);
  return content.value;
}

export async function latestVersionOf(db: Executor, proposalId: string): Promise<ProposalVersionRow | null> {
  const [row] = await db
    .select()
    .from(proposalVersions)
    .where(eq(proposalVersions.proposalId, proposalId))
    .orderBy(desc(proposalVersions.number))
    .limit(1);
  return row ?? null;
}

/**
 * The proposal and its opportunity, both locked (opportunity first, the order every pipeline
 * change takes), after checking the draft may change now.
 */
async function lockProposalForChange(
  tx: Transaction,
  actor: Actor,
  id: string,
  field: string,
): Promise<{ proposal: ProposalRow; opportunity: OpportunityRow }> {
  const [found] = isUuid(id) ? await tx.select().from(proposals).where(eq(proposals.id, id)) : [];
  if (!found || !canChange(actor.user, found)) throw AppError.notFound("Proposal", field);
  const opportunity = await lockOpportunityForChange(tx, actor, found.opportunityId, field);
  const [proposal] = await tx.select().from(proposals).where(eq(proposals.id, id)).for("update");
  const latest = await latestVersionOf(tx, proposal!.id);
  if (!isProposalEditable(latest?.status ?? null)) {
    throw AppError.conflict(
      latest!.status === "APPROVED"
        ? "The proposal is approved; it cannot change any more"
        : `Version ${latest!.number} is in review; the proposal cannot change until the manager decides`,
      field,
    );
  }
  return { proposal: proposal!, opportunity };
}

/**
 * SOP-5.3 the manager's decision on a submitted version: APPROVE (the opportunity stays in
 * review with an approved proposal, ready for negotiation), REJECT (back to OPPORTUNITY) or
 * RETURN_FOR_REVISION (back to PROPOSAL, the draft editable again), once the departments'
 * reviews are in (checkDecision: an approval needs at least one). Exactly one decision stands:
 * the version only changes while undecided, so a second manager deciding at the same moment
 * gets CONFLICT.
 */
export async function decideProposal(
  db: Database,
  actor: Actor,
  versionId: string,
  decision: ManagerDecision,
  note: string | null,
): Promise<ProposalVersionRow> {
  const text = note?.trim() || null;
  if (text && [...text].length > DECISION_NOTE_MAX_LENGTH) {
    throw AppError.badInput([{ field: "note", message: `must be at most ${DECISION_NOTE_MAX_LENGTH} characters` }]);
  }
  if (decision !== "APPROVE" && !text) {
    throw AppError.badInput([{ field: "note", message: "say why, so the rep knows what to change" }]);
  }
  return db.transaction(async (tx) => {
    const [found] = isUuid(versionId) ? await tx.select().from(proposalVersions).where(eq(proposalVersions.id, versionId)) : [];
    if (!found || !canChange(actor.user, found)) throw AppError.notFound("Proposal version", "proposalVersionId");
    const opportunity = await lockOpportunityForChange(tx, actor, found.opportunityId, "proposalVersionId");
    const reviews = await tx
      .select({ department: proposalReviews.department, verdict: proposalReviews.verdict })
      .from(proposalReviews)
      .where(eq(proposalReviews.versionId, found.id))
      .orderBy(asc(proposalReviews.requestedAt), asc(proposalReviews.id));
    const allowed = checkDecision(decision, reviews);
    if (!allowed.ok) throw AppError.conflict(allowed.error, "proposalVersionId");
    const [decided] = await tx
      .update(proposalVersions)
      .set({ status: VERSION_STATUS_AFTER[decision], decidedById: actor.user.id, decidedAt: actor.now, decisionNote: text })
      .where(and(eq(proposalVersions.id, found.id), inArray(proposalVersions.status, ["SUBMITTED", "IN_REVIEW"])))
      .returning();
    if (!decided) throw AppError.conflict("This version has already been decided", "proposalVersionId");
    requireInReview(opportunity, "proposalVersionId");
    const stage = stageAfterDecision(decision);
    if (stage !== opportunity.stage) await moveStage(tx, actor, opportunity, stage);
    await writeAudit(tx, actor, {
      entityType: "PROPOSAL",
      entityId: found.proposalId,
      leadId: opportunity.leadId,
      teamId: opportunity.teamId,
      action: "PROPOSAL_DECIDED",
      before: { versionId: found.id, status: found.status },
      after: { versionId: found.id, status: decided.status, decision, note: text },
    });
    return decided;
  });
}

const DECISION_NOTE_MAX_LENGTH = 5000;

const VERSION_STATUS_AFTER: Readonly<Record<ManagerDecision, ProposalVersionStatus>> = {
  APPROVE: "APPROVED",
  REJECT: "REJECTED",
  RETURN_FOR_REVISION: "RETURNED",
};
