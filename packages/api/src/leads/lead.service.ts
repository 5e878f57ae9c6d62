import { FOLLOW_UP_KINDS, localDate, planCadence, planFirstContact, validateTierOverride, type Tier } from "@sales/domain";
import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { leadAssessments } from "../assessments/assessment.table.ts";
import { auditEvents } from "../audit/audit-event.table.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database, Transaction } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { CADENCE_FOLLOW_UP_KINDS, cancelOpenFollowUps, insertPlannedFollowUp, REMINDER_KINDS, replanOpenFollowUps } from "../follow-ups/follow-up-plans.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { idempotent } from "../idempotency/idempotent.ts";
import { handOverOpenOpportunities, moveOpportunitiesToKeptLead } from "../opportunities/opportunity.service.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { findDuplicates, lockDuplicateKeys, type DuplicateMatch } from "./duplicate-detection.ts";
import { lockLeadForChange, saveLeadChanges, type LeadChanges } from "./lead-access.ts";
import { createLeads, type NewLead } from "./lead-creation.ts";
import { normalizeLeadFields, type LeadFieldValues } from "./lead-fields.ts";
import { leadDuplicates } from "./lead-duplicate.table.ts";
import { leads, type LeadRow } from "./lead.table.ts";

export const REASON_MAX_LENGTH = 1000;

export type CaptureOutcome = { leadId: string; duplicates: DuplicateMatch[] } | { leadId: null; duplicates: DuplicateMatch[] };

/**
 * SOP-1.3/1.4: a new lead, unless it looks like one the team already has — then the matches
 * come back instead and nothing is written, until the caller says `force`. The SLA clock
 * starts now, whatever date the lead was collected on.
 */
export async function captureLead(
  db: Database,
  actor: Actor,
  input: LeadFieldValues & { ownerId?: string | null },
  options: { force: boolean; idempotencyKey?: string | null },
): Promise<CaptureOutcome> {
  return db.transaction((tx) =>
    idempotent(tx, actor, { key: options.idempotencyKey, operation: "captureLead", arguments: { input, force: options.force } }, async () => {
      const owner = await resolveOwner(tx, actor, input.ownerId ?? null, "input.ownerId");
      const rules = await loadTeamRules(tx, owner.teamId!);
      const fields = validated(normalizeLeadFields(input, { prefix: "input", today: localDate(rules.calendar, actor.now) }));
      // A concurrent capture of the same customer waits here, then finds this one's lead.
      await lockDuplicateKeys(tx, owner.teamId!, [fields]);
      const duplicates = await findDuplicates(tx, owner.teamId!, fields);
      if (duplicates.length > 0 && !options.force) return { leadId: null, duplicates };
      const [leadId] = await createLeads(tx, actor, [{ ...(fields as NewLead), ownerId: owner.id, teamId: owner.teamId! }], rules);
      await recordPossibleDuplicates(tx, leadId!, duplicates);
      return { leadId: leadId!, duplicates };
    }),
  );
}

export async function recordPossibleDuplicates(tx: Transaction, leadId: string, duplicates: readonly DuplicateMatch[]): Promise<void> {
  if (duplicates.length === 0) return;
  await tx
    .insert(leadDuplicates)
    .values(duplicates.map((match) => ({ leadId, duplicateOfId: match.leadId, reasons: match.reasons })))
    .onConflictDoNothing();
}

/** `updateLead`: a stale `expectedVersion` means someone else changed the lead first. */
export async function updateLead(
  db: Database,
  actor: Actor,
  leadId: string,
  input: LeadFieldValues,
  expectedVersion: number,
): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "id");
    if (lead.version !== expectedVersion) {
      throw AppError.conflict(`The lead was changed by someone else (now version ${lead.version}); reload it and try again`, "expectedVersion");
    }
    const rules = await loadTeamRules(tx, lead.teamId);
    const fields = validated(normalizeLeadFields(input, { prefix: "input", current: lead, today: localDate(rules.calendar, actor.now) }));
    return saveLeadChanges(tx, actor, lead, fields, "LEAD_UPDATED");
  });
}

/** A disqualified lead leaves every queue: its open follow-ups are cancelled. */
export async function disqualifyLead(db: Database, actor: Actor, leadId: string, reason: string): Promise<LeadRow> {
  const text = requiredText(reason, "reason");
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "id");
    if (lead.status === "DISQUALIFIED" || lead.status === "CONVERTED") {
      throw new AppError(ErrorCode.INVALID_TRANSITION, `A ${lead.status} lead cannot be disqualified; allowed from NEW or WORKING`, [
        { field: "id", message: `is ${lead.status}` },
      ]);
    }
    await cancelOpenFollowUps(tx, actor, lead, { kinds: FOLLOW_UP_KINDS, reason: "lead disqualified" });
    return saveLeadChanges(tx, actor, lead, { status: "DISQUALIFIED", disqualifiedReason: text }, "LEAD_DISQUALIFIED");
  });
}

/**
 * Brings a disqualified lead back into the pipeline with a follow-up: a first contact when the
 * customer was never reached (the original SLA deadline stays, already missed or not), else the
 * tier's cadence from today.
 */
export async function reopenLead(db: Database, actor: Actor, leadId: string): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "id");
    if (lead.status !== "DISQUALIFIED") {
      throw new AppError(ErrorCode.INVALID_TRANSITION, `Only a DISQUALIFIED lead can be reopened; this one is ${lead.status}`, [
        { field: "id", message: `is ${lead.status}` },
      ]);
    }
    const rules = await loadTeamRules(tx, lead.teamId);
    const [assessed] = await tx.select({ id: leadAssessments.id }).from(leadAssessments).where(eq(leadAssessments.leadId, lead.id)).limit(1);
    if (lead.firstContactAt) {
      await insertPlannedFollowUp(tx, actor, lead, planCadence(rules.playbook, lead.tier, actor.now, rules.calendar));
    } else {
      const planned = planFirstContact({ capturedAt: actor.now, tier: lead.tier }, rules.playbook, rules.calendar);
      await insertPlannedFollowUp(tx, actor, lead, planned, { slaDueAt: lead.firstContactDueAt });
    }
    return saveLeadChanges(tx, actor, lead, { status: assessed ? "WORKING" : "NEW", disqualifiedReason: null }, "LEAD_REOPENED");
  });
}

/** SOP-2.6 a manager's tier, in force until cleared; the open follow-ups follow the new tier. */
export async function overrideTier(db: Database, actor: Actor, leadId: string, tier: Tier, reason: string): Promise<LeadRow> {
  const override = validateTierOverride({ tier, reason });
  if (!override.ok) throw AppError.badInput(fieldProblems(override.error, ""));
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
    return changeTier(tx, actor, lead, {
      tier: override.value.tier,
      tierOverride: override.value.tier,
      tierOverrideReason: override.value.reason,
      tierOverrideDisputed: false,
    }, "TIER_OVERRIDDEN");
  });
}

export async function clearTierOverride(db: Database, actor: Actor, leadId: string): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
    if (!lead.tierOverride) throw AppError.conflict("This lead's tier is not overridden", "leadId");
    return changeTier(tx, actor, lead, { tier: lead.computedTier, tierOverride: null, tierOverrideReason: null, tierOverrideDisputed: false }, "TIER_OVERRIDE_CLEARED");
  });
}

/** Saves a change that may move the tier in force, re-planning open follow-ups when it does (SOP-3.4). */
export async function changeTier(
  tx: Transaction,
  actor: Actor,
  lead: LeadRow,
  changes: LeadChanges,
  action: string,
): Promise<LeadRow> {
  const newTier = changes.tier ?? lead.tier;
  let firstContactDueAt = lead.firstContactDueAt;
  if (newTier !== lead.tier) {
    const rules = await loadTeamRules(tx, lead.teamId);
    ({ firstContactDueAt } = await replanOpenFollowUps(tx, actor, lead, newTier, rules));
  }
  return saveLeadChanges(tx, actor, lead, { ...changes, firstContactDueAt }, action);
}

/** Managers only: the lead and its open follow-ups (deadlines unchanged) move to another member of the team. */
export async function assignLead(db: Database, actor: Actor, leadId: string, ownerId: string): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
    const owner = await teamMember(tx, lead.teamId, ownerId, "ownerId", { mustBeActive: true });
    if (owner.id === lead.ownerId) return lead;
    await tx
      .update(followUps)
      .set({ ownerId: owner.id, updatedAt: actor.now })
      .where(and(eq(followUps.leadId, lead.id), eq(followUps.status, "OPEN")));
    await handOverOpenOpportunities(tx, actor, { leadId: lead.id }, owner.id);
    return saveLeadChanges(tx, actor, lead, { ownerId: owner.id }, "LEAD_ASSIGNED");
  });
}

/**
 * Managers only, e.g. when a rep leaves: every lead of `fromUserId` in the manager's team moves
 * to `toUserId` with its open follow-ups, deadlines unchanged, and its open opportunity. One
 * history entry per lead and per opportunity moved.
 */
export async function reassignLeads(db: Database, actor: Actor, fromUserId: string, toUserId: string): Promise<number> {
  return db.transaction(async (tx) => {
    const teamId = actor.user.teamId!;
    const from = await teamMember(tx, teamId, fromUserId, "fromUserId", { mustBeActive: false });
    const to = await teamMember(tx, teamId, toUserId, "toUserId", { mustBeActive: true });
    if (from.id === to.id) throw AppError.badInput([{ field: "toUserId", message: "is the same user as fromUserId" }]);
    const moved = await tx
      .update(leads)
      .set({ ownerId: to.id, updatedAt: actor.now, version: sql`${leads.version} + 1` })
      .where(and(eq(leads.ownerId, from.id), eq(leads.teamId, teamId), isNull(leads.mergedIntoId)))
      .returning({ id: leads.id });
    if (moved.length === 0) return 0;
    await tx
      .update(followUps)
      .set({ ownerId: to.id, updatedAt: actor.now })
      .where(and(eq(followUps.ownerId, from.id), eq(followUps.teamId, teamId), eq(followUps.status, "OPEN")));
    await handOverOpenOpportunities(tx, actor, { ownerId: from.id, teamId }, to.id);
    await writeAudit(
      tx,
      actor,
      moved.map((row) => ({
        entityType: "LEAD" as const,
        entityId: row.id,
        leadId: row.id,
        teamId,
        action: "LEAD_ASSIGNED",
        before: { ownerId: from.id },
        after: { ownerId: to.id },
      })),
    );
    return moved.length;
  });
}

/**
 * SOP-1.4 two leads are one customer: history, follow-ups and assessments move to `keepId`,
 * whose empty fields are filled from the other; the merged lead stays as a tombstone pointing
 * at the kept one. Open follow-ups of the merged lead are cancelled (the kept lead has its own
 * plan), except booked meetings, which move with it; its opportunities move too.
 */
export async function mergeLeads(db: Database, actor: Actor, keepId: string, mergeId: string): Promise<LeadRow> {
  if (keepId === mergeId) throw AppError.badInput([{ field: "mergeId", message: "is the same lead as keepId" }]);
  return db.transaction(async (tx) => {
    // Lock in id order, so two merges of the same pair cannot deadlock.
    const [first, second] = keepId < mergeId ? [keepId, mergeId] : [mergeId, keepId];
    const locked = new Map<string, LeadRow>();
    for (const id of [first, second]) locked.set(id, await lockLeadForChange(tx, actor, id, id === keepId ? "keepId" : "mergeId"));
    const keep = locked.get(keepId)!;
    const merged = locked.get(mergeId)!;
    if (keep.teamId !== merged.teamId) throw AppError.badInput([{ field: "mergeId", message: "belongs to another team" }]);

    const gainsOpenOpportunity = await moveOpportunitiesToKeptLead(tx, actor, merged, keep);
    await cancelOpenFollowUps(tx, actor, merged, { kinds: REMINDER_KINDS, reason: "merged into another lead" });
    // SOP-3.1 the kept lead is now in the pipeline, so its cadence stops as on openOpportunity.
    if (gainsOpenOpportunity) await cancelOpenFollowUps(tx, actor, keep, { kinds: CADENCE_FOLLOW_UP_KINDS, reason: "an opportunity was opened" });
    // What stays open (booked meetings) is the kept lead's work now, of its owner and tier.
    await tx
      .update(followUps)
      .set({ leadId: keep.id, ownerId: keep.ownerId, tier: sql`case when ${followUps.status} = 'OPEN' then ${keep.tier} else ${followUps.tier} end`, updatedAt: actor.now })
      .where(eq(followUps.leadId, merged.id));
    await tx.update(leadAssessments).set({ leadId: keep.id }).where(eq(leadAssessments.leadId, merged.id));
    await tx.update(auditEvents).set({ leadId: keep.id }).where(eq(auditEvents.leadId, merged.id));
    await tx
      .update(leadDuplicates)
      .set({ dismissedAt: actor.now, dismissedById: actor.user.id })
      .where(
        or(
          and(eq(leadDuplicates.leadId, keep.id), eq(leadDuplicates.duplicateOfId, merged.id)),
          and(eq(leadDuplicates.leadId, merged.id), eq(leadDuplicates.duplicateOfId, keep.id)),
        ),
      );

    // Its assessments are the kept lead's now, and so is its first assessment.
    await saveLeadChanges(tx, actor, merged, { mergedIntoId: keep.id, firstAssessedAt: null }, "LEAD_MERGED_INTO");
    // SOP-2.6 the latest assessment decides, wherever it was recorded.
    const [latest] = await tx
      .select()
      .from(leadAssessments)
      .where(eq(leadAssessments.leadId, keep.id))
      .orderBy(desc(leadAssessments.assessedAt), desc(leadAssessments.sequence))
      .limit(1);
    const assessed: LeadChanges = latest
      ? {
          computedTier: latest.tier,
          assessmentIncomplete: latest.incomplete,
          tier: keep.tierOverride ?? latest.tier,
          status: keep.status === "NEW" ? "WORKING" : keep.status,
        }
      : {};
    const converted: LeadChanges = gainsOpenOpportunity ? { status: "CONVERTED" } : {};
    return changeTier(tx, actor, keep, { ...fillEmptyFields(keep, merged), ...mergedTimes(keep, merged), ...assessed, ...converted }, "LEAD_MERGED");
  });
}

/** Marks a recorded possible duplicate as not the same customer; it is not suggested again. */
export async function dismissDuplicate(db: Database, actor: Actor, leadId: string, duplicateOfId: string): Promise<LeadRow> {
  return db.transaction(async (tx) => {
    const lead = await lockLeadForChange(tx, actor, leadId, "leadId");
    const pair = isUuid(duplicateOfId)
      ? await tx
          .update(leadDuplicates)
          .set({ dismissedAt: actor.now, dismissedById: actor.user.id })
          .where(
            and(
              isNull(leadDuplicates.dismissedAt),
              or(
                and(eq(leadDuplicates.leadId, lead.id), eq(leadDuplicates.duplicateOfId, duplicateOfId)),
                and(eq(leadDuplicates.leadId, duplicateOfId), eq(leadDuplicates.duplicateOfId, lead.id)),
              ),
            ),
          )
          .returning()
      : [];
    if (pair.length === 0) throw AppError.notFound("Possible duplicate", "duplicateOfId");
    await writeAudit(tx, actor, {
      entityType: "LEAD",
      entityId: lead.id,
      leadId: lead.id,
      teamId: lead.teamId,
      action: "DUPLICATE_DISMISSED",
      after: { duplicateOfId },
    });
    return lead;
  });
}

/**
 * Who owns a new lead: a rep owns what they capture; a manager may name a member of their team
 * (themselves by default).
 */
export async function resolveOwner(tx: Transaction, actor: Actor, ownerId: string | null, field: string): Promise<UserRow> {
  if (ownerId === null || ownerId === actor.user.id) return actor.user;
  if (actor.user.role !== "MANAGER") throw AppError.forbidden("Only a manager may capture a lead for someone else", field);
  return teamMember(tx, actor.user.teamId!, ownerId, field, { mustBeActive: true });
}

async function teamMember(tx: Transaction, teamId: string, userId: string, field: string, options: { mustBeActive: boolean }): Promise<UserRow> {
  const [user] = isUuid(userId)
    ? await tx
        .select()
        .from(users)
        .where(and(eq(users.id, userId), eq(users.teamId, teamId), inArray(users.role, ["REP", "MANAGER"])))
    : [];
  if (!user) throw AppError.notFound("Team member", field);
  if (options.mustBeActive && !user.active) throw AppError.badInput([{ field, message: "is a deactivated user" }]);
  return user;
}

function validated<T>(result: { ok: true; value: T } | { ok: false; error: { field: string; message: string }[] }): T {
  if (!result.ok) throw AppError.badInput(result.error);
  return result.value;
}

function requiredText(value: string, field: string): string {
  const text = value.trim();
  if (text === "" || text.length > REASON_MAX_LENGTH) throw AppError.badInput([{ field, message: `must be 1 to ${REASON_MAX_LENGTH} characters` }]);
  return text;
}

const FILLABLE_FIELDS = [
  "contactTitle", "phone", "email", "wechatId", "companySize", "businessScope", "currentProduct",
  "province", "city", "creditCode", "sourceDetail", "referredBy", "collectedOn",
  "emailKey", "phoneKey", "creditCodeKey",
] as const satisfies readonly (keyof LeadRow)[];

function fillEmptyFields(keep: LeadRow, merged: LeadRow): LeadChanges {
  const filled: Record<string, unknown> = {};
  for (const field of FILLABLE_FIELDS) {
    if (keep[field] === null && merged[field] !== null) filled[field] = merged[field];
  }
  return filled as LeadChanges;
}

function mergedTimes(keep: LeadRow, merged: LeadRow): LeadChanges {
  const earliest = (a: Date | null, b: Date | null) => (a && b ? (a < b ? a : b) : (a ?? b));
  const latest = (a: Date | null, b: Date | null) => (a && b ? (a > b ? a : b) : (a ?? b));
  return {
    firstContactAt: earliest(keep.firstContactAt, merged.firstContactAt),
    lastContactAt: latest(keep.lastContactAt, merged.lastContactAt),
    // The assessments moved to the kept lead, so it was first assessed when either was.
    firstAssessedAt: earliest(keep.firstAssessedAt, merged.firstAssessedAt),
  };
}
