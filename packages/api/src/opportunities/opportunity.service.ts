import {
  checkReopen,
  checkTransition,
  checklistGaps,
  furthestStageAfter,
  isIsoDate,
  isOpenStage,
  localDate,
  OPEN_STAGES,
  validateLoss,
  validateNegotiationPrep,
  type LossReason,
  type NegotiationFacts,
  type NegotiationPrep,
  type PipelineStage,
  type TransitionError,
} from "@sales/domain";
import { and, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { canChange } from "../access/visibility.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database, Executor, Transaction } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, ErrorCode, type FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { CADENCE_FOLLOW_UP_KINDS, cancelOpenFollowUps } from "../follow-ups/follow-up-plans.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { readName } from "../graphql/text-input.ts";
import { lockLeadForChange, saveLeadChanges } from "../leads/lead-access.ts";
import { leads, type LeadRow } from "../leads/lead.table.ts";
import { readMoneyInput, type MoneyInput } from "../money/money.type.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import { proposals, proposalVersions } from "../proposals/proposal.table.ts";
import { opportunities, opportunityStageChanges, type OpportunityRow } from "./opportunity.table.ts";

export const OPPORTUNITY_NAME_MAX_LENGTH = 200;

export interface OpenOpportunityCommand {
  name: string;
  estimatedValue: MoneyInput;
  expectedCloseOn: string;
}

/**
 * SOP-4.3 the rep opens an opportunity on a lead, which moves the lead into the pipeline: the
 * lead becomes CONVERTED, and its cadence follow-ups stop (SOP-3.1: the cadence runs while the
 * lead has no open opportunity; booked meetings stay). The signals recorded on the lead's
 * follow-ups are kept with the opportunity as the reason it was opened.
 */
export async function openOpportunity(db: Database, actor: Actor, leadId: string, input: OpenOpportunityCommand): Promise<OpportunityRow> {
  const problems: FieldProblem[] = [];
  const name = readName(input.name, "input.name", OPPORTUNITY_NAME_MAX_LENGTH, problems);
  const estimatedValue = readMoneyInput(input.estimatedValue, "input.estimatedValue", problems);
  if (problems.length > 0 || !name || !estimatedValue) throw AppError.badInput(problems);

  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
    if (lead.status === "DISQUALIFIED") {
      throw new AppError(ErrorCode.INVALID_TRANSITION, "A disqualified lead cannot become an opportunity; reopen it first", [
        { field: "leadId", message: "is DISQUALIFIED" },
      ]);
    }
    if (await hasOpenOpportunity(tx, lead.id)) throw AppError.conflict("This lead already has an open opportunity", "leadId");
    const rules = await loadTeamRules(tx, lead.teamId);
    if (input.expectedCloseOn < localDate(rules.calendar, actor.now)) {
      throw AppError.badInput([{ field: "input.expectedCloseOn", message: "cannot be in the past" }]);
    }
    const signals = await recordedSignals(tx, lead.id);
    const [opportunity] = await tx
      .insert(opportunities)
      .values({
        leadId: lead.id,
        teamId: lead.teamId,
        ownerId: lead.ownerId,
        name,
        estimatedValueMinor: estimatedValue.amountMinor,
        currency: estimatedValue.currency,
        expectedCloseOn: input.expectedCloseOn,
        signals,
        stageEnteredAt: actor.now,
        createdAt: actor.now,
        updatedAt: actor.now,
      })
      .returning();
    await recordStageChange(tx, actor, opportunity!, null);
    await writeAudit(tx, actor, {
      entityType: "OPPORTUNITY",
      entityId: opportunity!.id,
      leadId: lead.id,
      teamId: lead.teamId,
      action: "OPPORTUNITY_OPENED",
      after: { name, estimatedValue: { amount: String(estimatedValue.amountMinor), currency: estimatedValue.currency }, expectedCloseOn: input.expectedCloseOn, signals },
    });
    await cancelOpenFollowUps(tx, actor, lead, { kinds: CADENCE_FOLLOW_UP_KINDS, reason: "an opportunity was opened" });
    // A lead whose earlier deal was won or lost is converted already: no second conversion.
    if (lead.status !== "CONVERTED") await saveLeadChanges(tx, actor, lead, { status: "CONVERTED" }, "LEAD_CONVERTED");
    return opportunity!;
  });
}

/** `updateOpportunity`: absent (or null) leaves a field as it is. */
export interface UpdateOpportunityCommand {
  name?: string | null;
  estimatedValue?: MoneyInput | null;
  expectedCloseOn?: string | null;
}

type OpportunityFieldChanges = Partial<Pick<OpportunityRow, "name" | "estimatedValueMinor" | "expectedCloseOn">>;

/**
 * Issue 9: the rep keeps what they expect to sell true — the name, the estimated value (in the
 * opportunity's currency) and the expected close date — so the forecast and the pipeline-changes
 * report have something true to report. The owner and the team's manager may; not once the
 * opportunity is WON or LOST (SOP-6.3). A stale `expectedVersion` is CONFLICT; every input
 * problem is reported at once and nothing is written. One OPPORTUNITY_UPDATED audit event holds
 * the changed fields only; a call that changes nothing writes nothing and keeps the version.
 */
export async function updateOpportunity(
  db: Database,
  actor: Actor,
  id: string,
  expectedVersion: number,
  input: UpdateOpportunityCommand,
): Promise<OpportunityRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, id, "id");
    if (opportunity.stage === "WON") {
      throw AppError.conflict("The opportunity is WON: a closed opportunity's forecast no longer changes", "id");
    }
    if (opportunity.stage === "LOST") {
      throw AppError.conflict("The opportunity is LOST: reopen it first to change its name, value or close date", "id");
    }
    if (opportunity.version !== expectedVersion) {
      throw AppError.conflict(`The opportunity was changed by someone else (now version ${opportunity.version}); reload it and try again`, "expectedVersion");
    }
    const changes = await readOpportunityChanges(tx, actor, opportunity, input);
    if (Object.keys(changes).length === 0) return opportunity;

    const [saved] = await tx
      .update(opportunities)
      .set({ ...changes, version: opportunity.version + 1, updatedAt: actor.now })
      .where(eq(opportunities.id, opportunity.id))
      .returning();
    // The pipeline-changes report reads this shape with SQL: keep it as it is.
    await writeAudit(tx, actor, {
      entityType: "OPPORTUNITY",
      entityId: opportunity.id,
      leadId: opportunity.leadId,
      teamId: opportunity.teamId,
      action: "OPPORTUNITY_UPDATED",
      before: auditedFields(opportunity, changes),
      after: auditedFields(saved!, changes),
    });
    return saved!;
  });
}

/** The fields `input` changes, checked like openOpportunity's; throws BAD_USER_INPUT listing every problem. */
async function readOpportunityChanges(
  tx: Transaction,
  actor: Actor,
  opportunity: OpportunityRow,
  input: UpdateOpportunityCommand,
): Promise<OpportunityFieldChanges> {
  const problems: FieldProblem[] = [];
  const changes: OpportunityFieldChanges = {};

  if (input.name !== undefined && input.name !== null) {
    const name = readName(input.name, "input.name", OPPORTUNITY_NAME_MAX_LENGTH, problems);
    if (name !== null && name !== opportunity.name) changes.name = name;
  }

  if (input.estimatedValue !== undefined && input.estimatedValue !== null) {
    const value = readMoneyInput(input.estimatedValue, "input.estimatedValue", problems);
    if (value !== null && value.currency !== opportunity.currency) {
      problems.push({
        field: "input.estimatedValue.currency",
        code: "CURRENCY_MISMATCH",
        message: `must be ${opportunity.currency}, the opportunity's currency`,
      });
    } else if (value !== null && value.amountMinor !== opportunity.estimatedValueMinor) {
      changes.estimatedValueMinor = value.amountMinor;
    }
  }

  const closeOn = input.expectedCloseOn;
  // A date that is not changing is not checked: an overdue close date may stay while the name changes.
  if (closeOn !== undefined && closeOn !== null && closeOn !== opportunity.expectedCloseOn) {
    if (!isIsoDate(closeOn)) {
      problems.push({ field: "input.expectedCloseOn", message: "must be a date (YYYY-MM-DD)" });
    } else {
      const rules = await loadTeamRules(tx, opportunity.teamId);
      if (closeOn < localDate(rules.calendar, actor.now)) problems.push({ field: "input.expectedCloseOn", message: "cannot be in the past" });
      else changes.expectedCloseOn = closeOn;
    }
  }

  if (problems.length > 0) throw AppError.badInput(problems);
  return changes;
}

/** The changed fields of `row` as the audit event records them (money as a string amount with its currency). */
function auditedFields(row: OpportunityRow, changes: OpportunityFieldChanges): Record<string, unknown> {
  return {
    ...("name" in changes && { name: row.name }),
    ...("estimatedValueMinor" in changes && { estimatedValue: { amount: String(row.estimatedValueMinor), currency: row.currency } }),
    ...("expectedCloseOn" in changes && { expectedCloseOn: row.expectedCloseOn }),
  };
}

/**
 * An open opportunity follows its lead to a new owner (assignLead, or reassignLeads when a rep
 * leaves), its proposal and versions with it, so the new owner carries the deal on. Won and lost
 * ones stay with the rep who closed them: they are that rep's record.
 */
export async function handOverOpenOpportunities(
  tx: Transaction,
  actor: Actor,
  of: { leadId: string } | { ownerId: string; teamId: string },
  toOwnerId: string,
): Promise<void> {
  const scope =
    "leadId" in of ? eq(opportunities.leadId, of.leadId) : and(eq(opportunities.ownerId, of.ownerId), eq(opportunities.teamId, of.teamId));
  const open = await tx
    .select({ id: opportunities.id, leadId: opportunities.leadId, teamId: opportunities.teamId, ownerId: opportunities.ownerId })
    .from(opportunities)
    .where(and(scope, inArray(opportunities.stage, [...OPEN_STAGES]), ne(opportunities.ownerId, toOwnerId)))
    .for("update");
  if (open.length === 0) return;
  const ids = open.map((row) => row.id);
  await tx
    .update(opportunities)
    .set({ ownerId: toOwnerId, version: sql`${opportunities.version} + 1`, updatedAt: actor.now })
    .where(inArray(opportunities.id, ids));
  await tx.update(proposals).set({ ownerId: toOwnerId }).where(inArray(proposals.opportunityId, ids));
  await tx.update(proposalVersions).set({ ownerId: toOwnerId }).where(inArray(proposalVersions.opportunityId, ids));
  await writeAudit(
    tx,
    actor,
    open.map((row) => ({
      entityType: "OPPORTUNITY" as const,
      entityId: row.id,
      leadId: row.leadId,
      teamId: row.teamId,
      action: "OPPORTUNITY_REASSIGNED",
      before: { ownerId: row.ownerId },
      after: { ownerId: toOwnerId },
    })),
  );
}

/**
 * SOP-1.4 a merged lead's opportunities move to the kept lead, so one customer's deals stay
 * together; an open one goes to the kept lead's owner, like its follow-ups. A customer has at
 * most one open opportunity, so when both leads have one the merge is refused until one is
 * closed. Returns whether the kept lead gained an open opportunity.
 */
export async function moveOpportunitiesToKeptLead(
  tx: Transaction,
  actor: Actor,
  merged: Pick<LeadRow, "id">,
  keep: Pick<LeadRow, "id" | "teamId" | "ownerId">,
): Promise<boolean> {
  const moving = await tx.select().from(opportunities).where(eq(opportunities.leadId, merged.id)).for("update");
  if (moving.length === 0) return false;
  const movesOpenOne = moving.some((opportunity) => isOpenStage(opportunity.stage));
  if (movesOpenOne && (await hasOpenOpportunity(tx, keep.id))) {
    throw AppError.conflict("Both leads have an open opportunity; mark one won or lost before merging", "mergeId");
  }
  await tx
    .update(opportunities)
    .set({ leadId: keep.id, version: sql`${opportunities.version} + 1`, updatedAt: actor.now })
    .where(eq(opportunities.leadId, merged.id));
  await writeAudit(
    tx,
    actor,
    moving.map((opportunity) => ({
      entityType: "OPPORTUNITY" as const,
      entityId: opportunity.id,
      leadId: keep.id,
      teamId: keep.teamId,
      action: "OPPORTUNITY_LEAD_MERGED",
      before: { leadId: merged.id },
      after: { leadId: keep.id },
    })),
  );
  await handOverOpenOpportunities(tx, actor, { leadId: keep.id }, keep.ownerId);
  return movesOpenOne;
}

/** SOP-6.3 lost with a reason from the fixed list, from any open stage. */
export async function markLost(db: Database, actor: Actor, id: string, reason: LossReason, note: string | null): Promise<OpportunityRow> {
  const loss = validateLoss({ reason, note: note ?? "" });
  if (!loss.ok) throw AppError.badInput(fieldProblems(loss.error, ""));
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, id, "opportunityId");
    const lossNote = loss.value.note || null;
    return moveStage(tx, actor, opportunity, "LOST", { lossReason: loss.value.reason, lossNote, lostFromStage: opportunity.stage });
  });
}

/** SOP-6.3 brings a lost opportunity back to the stage it was lost from. */
export async function reopenOpportunity(db: Database, actor: Actor, id: string): Promise<OpportunityRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, id, "opportunityId");
    // The lead is locked too, so a reopening and a new opportunity on the same lead cannot cross.
    await tx.select({ id: leads.id }).from(leads).where(eq(leads.id, opportunity.leadId)).for("update");
    const check = checkReopen({ from: opportunity.stage, lostFrom: opportunity.lostFromStage, ...(await negotiationFacts(tx, opportunity)) });
    if (!check.ok) throw transitionRefused(check.error, "opportunityId");
    if (await hasOpenOpportunity(tx, opportunity.leadId)) {
      throw AppError.conflict("The lead has another open opportunity now; it cannot have two", "opportunityId");
    }
    return writeStageMove(tx, actor, opportunity, check.value, { lossReason: null, lossNote: null, lostFromStage: null });
  });
}

/**
 * Moves an opportunity along sop.md's pipeline, or fails with INVALID_TRANSITION naming the
 * stages it may move to. Records who, when, from and to, with the audit event.
 */
export async function moveStage(
  tx: Transaction,
  actor: Actor,
  opportunity: OpportunityRow,
  to: PipelineStage,
  changes: StageMoveChanges = {},
  facts: NegotiationFacts = {},
): Promise<OpportunityRow> {
  const check = checkTransition({ from: opportunity.stage, to, ...facts });
  if (!check.ok) throw transitionRefused(check.error, "stage");
  return writeStageMove(tx, actor, opportunity, to, changes);
}

type StageMoveChanges = Partial<Pick<OpportunityRow, "lossReason" | "lossNote" | "lostFromStage">>;

function transitionRefused(error: TransitionError, field: string): AppError {
  return new AppError(ErrorCode.INVALID_TRANSITION, error.message, [{ field, message: `allowed: ${error.allowed.join(", ") || "none"}` }]);
}

async function writeStageMove(tx: Transaction, actor: Actor, opportunity: OpportunityRow, to: PipelineStage, changes: StageMoveChanges): Promise<OpportunityRow> {
  const [moved] = await tx
    .update(opportunities)
    .set({
      ...changes,
      stage: to,
      stageEnteredAt: actor.now,
      furthestStage: furthestStageAfter(opportunity.furthestStage, to),
      version: sql`${opportunities.version} + 1`,
      updatedAt: actor.now,
    })
    .where(eq(opportunities.id, opportunity.id))
    .returning();
  await recordStageChange(tx, actor, moved!, opportunity.stage);
  await writeAudit(tx, actor, {
    entityType: "OPPORTUNITY",
    entityId: opportunity.id,
    leadId: opportunity.leadId,
    teamId: opportunity.teamId,
    action: "OPPORTUNITY_STAGE_CHANGED",
    before: { stage: opportunity.stage },
    after: { stage: to, ...changes },
  });
  return moved!;
}

/** The opportunity a change applies to, locked; one the actor may not change is NOT_FOUND. */
export async function lockOpportunityForChange(tx: Transaction, actor: Actor, id: string, field: string): Promise<OpportunityRow> {
  const [row] = isUuid(id) ? await tx.select().from(opportunities).where(eq(opportunities.id, id)).for("update") : [];
  if (!row || !canChange(actor.user, row)) throw AppError.notFound("Opportunity", field);
  return row;
}

/**
 * SOP-5.3 a proposal is reviewed and decided while its opportunity is IN_REVIEW. A version stays
 * undecided when its opportunity is lost, and waits there until the opportunity is reopened.
 */
export function requireInReview(opportunity: Pick<OpportunityRow, "stage">, field: string): void {
  if (opportunity.stage !== "IN_REVIEW") {
    const hint = opportunity.stage === "LOST" ? "; reopen it first" : "";
    throw AppError.conflict(`The opportunity is ${opportunity.stage}, not IN_REVIEW${hint}`, field);
  }
}

/** SOP-6.2 what a move into NEGOTIATION needs: an approved latest proposal version and a complete checklist. */
export async function negotiationFacts(tx: Transaction, opportunity: OpportunityRow): Promise<Required<NegotiationFacts>> {
  const [latest] = await tx
    .select({ status: proposalVersions.status })
    .from(proposalVersions)
    .innerJoin(proposals, eq(proposals.id, proposalVersions.proposalId))
    .where(eq(proposals.opportunityId, opportunity.id))
    .orderBy(desc(proposalVersions.submittedAt), desc(proposalVersions.number))
    .limit(1);
  return { hasApprovedProposal: latest?.status === "APPROVED", checklistComplete: checklistGaps(storedPrep(opportunity)).length === 0 };
}

/** The saved checklist, as the domain reads it (it was validated when saved). */
export function storedPrep(opportunity: Pick<OpportunityRow, "negotiationPrep" | "currency">): NegotiationPrep | null {
  if (opportunity.negotiationPrep === null) return null;
  const prep = validateNegotiationPrep(opportunity.negotiationPrep, { currency: opportunity.currency });
  if (!prep.ok) throw new Error(`Stored negotiation checklist no longer validates: ${prep.error[0]?.message}`);
  return prep.value;
}

/** SOP-3.1 whether the lead's cadence has handed over to the pipeline. */
export async function hasOpenOpportunity(db: Executor, leadId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: opportunities.id })
    .from(opportunities)
    .where(and(eq(opportunities.leadId, leadId), inArray(opportunities.stage, [...OPEN_STAGES])))
    .limit(1);
  return row !== undefined;
}

async function recordStageChange(tx: Transaction, actor: Actor, opportunity: OpportunityRow, from: PipelineStage | null): Promise<void> {
  // The stay in the stage being left ends now (the caller holds the opportunity's row lock).
  if (from !== null) {
    await tx
      .update(opportunityStageChanges)
      .set({ leftAt: actor.now })
      .where(and(eq(opportunityStageChanges.opportunityId, opportunity.id), isNull(opportunityStageChanges.leftAt)));
  }
  await tx.insert(opportunityStageChanges).values({
    opportunityId: opportunity.id,
    teamId: opportunity.teamId,
    fromStage: from,
    toStage: opportunity.stage,
    actorId: actor.user.id,
    at: actor.now,
  });
}

/** Every distinct signal recorded on the lead's follow-ups (SOP-4.3), in the order first seen. */
async function recordedSignals(tx: Transaction, leadId: string) {
  const rows = await tx
    .select({ signals: followUps.signals })
    .from(followUps)
    .where(eq(followUps.leadId, leadId))
    .orderBy(followUps.completedAt, followUps.id);
  return [...new Set(rows.flatMap((row) => row.signals))];
}
