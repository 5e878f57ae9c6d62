import {
  BUYING_SIGNALS,
  CONTACT_CHANNELS,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATUSES,
  INTEREST_CHANGES,
  TIERS,
  type BuyingSignal,
} from "@sales/domain";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { allOf, createdAt, oneOf, primaryId, timestamptz, updatedAt } from "../db/columns.ts";
import { leads } from "../leads/lead.table.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

export const followUps = pgTable(
  "follow_ups",
  {
    id: primaryId(),
    leadId: uuid("lead_id").notNull().references(() => leads.id),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    /**
     * The tier whose cadence it was planned under (SOP-3.1–3.4): while open, the lead's tier now
     * (a tier change re-plans the open ones, and this with them); once done or cancelled, the
     * tier of the time. With `ownerId` (the lead's owner while open, whoever's queue it was in
     * once done), it is what the follow-up discipline report judges by, from one index.
     */
    tier: text("tier", { enum: TIERS }).notNull(),
    kind: text("kind", { enum: FOLLOW_UP_KINDS }).notNull(),
    channel: text("channel", { enum: CONTACT_CHANNELS }).notNull(),
    status: text("status", { enum: FOLLOW_UP_STATUSES }).notNull().default("OPEN"),
    dueAt: timestamptz("due_at").notNull(),
    /**
     * SOP-3.1–3.3 the first-contact deadline in force; rescheduling moves dueAt, never this.
     * Null for follow-ups that carry no SLA.
     */
    slaDueAt: timestamptz("sla_due_at"),
    /** False when the deadline was computed past the end of the team calendar's holiday data. */
    calendarCovered: boolean("calendar_covered").notNull().default(true),
    completedAt: timestamptz("completed_at"),
    completedById: uuid("completed_by_id").references(() => users.id),
    outcome: text("outcome", { enum: FOLLOW_UP_OUTCOMES }),
    channelUsed: text("channel_used", { enum: CONTACT_CHANNELS }),
    interest: text("interest", { enum: INTEREST_CHANGES }),
    signals: text("signals").array().$type<BuyingSignal[]>().notNull().default(sql`'{}'::text[]`),
    note: text("note"),
    /** Logged with logActivity: a contact nobody planned, recorded as already done. */
    unplanned: boolean("unplanned").notNull().default(false),
    /**
     * The completed follow-up this one was planned after. Unique, so a completion can never
     * plan two next follow-ups, even when two requests race.
     */
    previousId: uuid("previous_id")
      .unique("follow_ups_previous_key")
      .references((): AnyPgColumn => followUps.id),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf("follow_ups_tier_check", t.tier, TIERS),
    oneOf("follow_ups_kind_check", t.kind, FOLLOW_UP_KINDS),
    oneOf("follow_ups_channel_check", t.channel, CONTACT_CHANNELS),
    oneOf("follow_ups_status_check", t.status, FOLLOW_UP_STATUSES),
    oneOf("follow_ups_outcome_check", t.outcome, FOLLOW_UP_OUTCOMES),
    oneOf("follow_ups_channel_used_check", t.channelUsed, CONTACT_CHANNELS),
    oneOf("follow_ups_interest_check", t.interest, INTEREST_CHANGES),
    allOf("follow_ups_signals_check", t.signals, BUYING_SIGNALS),
    check(
      "follow_ups_done_check",
      sql`(${t.status} = 'DONE') = (${t.completedAt} is not null and ${t.outcome} is not null)`,
    ),
    // SOP-3.6 "my open follow-ups by due date": the rep's queue.
    index("follow_ups_owner_open_due_idx").on(t.ownerId, t.dueAt).where(sql`${t.status} = 'OPEN'`),
    // A manager's view of the team's queues, and what is overdue now per rep and tier (issue 9 report 7).
    index("follow_ups_team_open_due_idx").on(t.teamId, t.dueAt, t.ownerId, t.tier, t.unplanned).where(sql`${t.status} = 'OPEN'`),
    index("follow_ups_lead_idx").on(t.leadId, t.status),
    // Planned follow-ups (not cancelled) due in a team's report period, with what the follow-up
    // discipline report judges them by, read from the index alone (issue 9 report 7).
    index("follow_ups_team_judged_due_idx")
      .on(t.teamId, t.dueAt, t.ownerId, t.tier, t.status, t.completedAt)
      .where(sql`${t.status} <> 'CANCELLED' and not ${t.unplanned}`),
    index("follow_ups_team_sla_idx").on(t.teamId, t.slaDueAt).where(sql`${t.slaDueAt} is not null`),
  ],
);

export type FollowUpRow = typeof followUps.$inferSelect;
