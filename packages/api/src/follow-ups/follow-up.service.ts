// SOP-3.1–3.5 working the follow-ups: completing a planned one, logging an unplanned contact,
// rescheduling. Each runs in one transaction with its audit events.
import {
  planAfterCompletion,
  type BuyingSignal,
  type CompletedFollowUp,
  type ContactChannel,
  type FollowUpOutcome,
  type InterestChange,
  type PlanAfterCompletion,
} from "@sales/domain";
import { and, eq, sql } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { canChange } from "../access/visibility.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database, Transaction } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { idempotent } from "../idempotency/idempotent.ts";
import { hasOpenOpportunity } from "../opportunities/opportunity.service.ts";
import { lockLeadForChange, saveLeadChanges, type LeadChanges } from "../leads/lead-access.ts";
import type { LeadRow } from "../leads/lead.table.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import { cancelOpenFollowUps, insertPlannedFollowUp, REMINDER_KINDS } from "./follow-up-plans.ts";
import { NOTE_MAX_LENGTH, RESCHEDULE_REASON_MAX_LENGTH } from "./follow-up.input.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

/** What a rep records about a contact (see ContactRecordInput). */
export interface ContactRecord {
  outcome: FollowUpOutcome;
  channelUsed?: ContactChannel | null;
  note?: string | null;
  interest?: InterestChange | null;
  signals?: readonly BuyingSignal[] | null;
  meetingAt?: Date | null;
  meetingChannel?: ContactChannel | null;
}

interface CheckedContact {
  outcome: FollowUpOutcome;
  channelUsed: ContactChannel | null;
  note: string | null;
  interest: InterestChange;
  signals: BuyingSignal[];
  meetingAt: Date | null;
  meetingChannel: ContactChannel | null;
}

export interface CompletionResult {
  completedId: string;
  nextId: string | null;
  leadId: string;
}

export interface ActivityResult {
  activityId: string;
  nextId: string | null;
  cancelledIds: string[];
  leadId: string;
}

/**
 * SOP-3.1–3.5 records what came of an open follow-up and plans the next one. NO_ANSWER plans a
 * retry and leaves the first-contact SLA open; any other outcome counts as contact. Exactly one
 * of two racing completions wins: the lead is locked, and the state change only applies to a
 * follow-up that is still OPEN (follow_ups_previous_key backs this up in the schema).
 */
export async function completeFollowUp(
  db: Database,
  actor: Actor,
  request: { id: string; input: ContactRecord; idempotencyKey?: string | null },
): Promise<CompletionResult> {
  const contact = checkContact(request.input);
  return db.transaction((tx) =>
    idempotent(tx, actor, { key: request.idempotencyKey, operation: "completeFollowUp", arguments: { id: request.id, input: request.input } }, async () => {
      const { followUp, lead } = await lockFollowUpForChange(tx, actor, request.id, "id");
      if (followUp.status !== "OPEN") throw notOpen(followUp, "id");
      const rules = await loadTeamRules(tx, lead.teamId);
      const completedAt = actor.now;
      const plan = planOrThrow(
        planAfterCompletion(
          completionOf(lead, followUp.kind, completedAt, contact, await hasOpenOpportunity(tx, lead.id)),
          rules.playbook,
          rules.calendar,
        ),
      );

      const channelUsed = contact.channelUsed ?? followUp.channel;
      const [completed] = await tx
        .update(followUps)
        .set({
          status: "DONE",
          completedAt,
          completedById: actor.user.id,
          outcome: contact.outcome,
          channelUsed,
          interest: contact.interest,
          signals: contact.signals,
          note: contact.note,
          version: sql`${followUps.version} + 1`,
          updatedAt: actor.now,
        })
        .where(and(eq(followUps.id, followUp.id), eq(followUps.status, "OPEN")))
        .returning();
      if (!completed) throw notOpen(followUp, "id");

      // An unanswered first contact is retried as a first contact under the deadline in force.
      const next = plan.next
        ? await insertPlannedFollowUp(tx, actor, lead, plan.next, {
            previousId: completed.id,
            slaDueAt: plan.next.kind === "FIRST_CONTACT" ? (lead.firstContactDueAt ?? followUp.slaDueAt) : null,
          })
        : null;
      await writeAudit(tx, actor, {
        entityType: "FOLLOW_UP",
        entityId: completed.id,
        leadId: lead.id,
        teamId: lead.teamId,
        action: "FOLLOW_UP_COMPLETED",
        before: { status: followUp.status },
        after: { status: completed.status, ...recordedContact(completed), nextFollowUpId: next?.id ?? null },
      });
      await saveContactOnLead(tx, actor, lead, plan, completedAt);
      return { completedId: completed.id, nextId: next?.id ?? null, leadId: lead.id };
    }),
  );
}

/**
 * SOP-3.5 an unplanned contact (a call, a WeChat chat…) is recorded as a done follow-up. When it
 * reached the customer it counts as the last completed follow-up: the lead's open first-contact,
 * cadence and nurture follow-ups are replaced by the one planned after it; booked meetings stay.
 * An unanswered attempt is only recorded. A contact logged after the fact that is older than the
 * lead's last contact still counts as contact, but does not re-plan what later contact planned.
 */
export async function logActivity(
  db: Database,
  actor: Actor,
  request: {
    leadId: string;
    input: ContactRecord & { channelUsed: ContactChannel; occurredAt?: Date | null };
    idempotencyKey?: string | null;
  },
): Promise<ActivityResult> {
  const contact = checkContact(request.input);
  const occurredAt = request.input.occurredAt ?? actor.now;
  if (occurredAt.getTime() > actor.now.getTime()) {
    throw AppError.badInput([{ field: "input.occurredAt", message: "cannot be in the future" }]);
  }
  return db.transaction((tx) =>
    idempotent(tx, actor, { key: request.idempotencyKey, operation: "logActivity", arguments: { leadId: request.leadId, input: request.input } }, async () => {
      const lead = await lockLeadForChange(tx, actor, request.leadId, "leadId");
      const rules = await loadTeamRules(tx, lead.teamId);
      // Planned even when unused, so a MEETING_BOOKED without its time is refused either way.
      const plan = planOrThrow(planAfterCompletion(
          completionOf(lead, "CADENCE", occurredAt, contact, await hasOpenOpportunity(tx, lead.id)),
          rules.playbook,
          rules.calendar,
        ));
      const reached = plan.firstContactSatisfied;
      const latest = reached && (lead.lastContactAt === null || occurredAt.getTime() >= lead.lastContactAt.getTime());

      const [activity] = await tx
        .insert(followUps)
        .values({
          leadId: lead.id,
          teamId: lead.teamId,
          ownerId: lead.ownerId,
          tier: lead.tier,
          kind: "CADENCE",
          channel: request.input.channelUsed,
          status: "DONE",
          dueAt: occurredAt,
          completedAt: occurredAt,
          completedById: actor.user.id,
          outcome: contact.outcome,
          channelUsed: request.input.channelUsed,
          interest: contact.interest,
          signals: contact.signals,
          note: contact.note,
          unplanned: true,
          createdAt: actor.now,
          updatedAt: actor.now,
        })
        .returning();
      await writeAudit(tx, actor, {
        entityType: "FOLLOW_UP",
        entityId: activity!.id,
        leadId: lead.id,
        teamId: lead.teamId,
        action: "ACTIVITY_LOGGED",
        after: { status: activity!.status, unplanned: true, ...recordedContact(activity!) },
      });

      // SOP-3.5 the contact replaces what was planned to reach the customer; booked meetings stay.
      const cancelled = latest
        ? await cancelOpenFollowUps(tx, actor, lead, { kinds: REMINDER_KINDS, reason: "replaced by a logged contact", activityId: activity!.id })
        : [];
      const next =
        latest && plan.next ? await insertPlannedFollowUp(tx, actor, lead, plan.next, { previousId: activity!.id }) : null;
      if (reached) await saveContactOnLead(tx, actor, lead, plan, occurredAt);
      return { activityId: activity!.id, nextId: next?.id ?? null, cancelledIds: cancelled, leadId: lead.id };
    }),
  );
}

/**
 * Moves an open follow-up to another time. Its SLA deadline, and the lead's first-contact
 * deadline, never move: the SLA is judged against the deadline in force when contact happened.
 */
export async function rescheduleFollowUp(
  db: Database,
  actor: Actor,
  request: { id: string; dueAt: Date; reason: string },
): Promise<string> {
  const reason = request.reason.trim();
  const problems: FieldProblem[] = [];
  if (Number.isNaN(request.dueAt.getTime()) || request.dueAt.getTime() < actor.now.getTime()) {
    problems.push({ field: "dueAt", message: "cannot be in the past" });
  }
  if (reason.length === 0 || [...reason].length > RESCHEDULE_REASON_MAX_LENGTH) {
    problems.push({ field: "reason", message: `must be 1 to ${RESCHEDULE_REASON_MAX_LENGTH} characters` });
  }
  if (problems.length > 0) throw AppError.badInput(problems);

  return db.transaction(async (tx) => {
    const { followUp, lead } = await lockFollowUpForChange(tx, actor, request.id, "id");
    if (followUp.status !== "OPEN") throw notOpen(followUp, "id");
    const [moved] = await tx
      .update(followUps)
      // An explicit time is not a business-day count, so it needs no holiday data.
      .set({ dueAt: request.dueAt, calendarCovered: true, version: sql`${followUps.version} + 1`, updatedAt: actor.now })
      .where(and(eq(followUps.id, followUp.id), eq(followUps.status, "OPEN")))
      .returning();
    if (!moved) throw notOpen(followUp, "id");
    await writeAudit(tx, actor, {
      entityType: "FOLLOW_UP",
      entityId: moved.id,
      leadId: lead.id,
      teamId: lead.teamId,
      action: "FOLLOW_UP_RESCHEDULED",
      before: { dueAt: followUp.dueAt },
      after: { dueAt: moved.dueAt, reason },
    });
    return moved.id;
  });
}

/** Checks the free-text and list parts of a contact record; the domain checks the meeting. */
function checkContact(input: ContactRecord): CheckedContact {
  const note = input.note?.trim() ? input.note : null;
  if (note !== null && [...note].length > NOTE_MAX_LENGTH) {
    throw AppError.badInput([{ field: "input.note", message: `must be at most ${NOTE_MAX_LENGTH} characters` }]);
  }
  return {
    outcome: input.outcome,
    channelUsed: input.channelUsed ?? null,
    note,
    interest: input.interest ?? "SAME",
    signals: [...new Set(input.signals ?? [])],
    meetingAt: input.meetingAt ?? null,
    meetingChannel: input.meetingChannel ?? null,
  };
}

function completionOf(
  lead: LeadRow,
  kind: CompletedFollowUp["kind"],
  completedAt: Date,
  contact: CheckedContact,
  hasOpenOpportunity: boolean,
): CompletedFollowUp {
  return {
    tier: lead.tier,
    completedAt,
    kind,
    outcome: contact.outcome,
    interest: contact.interest,
    meetingAt: contact.meetingAt,
    meetingChannel: contact.meetingChannel,
    hasOpenOpportunity,
  };
}

function planOrThrow(result: ReturnType<typeof planAfterCompletion>): PlanAfterCompletion {
  if (result.ok) return result.value;
  throw AppError.badInput([{ field: `input.${result.error.field}`, message: result.error.message }]);
}

/**
 * The follow-up and its lead, the lead locked for the rest of the transaction so changes to one
 * lead's follow-ups run one after the other. Not yours, or not there: NOT_FOUND naming `field`.
 */
async function lockFollowUpForChange(
  tx: Transaction,
  actor: Actor,
  id: string,
  field: string,
): Promise<{ followUp: FollowUpRow; lead: LeadRow }> {
  const [followUp] = isUuid(id) ? await tx.select().from(followUps).where(eq(followUps.id, id)) : [];
  if (!followUp || !canChange(actor.user, followUp)) throw AppError.notFound("Follow-up", field);
  const lead = await lockLeadForChange(tx, actor, followUp.leadId, field);
  return { followUp, lead };
}

function notOpen(followUp: FollowUpRow, field: string): AppError {
  return AppError.conflict(`This follow-up is no longer open (it is ${followUp.status === "OPEN" ? "DONE" : followUp.status})`, field);
}

function recordedContact(row: FollowUpRow) {
  return {
    outcome: row.outcome,
    channelUsed: row.channelUsed,
    interest: row.interest,
    signals: row.signals,
    note: row.note,
    completedAt: row.completedAt,
  };
}

/**
 * SOP-3.1–3.4 what a contact changes on the lead: the first and last contact when the customer
 * was reached, and the re-assessment flag when their interest rose.
 */
async function saveContactOnLead(tx: Transaction, actor: Actor, lead: LeadRow, plan: PlanAfterCompletion, at: Date): Promise<void> {
  const changes: LeadChanges = {};
  if (plan.firstContactSatisfied) {
    if (lead.firstContactAt === null || at.getTime() < lead.firstContactAt.getTime()) changes.firstContactAt = at;
    if (lead.lastContactAt === null || at.getTime() > lead.lastContactAt.getTime()) changes.lastContactAt = at;
  }
  if (plan.reassessmentSuggested && !lead.needsReassessment) changes.needsReassessment = true;
  if (Object.keys(changes).length > 0) await saveLeadChanges(tx, actor, lead, changes, "LEAD_CONTACT_RECORDED");
}
