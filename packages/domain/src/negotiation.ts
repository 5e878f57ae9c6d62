// SOP-6: preparation (6.1, 6.2) and outcome (6.3). The lowest acceptable price is never shown to
// the customer side; the API shows it to the owner and managers only.
import { compareMoney, readMoney, type CurrencyCode, type Money } from "./money.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { FieldErrorList, joinPath } from "./validation.ts";

export const NEGOTIATION_TEXT_MAX_LENGTH = 1_000;
export const NEGOTIATION_LIST_MAX_ITEMS = 50;
export const LOSS_NOTE_MAX_LENGTH = 2_000;

/** SOP-6.2: who decides on the customer's side. */
export interface DecisionMaker {
  name: string;
  title: string;
  /** Their part in the decision: "signs", "technical veto", "budget owner"... */
  role: string;
}

/** SOP-6.2 [playbook default]: the preparation checklist. */
export interface NegotiationPrep {
  goals: string[];
  /** The lowest acceptable price; null until the rep sets it. Frozen when negotiation starts. */
  priceFloor: Money | null;
  /** Concessions the rep may make alone. */
  repConcessions: string[];
  /** Concessions that need the manager. */
  managerConcessions: string[];
  decisionMakers: DecisionMaker[];
}

/**
 * Reads a preparation checklist from user input or its stored JSON; a checklist in progress may
 * leave anything empty (checklistGaps says what is left). With `currency`, a price floor in
 * another currency is CURRENCY_MISMATCH at `priceFloor.currency`.
 */
export function validateNegotiationPrep(input: unknown, options: { currency?: CurrencyCode } = {}): Result<NegotiationPrep, FieldError[]> {
  const errors = new FieldErrorList();
  const root = errors.requireRecord(input, "");
  if (!root) return err(errors.errors);
  const texts = (key: string) => errors.optionalTextList(root[key], key, NEGOTIATION_LIST_MAX_ITEMS, NEGOTIATION_TEXT_MAX_LENGTH);
  const floorInput = root["priceFloor"];
  const priceFloor = floorInput === undefined || floorInput === null ? null : readMoney(errors, floorInput, "priceFloor");
  if (priceFloor && options.currency && priceFloor.currency !== options.currency) {
    errors.add("priceFloor.currency", "CURRENCY_MISMATCH", `priceFloor.currency is ${priceFloor.currency} but the opportunity is in ${options.currency}`);
  }
  const prep: NegotiationPrep = {
    goals: texts("goals"),
    priceFloor,
    repConcessions: texts("repConcessions"),
    managerConcessions: texts("managerConcessions"),
    decisionMakers: errors.optionalList(root["decisionMakers"], "decisionMakers", NEGOTIATION_LIST_MAX_ITEMS, (item, path) => {
      const record = errors.requireRecord(item, path);
      if (!record) return null;
      const text = (key: string) => errors.optionalText(record[key], joinPath(path, key), NEGOTIATION_TEXT_MAX_LENGTH) ?? "";
      return { name: text("name"), title: text("title"), role: text("role") };
    }),
  };
  return errors.isEmpty ? ok(prep) : err(errors.errors);
}

const filled = (texts: readonly string[]) => texts.some((text) => text.trim() !== "");

/**
 * SOP-6.2: what the preparation checklist still lacks; empty means complete, and negotiation may
 * start (with an approved proposal). No checklist at all lacks everything.
 */
export function checklistGaps(prep: NegotiationPrep | null): string[] {
  const { goals = [], priceFloor = null, repConcessions = [], managerConcessions = [], decisionMakers = [] } = prep ?? {};
  const gaps: string[] = [];
  if (!filled(goals)) gaps.push("no goals");
  if (priceFloor === null) gaps.push("no price floor");
  if (!filled(repConcessions) && !filled(managerConcessions)) gaps.push("no concessions planned (neither the rep's own nor the manager's)");
  if (decisionMakers.length === 0) gaps.push("no decision makers");
  decisionMakers.forEach(({ name }, index) => {
    if (name.trim() === "") gaps.push(`decision maker ${index + 1} has no name`);
  });
  return gaps;
}

/** SOP-6.3 [playbook default]: why an opportunity was lost. */
export const LOSS_REASONS = ["PRICE", "COMPETITOR", "NO_BUDGET", "NO_DECISION", "TIMING", "REQUIREMENTS_CHANGED", "OTHER"] as const;
export type LossReason = (typeof LOSS_REASONS)[number];

export interface Loss {
  reason: LossReason;
  note: string;
}

/** SOP-6.3: a loss names a reason from the list; OTHER must say what in the note. */
export function validateLoss(input: { reason: unknown; note: unknown }): Result<Loss, FieldError[]> {
  const errors = new FieldErrorList();
  const reason = errors.requireOneOf(LOSS_REASONS, input.reason, "reason");
  const note = errors.optionalText(input.note, "note", LOSS_NOTE_MAX_LENGTH);
  if (reason === "OTHER" && note === "") errors.add("note", "REQUIRED", "a loss for an OTHER reason needs a note saying what it was");
  return reason && note !== null && errors.isEmpty ? ok({ reason, note }) : err(errors.errors);
}

/**
 * SOP-6.3: a contract below the frozen price floor needs the manager's approval (approveContract).
 * The amounts must share a currency (the API checks the contract's currency first); otherwise this throws.
 */
export function contractNeedsApproval({ amount, floor }: { amount: Money; floor: Money }): boolean {
  return compareMoney(amount, floor) < 0;
}

/**
 * SOP-6.3: once negotiation has started the floor is frozen, and lowering it needs the manager's
 * approval; raising it, or setting a first floor (`oldFloor` null), does not. Before negotiation
 * the rep edits the checklist freely, so call this only for an opportunity in NEGOTIATION.
 * A different currency throws (the API checks it first).
 */
export function floorChangeNeedsApproval(oldFloor: Money | null, newFloor: Money): boolean {
  return oldFloor !== null && compareMoney(newFloor, oldFloor) < 0;
}

