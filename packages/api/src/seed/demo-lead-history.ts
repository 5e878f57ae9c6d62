import {
  DEFAULT_PLAYBOOK,
  planAfterCompletion,
  planFirstContact,
  replanForTierChange,
  type BusinessCalendar,
  type BuyingSignal,
  type FollowUpOutcome,
  type InterestChange,
  type PlannedFollowUp,
  type Tier,
} from "@sales/domain";
import type { AuditEntityType } from "../audit/audit.ts";
import type { auditEvents } from "../audit/audit-event.table.ts";
import type { followUps } from "../follow-ups/follow-up.table.ts";
import { stableUuid } from "./random.ts";

export type FollowUpInsert = typeof followUps.$inferInsert;
export type AuditInsert = typeof auditEvents.$inferInsert;

export interface DemoLeadIdentity {
  index: number;
  id: string;
  teamId: string;
  ownerId: string;
  createdAt: Date;
}

export interface Completion {
  outcome: FollowUpOutcome;
  interest: InterestChange;
  signals?: BuyingSignal[];
  meetingAt?: Date | null;
  /** The rep opens an opportunity with this contact, so no cadence follow-up is planned (SOP-3.1). */
  opensOpportunity?: boolean;
}

/**
 * Replays a demo lead's life in time order the way the API's services would record it: the
 * follow-ups planned, re-planned and completed, every change as an audit event in the lead's
 * history, and the lead's contact columns as the services keep them. Rows go into the given
 * arrays; the lead row itself is written by the caller from `leadColumns()`.
 */
export class DemoLeadHistory {
  private readonly firstContactPlans = new Map<Tier, PlannedFollowUp & { slaDueAt: Date }>();
  private open: FollowUpInsert | null = null;
  private sequence = 0;
  private tier: Tier = "B";
  private firstContactDueAt: Date;
  private firstContactAt: Date | null = null;
  private lastContactAt: Date | null = null;
  private needsReassessment = false;
  private updatedAt: Date;
  private version = 1;

  private readonly lead: DemoLeadIdentity;
  private readonly out: { followUps: FollowUpInsert[]; audit: AuditInsert[] };
  private readonly calendar: BusinessCalendar;

  constructor(lead: DemoLeadIdentity, out: { followUps: FollowUpInsert[]; audit: AuditInsert[] }, calendar: BusinessCalendar) {
    this.lead = lead;
    this.out = out;
    this.calendar = calendar;
    this.updatedAt = lead.createdAt;
    this.firstContactDueAt = this.firstContactPlan("B").slaDueAt;
  }

  /**
   * SOP-3.1–3.3 the first contact of a lead of `tier` captured when this one was; its deadline
   * counts from capture, so it is the same whenever it is asked for.
   */
  firstContactPlan(tier: Tier): PlannedFollowUp & { slaDueAt: Date } {
    let plan = this.firstContactPlans.get(tier);
    if (!plan) {
      plan = planFirstContact({ capturedAt: this.lead.createdAt, tier }, DEFAULT_PLAYBOOK, this.calendar);
      this.firstContactPlans.set(tier, plan);
    }
    return plan;
  }

  /** SOP-1.3 the lead enters the system unassessed, so its first contact is planned as tier B (issue 3). */
  capture(after: Record<string, unknown>): void {
    this.audit(this.lead.createdAt, "LEAD", this.lead.id, "LEAD_CAPTURED", null, after);
    this.plan(this.lead.createdAt, this.firstContactPlan("B"), null);
  }

  /**
   * SOP-2.6/3.4 an assessment or a manager's override sets the tier; the open follow-up is
   * re-planned under it, and while the customer has not been reached the first-contact
   * deadline in force moves with the tier.
   */
  changeTier(
    at: Date,
    tier: Tier,
    event: { entityType: AuditEntityType; entityId: string; action: string; actorId: string; before: Record<string, unknown>; after: Record<string, unknown> },
    options: { assessed: boolean },
  ): void {
    this.audit(at, event.entityType, event.entityId, event.action, event.before, event.after, event.actorId);
    this.touch(at);
    if (options.assessed) this.needsReassessment = false;
    if (tier === this.tier) return;
    this.tier = tier;
    if (!this.firstContactAt) this.firstContactDueAt = this.firstContactPlan(tier).slaDueAt;
    const open = this.open;
    if (!open) return;
    open.tier = tier;
    const [plan] = replanForTierChange(
      { newTier: tier, changedAt: at, capturedAt: this.lead.createdAt, lastContactAt: this.lastContactAt, open: [open] },
      DEFAULT_PLAYBOOK,
      this.calendar,
    );
    const slaDueAt = open.kind === "FIRST_CONTACT" ? this.firstContactDueAt : (open.slaDueAt ?? null);
    if (plan!.dueAt.getTime() === open.dueAt.getTime() && plan!.channel === open.channel && slaDueAt?.getTime() === open.slaDueAt?.getTime()) {
      return;
    }
    this.audit(
      at,
      "FOLLOW_UP",
      open.id!,
      "FOLLOW_UP_REPLANNED",
      { dueAt: open.dueAt, channel: open.channel, slaDueAt: open.slaDueAt ?? null },
      { dueAt: plan!.dueAt, channel: plan!.channel, slaDueAt, tier },
    );
    Object.assign(open, { dueAt: plan!.dueAt, channel: plan!.channel, calendarCovered: plan!.calendarCovered, slaDueAt });
    this.touchFollowUp(open, at);
  }

  /**
   * SOP-3.5 completes the open follow-up and plans the next one. Any outcome but NO_ANSWER
   * reaches the customer (first contact kept); raised interest flags a re-assessment (SOP-3.4).
   */
  complete(at: Date, completion: Completion): void {
    const done = this.open;
    if (!done) throw new Error(`Demo lead ${this.lead.index} has no open follow-up to complete`);
    Object.assign(done, {
      status: "DONE",
      completedAt: at,
      completedById: this.lead.ownerId,
      outcome: completion.outcome,
      channelUsed: done.channel,
      interest: completion.interest,
      signals: completion.signals ?? [],
    });
    this.touchFollowUp(done, at);
    this.audit(at, "FOLLOW_UP", done.id!, "FOLLOW_UP_COMPLETED", { status: "OPEN" }, {
      status: "DONE",
      outcome: completion.outcome,
      channelUsed: done.channel,
      interest: completion.interest,
      signals: completion.signals ?? [],
    });
    this.open = null;

    // As completeFollowUp does: only a contact that reached the customer counts (SOP-3.5).
    if (completion.outcome !== "NO_ANSWER") {
      this.lastContactAt = at;
      this.firstContactAt ??= at;
    }
    if (completion.interest === "RAISED") this.needsReassessment = true;
    this.touch(at);

    const next = planAfterCompletion(
      {
        tier: this.tier,
        completedAt: at,
        kind: done.kind,
        outcome: completion.outcome,
        interest: completion.interest,
        meetingAt: completion.meetingAt ?? null,
        hasOpenOpportunity: completion.opensOpportunity ?? false,
      },
      DEFAULT_PLAYBOOK,
      this.calendar,
    );
    if (!next.ok) throw new Error(`Demo follow-up plan failed: ${next.error.message}`);
    if (next.value.next) this.plan(at, next.value.next, done.id!);
  }

  /** A change of status (disqualified, converted); an open follow-up is cancelled with it. */
  changeStatus(at: Date, action: string, before: Record<string, unknown>, after: Record<string, unknown>): void {
    this.audit(at, "LEAD", this.lead.id, action, before, after);
    this.touch(at);
    const open = this.open;
    if (!open) return;
    open.status = "CANCELLED";
    this.touchFollowUp(open, at);
    this.audit(at, "FOLLOW_UP", open.id!, "FOLLOW_UP_CANCELLED", { status: "OPEN" }, { status: "CANCELLED" });
    this.open = null;
  }

  /** The columns the services keep on the lead itself. */
  leadColumns() {
    return {
      firstContactDueAt: this.firstContactDueAt,
      firstContactAt: this.firstContactAt,
      lastContactAt: this.lastContactAt,
      needsReassessment: this.needsReassessment,
      updatedAt: this.updatedAt,
      version: this.version,
    };
  }

  private plan(at: Date, planned: PlannedFollowUp, previousId: string | null): void {
    // A first contact, retried after no answer too, carries the first-contact deadline in force.
    const slaDueAt = planned.kind === "FIRST_CONTACT" ? this.firstContactDueAt : null;
    const row: FollowUpInsert = {
      id: stableUuid(`follow-up:${this.lead.index}:${this.sequence++}`),
      leadId: this.lead.id,
      teamId: this.lead.teamId,
      ownerId: this.lead.ownerId,
      tier: this.tier,
      kind: planned.kind,
      channel: planned.channel,
      status: "OPEN",
      dueAt: planned.dueAt,
      slaDueAt,
      calendarCovered: planned.calendarCovered,
      completedAt: null,
      completedById: null,
      outcome: null,
      channelUsed: null,
      interest: null,
      signals: [],
      previousId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.out.followUps.push(row);
    this.audit(at, "FOLLOW_UP", row.id!, "FOLLOW_UP_PLANNED", null, { kind: row.kind, channel: row.channel, dueAt: row.dueAt, slaDueAt });
    this.open = row;
  }

  private touch(at: Date): void {
    this.version += 1;
    if (at.getTime() > this.updatedAt.getTime()) this.updatedAt = at;
  }

  private touchFollowUp(row: FollowUpInsert, at: Date): void {
    row.version! += 1;
    row.updatedAt = at;
  }

  private audit(
    at: Date,
    entityType: AuditEntityType,
    entityId: string,
    action: string,
    before: Record<string, unknown> | null,
    after: Record<string, unknown> | null,
    actorId = this.lead.ownerId,
  ): void {
    this.out.audit.push({ teamId: this.lead.teamId, actorId, entityType, entityId, leadId: this.lead.id, action, before, after, at });
  }
}
