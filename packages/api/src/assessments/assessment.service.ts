import { computeTier, DIMENSIONS, type Assessment } from "@sales/domain";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database } from "../db/database.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { idempotent } from "../idempotency/idempotent.ts";
import { lockLeadForChange } from "../leads/lead-access.ts";
import { changeTier } from "../leads/lead.service.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import type { AssessLeadInput } from "./assessment.input.ts";
import { leadAssessments } from "./assessment.table.ts";

export const ASSESSMENT_NOTE_MAX_LENGTH = 4000;
/** The largest budget accepted: well inside bigint and JavaScript's exact integers. */
export const MAX_BUDGET_MINOR_UNITS = 999_999_999_999_999n;

/**
 * SOP-2.1–2.6: records an assessment (all are kept), recomputes the tier, and re-plans the open
 * follow-ups when the tier in force changes. A manager's override stays in force; an
 * assessment that computes another tier flags it as disputed.
 */
export async function assessLead(
  db: Database,
  actor: Actor,
  leadId: string,
  input: AssessLeadInput,
  idempotencyKey?: string | null,
): Promise<{ leadId: string; assessmentId: string }> {
  const { assessment, budget, note } = validateAssessment(input);
  return db.transaction((tx) =>
    idempotent(tx, actor, { key: idempotencyKey, operation: "assessLead", arguments: { leadId, input } }, async () => {
      const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
      const rules = await loadTeamRules(tx, lead.teamId);
      const result = computeTier(assessment, rules.playbook);
      const [row] = await tx
        .insert(leadAssessments)
        .values({
          leadId: lead.id,
          assessedById: actor.user.id,
          ...assessment,
          budgetAmount: budget?.amount ?? null,
          budgetCurrency: budget?.currency ?? null,
          note,
          tier: result.tier,
          reasons: result.reasons,
          incomplete: result.incomplete,
          assessedAt: actor.now,
        })
        .returning({ id: leadAssessments.id });
      await writeAudit(tx, actor, {
        entityType: "ASSESSMENT",
        entityId: row!.id,
        leadId: lead.id,
        teamId: lead.teamId,
        action: "LEAD_ASSESSED",
        after: { ...assessment, tier: result.tier, incomplete: result.incomplete, reasons: result.reasons.map((r) => r.text) },
      });
      await changeTier(
        tx,
        actor,
        lead,
        {
          computedTier: result.tier,
          tier: lead.tierOverride ?? result.tier,
          tierOverrideDisputed: lead.tierOverride !== null && lead.tierOverride !== result.tier,
          assessmentIncomplete: result.incomplete,
          needsReassessment: false,
          status: lead.status === "NEW" ? "WORKING" : lead.status,
          firstAssessedAt: lead.firstAssessedAt ?? actor.now,
        },
        "TIER_RECOMPUTED",
      );
      return { leadId: lead.id, assessmentId: row!.id };
    }),
  );
}

function validateAssessment(input: AssessLeadInput): {
  assessment: Assessment;
  budget: { amount: bigint; currency: string } | null;
  note: string | null;
} {
  const problems: FieldProblem[] = [];
  const assessment = Object.fromEntries(DIMENSIONS.map((d) => [d, input[d] ?? "UNKNOWN"])) as unknown as Assessment;
  if (DIMENSIONS.every((d) => assessment[d] === "UNKNOWN")) {
    problems.push({ field: "input", message: "rate at least one of needUrgency, budget and decisionAuthority (SOP-2.1)" });
  }
  let budget: { amount: bigint; currency: string } | null = null;
  if (input.budgetAmount !== undefined && input.budgetAmount !== null) {
    const amount = /^\d{1,18}$/.test(input.budgetAmount) ? BigInt(input.budgetAmount) : null;
    if (amount === null || amount > MAX_BUDGET_MINOR_UNITS) {
      problems.push({ field: "input.budgetAmount", message: `must be a whole number of minor units from 0 to ${MAX_BUDGET_MINOR_UNITS}` });
    }
    const currency = (input.budgetCurrency ?? "CNY").toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) problems.push({ field: "input.budgetCurrency", message: "must be a three-letter ISO 4217 code" });
    if (amount !== null) budget = { amount, currency };
  } else if (input.budgetCurrency) {
    problems.push({ field: "input.budgetAmount", message: "is required when budgetCurrency is given" });
  }
  const note = input.note?.trim() || null;
  if (note && note.length > ASSESSMENT_NOTE_MAX_LENGTH) {
    problems.push({ field: "input.note", message: `must be at most ${ASSESSMENT_NOTE_MAX_LENGTH} characters` });
  }
  if (problems.length > 0) throw AppError.badInput(problems);
  return { assessment, budget, note };
}
