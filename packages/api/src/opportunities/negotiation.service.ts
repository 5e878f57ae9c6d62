import {
  checklistGaps,
  contractNeedsApproval,
  localDate,
  validateNegotiationPrep,
  withMoneyAsJson,
  type Money,
} from "@sales/domain";
import { eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database, Transaction } from "../db/database.ts";
import { AppError, ErrorCode, type FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { readMoneyInput, type MoneyInput } from "../money/money.type.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import { lockOpportunityForChange, moveStage, negotiationFacts, storedPrep } from "./opportunity.service.ts";
import { opportunities, type OpportunityRow } from "./opportunity.table.ts";

export const PAYMENT_TERMS_MAX_LENGTH = 2000;

/**
 * SOP-6.2 the preparation checklist, saved as the rep works on it. Once negotiation has started
 * the floor is frozen: raising it applies at once, lowering it waits for the manager's
 * approveContract. The floor never enters the audit trail, which analysts read.
 */
export async function saveNegotiationPrep(db: Database, actor: Actor, opportunityId: string, input: unknown): Promise<OpportunityRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, opportunityId, "opportunityId");
    if (opportunity.stage === "WON" || opportunity.stage === "LOST") {
      throw new AppError(ErrorCode.INVALID_TRANSITION, `The opportunity is ${opportunity.stage}; there is nothing left to prepare`, [
        { field: "opportunityId", message: `is ${opportunity.stage}` },
      ]);
    }
    const prep = validateNegotiationPrep(input, { currency: opportunity.currency });
    if (!prep.ok) throw AppError.badInput(fieldProblems(prep.error, "input"));
    const floor = prep.value.priceFloor?.amountMinor ?? null;
    const frozen = opportunity.frozenFloorMinor;
    const floorChanges =
      frozen === null || floor === null ? {} : floor < frozen ? { pendingFloorMinor: floor } : { frozenFloorMinor: floor, pendingFloorMinor: null };
    const saved = await saveOpportunity(tx, actor, opportunity, { negotiationPrep: withMoneyAsJson(prep.value), ...floorChanges });
    await audit(tx, actor, opportunity, "NEGOTIATION_PREP_SAVED", {
      gaps: checklistGaps(prep.value),
      floorLoweringAwaitsApproval: "pendingFloorMinor" in floorChanges && floorChanges.pendingFloorMinor !== null,
    });
    return saved;
  });
}

/**
 * SOP-6.1/6.2 negotiation starts from an approved proposal and a completed checklist; the price
 * floor is frozen from then on.
 */
export async function startNegotiation(db: Database, actor: Actor, opportunityId: string): Promise<OpportunityRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, opportunityId, "opportunityId");
    const moved = await moveStage(tx, actor, opportunity, "NEGOTIATION", {}, await negotiationFacts(tx, opportunity));
    // A complete checklist has a floor (checklistGaps), so there is one to freeze.
    return saveOpportunity(tx, actor, moved, { frozenFloorMinor: storedPrep(opportunity)!.priceFloor!.amountMinor, pendingFloorMinor: null });
  });
}

/**
 * SOP-6.3 the signed contract. At or above the frozen floor the opportunity is WON; below it the
 * contract is recorded and waits for the manager's approveContract.
 */
export async function recordContract(
  db: Database,
  actor: Actor,
  opportunityId: string,
  input: { amount: MoneyInput; signedOn: string; paymentTerms: string },
): Promise<OpportunityRow> {
  const problems: FieldProblem[] = [];
  const amount = readMoneyInput(input.amount, "amount", problems);
  const paymentTerms = input.paymentTerms.trim();
  if (paymentTerms === "" || [...paymentTerms].length > PAYMENT_TERMS_MAX_LENGTH) {
    problems.push({ field: "paymentTerms", message: `must be 1 to ${PAYMENT_TERMS_MAX_LENGTH} characters` });
  }
  if (problems.length > 0 || !amount) throw AppError.badInput(problems);
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, opportunityId, "opportunityId");
    const rules = await loadTeamRules(tx, opportunity.teamId);
    const late: FieldProblem[] = [];
    if (amount.currency !== opportunity.currency) late.push({ field: "amount.currency", message: `must be ${opportunity.currency}, the opportunity's currency` });
    if (input.signedOn > localDate(rules.calendar, actor.now)) late.push({ field: "signedOn", message: "cannot be in the future" });
    if (late.length > 0) throw AppError.badInput(late);
    if (opportunity.stage !== "NEGOTIATION") {
      // The same refusal a direct move to WON gets, naming the allowed stages.
      await moveStage(tx, actor, opportunity, "WON");
    }
    const floor: Money | null = opportunity.frozenFloorMinor === null ? null : { amountMinor: opportunity.frozenFloorMinor, currency: opportunity.currency };
    const saved = await saveOpportunity(tx, actor, opportunity, {
      contractAmountMinor: amount.amountMinor,
      contractSignedOn: input.signedOn,
      contractPaymentTerms: paymentTerms,
      contractApprovedById: null,
    });
    const needsApproval = floor !== null && contractNeedsApproval({ amount, floor });
    await audit(tx, actor, opportunity, "CONTRACT_RECORDED", {
      amount: { amount: String(amount.amountMinor), currency: amount.currency },
      signedOn: input.signedOn,
      needsApproval,
    });
    return needsApproval ? saved : moveStage(tx, actor, saved, "WON");
  });
}

/**
 * SOP-6.3 the manager approves what waits below the floor: a lowered floor, and a contract
 * signed below it (which then wins the opportunity).
 */
export async function approveContract(db: Database, actor: Actor, opportunityId: string): Promise<OpportunityRow> {
  return db.transaction(async (tx) => {
    const opportunity = await lockOpportunityForChange(tx, actor, opportunityId, "opportunityId");
    const floorWaits = opportunity.pendingFloorMinor !== null;
    const contractWaits = opportunity.stage === "NEGOTIATION" && opportunity.contractAmountMinor !== null;
    if (!floorWaits && !contractWaits) throw AppError.conflict("Nothing on this opportunity waits for approval", "opportunityId");
    let saved = await saveOpportunity(tx, actor, opportunity, {
      ...(floorWaits && { frozenFloorMinor: opportunity.pendingFloorMinor, pendingFloorMinor: null }),
      ...(contractWaits && { contractApprovedById: actor.user.id }),
    });
    await audit(tx, actor, opportunity, "BELOW_FLOOR_APPROVED", { floorLowered: floorWaits, contract: contractWaits });
    if (contractWaits) saved = await moveStage(tx, actor, saved, "WON");
    return saved;
  });
}

/** Whether a recorded contract is below the frozen floor and not yet approved. */
export function contractAwaitsApproval(opportunity: OpportunityRow): boolean {
  if (opportunity.stage !== "NEGOTIATION" || opportunity.contractAmountMinor === null || opportunity.frozenFloorMinor === null) return false;
  return contractNeedsApproval({
    amount: { amountMinor: opportunity.contractAmountMinor, currency: opportunity.currency },
    floor: { amountMinor: opportunity.frozenFloorMinor, currency: opportunity.currency },
  });
}

async function saveOpportunity(
  tx: Transaction,
  actor: Actor,
  opportunity: OpportunityRow,
  changes: Partial<typeof opportunities.$inferInsert>,
): Promise<OpportunityRow> {
  const [saved] = await tx
    .update(opportunities)
    .set({ ...changes, version: opportunity.version + 1, updatedAt: actor.now })
    .where(eq(opportunities.id, opportunity.id))
    .returning();
  return saved!;
}

async function audit(tx: Transaction, actor: Actor, opportunity: OpportunityRow, action: string, after: Record<string, unknown>) {
  await writeAudit(tx, actor, { entityType: "OPPORTUNITY", entityId: opportunity.id, leadId: opportunity.leadId, teamId: opportunity.teamId, action, after });
}
