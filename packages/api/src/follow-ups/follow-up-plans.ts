import { planFirstContact, replanForTierChange, type FollowUpKind, type PlannedFollowUp, type Tier } from "@sales/domain";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Transaction } from "../db/database.ts";
import type { LeadRow } from "../leads/lead.table.ts";
import type { TeamRules } from "../teams/team-rules.ts";
import { followUps, type FollowUpRow } from "./follow-up.table.ts";

/** Writes a follow-up the domain planned, with its audit event in the lead's history. */
export async function insertPlannedFollowUp(
  tx: Transaction,
  actor: Actor,
  lead: Pick<LeadRow, "id" | "teamId" | "ownerId" | "tier">,
  planned: PlannedFollowUp,
  extra: { slaDueAt?: Date | null; previousId?: string | null } = {},
): Promise<FollowUpRow> {
  const [row] = await tx
    .insert(followUps)
    .values({
      leadId: lead.id,
      teamId: lead.teamId,
      ownerId: lead.ownerId,
      tier: lead.tier,
      kind: planned.kind,
      channel: planned.channel,
      dueAt: planned.dueAt,
      calendarCovered: planned.calendarCovered,
      slaDueAt: extra.slaDueAt ?? null,
      previousId: extra.previousId ?? null,
      createdAt: actor.now,
      updatedAt: actor.now,
    })
    .returning();
  await writeAudit(tx, actor, {
    entityType: "FOLLOW_UP",
    entityId: row!.id,
    leadId: lead.id,
    teamId: lead.teamId,
    action: "FOLLOW_UP_PLANNED",
    after: { kind: row!.kind, channel: row!.channel, dueAt: row!.dueAt, slaDueAt: row!.slaDueAt },
  });
  return row!;
}

/**
 * SOP-3.4 a tier change re-plans the lead's open follow-ups under the new tier. While the
 * customer has not been reached, the first-contact deadline in force moves with the tier; the
 * new deadline is returned so the caller stores it on the lead. A rescheduled follow-up is
 * re-planned too, but its SLA deadline only ever follows the tier, never the reschedule.
 */
export async function replanOpenFollowUps(
  tx: Transaction,
  actor: Actor,
  lead: LeadRow,
  newTier: Tier,
  rules: TeamRules,
): Promise<{ firstContactDueAt: Date | null }> {
  // Open follow-ups are the new tier's work now, whether or not their plan changes.
  await tx
    .update(followUps)
    .set({ tier: newTier })
    .where(and(eq(followUps.leadId, lead.id), eq(followUps.status, "OPEN")));
  const open = await tx
    .select()
    .from(followUps)
    .where(and(eq(followUps.leadId, lead.id), eq(followUps.status, "OPEN")))
    .orderBy(asc(followUps.dueAt), asc(followUps.id));
  const firstContactDueAt = lead.firstContactAt
    ? lead.firstContactDueAt
    : planFirstContact({ capturedAt: lead.createdAt, tier: newTier }, rules.playbook, rules.calendar).slaDueAt;
  const replanned = replanForTierChange(
    { newTier, changedAt: actor.now, capturedAt: lead.createdAt, lastContactAt: lead.lastContactAt, open },
    rules.playbook,
    rules.calendar,
  );
  for (const [index, followUp] of open.entries()) {
    const plan = replanned[index]!;
    const slaDueAt = followUp.kind === "FIRST_CONTACT" ? firstContactDueAt : followUp.slaDueAt;
    const unchanged =
      plan.kind === followUp.kind &&
      plan.dueAt.getTime() === followUp.dueAt.getTime() &&
      plan.channel === followUp.channel &&
      slaDueAt?.getTime() === followUp.slaDueAt?.getTime();
    if (unchanged) {
      continue;
    }
    await tx
      .update(followUps)
      .set({ kind: plan.kind, dueAt: plan.dueAt, channel: plan.channel, calendarCovered: plan.calendarCovered, slaDueAt, version: followUp.version + 1, updatedAt: actor.now })
      .where(eq(followUps.id, followUp.id));
    await writeAudit(tx, actor, {
      entityType: "FOLLOW_UP",
      entityId: followUp.id,
      leadId: lead.id,
      teamId: lead.teamId,
      action: "FOLLOW_UP_REPLANNED",
      before: { kind: followUp.kind, dueAt: followUp.dueAt, channel: followUp.channel, slaDueAt: followUp.slaDueAt },
      after: { kind: plan.kind, dueAt: plan.dueAt, channel: plan.channel, slaDueAt, tier: newTier },
    });
  }
  return { firstContactDueAt };
}

/** Everything still planned to reach the customer; a booked meeting is a date, not a reminder. */
export const REMINDER_KINDS: readonly FollowUpKind[] = ["FIRST_CONTACT", "CADENCE", "NURTURE"];
/** SOP-3.1 the recurring follow-ups that stop once an opportunity is open. */
export const CADENCE_FOLLOW_UP_KINDS: readonly FollowUpKind[] = ["CADENCE", "NURTURE"];

/** Cancels the lead's open follow-ups of `kinds`, each with an audit event giving the reason; returns their ids. */
export async function cancelOpenFollowUps(
  tx: Transaction,
  actor: Actor,
  lead: Pick<LeadRow, "id" | "teamId">,
  options: { kinds: readonly FollowUpKind[]; reason: string; activityId?: string },
): Promise<string[]> {
  const cancelled = await tx
    .update(followUps)
    .set({ status: "CANCELLED", version: sql`${followUps.version} + 1`, updatedAt: actor.now })
    .where(
      and(
        eq(followUps.leadId, lead.id),
        eq(followUps.status, "OPEN"),
        inArray(followUps.kind, [...options.kinds]),
      ),
    )
    .returning({ id: followUps.id, kind: followUps.kind, dueAt: followUps.dueAt });
  await writeAudit(
    tx,
    actor,
    cancelled.map((row) => ({
      entityType: "FOLLOW_UP" as const,
      entityId: row.id,
      leadId: lead.id,
      teamId: lead.teamId,
      action: "FOLLOW_UP_CANCELLED",
      before: { status: "OPEN", kind: row.kind, dueAt: row.dueAt },
      after: { status: "CANCELLED", reason: options.reason, ...(options.activityId && { activityId: options.activityId }) },
    })),
  );
  return cancelled.map((row) => row.id);
}
