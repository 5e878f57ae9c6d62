import { CURRENCY_CODES, LOSS_REASONS, PIPELINE_STAGES, REACHABLE_STAGES, type BuyingSignal, type MoneyAsJson, type NegotiationPrep } from "@sales/domain";
import { sql } from "drizzle-orm";
import { bigint, bigserial, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from "../db/columns.ts";
import { leads } from "../leads/lead.table.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

/** SOP-4.3 a lead in the pipeline: what the rep expects to sell, and where it stands. */
export const opportunities = pgTable(
  "opportunities",
  {
    id: primaryId(),
    leadId: uuid("lead_id").notNull().references(() => leads.id),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    name: text("name").notNull(),
    /** Minor units (fen, cents) of `currency`. */
    estimatedValueMinor: bigint("estimated_value_minor", { mode: "bigint" }).notNull(),
    currency: text("currency", { enum: CURRENCY_CODES }).notNull(),
    expectedCloseOn: date("expected_close_on", { mode: "string" }).notNull(),
    stage: text("stage", { enum: PIPELINE_STAGES }).notNull().default("OPPORTUNITY"),
    /**
     * When it entered `stage` (its latest stage change): how long it has stood there, and when a
     * WON or LOST one closed, without reading the stage history.
     */
    stageEnteredAt: timestamptz("stage_entered_at").notNull(),
    /**
     * The furthest stage it ever entered (LOST is not one): where the funnel counts it, kept with
     * each stage change so the funnel need not read the stage history (issue 9).
     */
    furthestStage: text("furthest_stage", { enum: REACHABLE_STAGES }).notNull().default("OPPORTUNITY"),
    /** The signals that justified opening it (SOP-4.3), as recorded on the lead's follow-ups. */
    signals: text("signals").array().$type<BuyingSignal[]>().notNull().default(sql`'{}'::text[]`),
    /** Set while LOST: the reason from the fixed list, a note, and the stage it was lost from. */
    lossReason: text("loss_reason", { enum: LOSS_REASONS }),
    lossNote: text("loss_note"),
    lostFromStage: text("lost_from_stage", { enum: PIPELINE_STAGES }),
    /** SOP-6.2 the preparation checklist, in the domain's JSON form (money as strings). */
    negotiationPrep: jsonb("negotiation_prep").$type<MoneyAsJson<NegotiationPrep>>(),
    /** SOP-6.3 the price floor frozen when negotiation started; only a manager may lower it. */
    frozenFloorMinor: bigint("frozen_floor_minor", { mode: "bigint" }),
    /** A lower floor the rep asked for after negotiation started, waiting for approveContract. */
    pendingFloorMinor: bigint("pending_floor_minor", { mode: "bigint" }),
    /** SOP-6.3 the signed contract: set when recorded; WON once at or above the floor, or approved. */
    contractAmountMinor: bigint("contract_amount_minor", { mode: "bigint" }),
    contractSignedOn: date("contract_signed_on", { mode: "string" }),
    contractPaymentTerms: text("contract_payment_terms"),
    contractApprovedById: uuid("contract_approved_by_id").references(() => users.id),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf("opportunities_stage_check", t.stage, PIPELINE_STAGES),
    oneOf("opportunities_currency_check", t.currency, CURRENCY_CODES),
    oneOf("opportunities_loss_reason_check", t.lossReason, LOSS_REASONS),
    oneOf("opportunities_lost_from_stage_check", t.lostFromStage, PIPELINE_STAGES),
    oneOf("opportunities_furthest_stage_check", t.furthestStage, REACHABLE_STAGES),
    check("opportunities_lost_check", sql`(${t.stage} = 'LOST') = (${t.lossReason} is not null and ${t.lostFromStage} is not null)`),
    check("opportunities_value_check", sql`${t.estimatedValueMinor} >= 0`),
    // A lead has at most one open opportunity; won or lost ones stay as history.
    uniqueIndex("opportunities_open_lead_key").on(t.leadId).where(sql`${t.stage} not in ('WON', 'LOST')`),
    index("opportunities_lead_idx").on(t.leadId),
    // The funnel's furthest stage per lead of a team (issue 9), from the index alone.
    index("opportunities_team_lead_furthest_idx").on(t.teamId, t.leadId, t.furthestStage),
    // A team's deals by stage and time in it (stalled deals, deals closed in a period), with what
    // the reports read of a closed deal, so they are counted from the index alone (issue 9).
    index("opportunities_team_stage_idx").on(t.teamId, t.stage, t.stageEnteredAt, t.ownerId, t.currency, t.contractAmountMinor, t.leadId),
    // A team's open deals per rep with their stage and value: the scorecard's open pipeline and
    // weighted forecast from the index alone (issue 9).
    index("opportunities_team_open_owner_idx")
      .on(t.teamId, t.ownerId, t.stage, t.currency, t.estimatedValueMinor)
      .where(sql`${t.stage} not in ('WON', 'LOST')`),
    // A team's deals with their owner and lead: what the stage history joins to for velocity's
    // stays per rep and the activity funnel's leads, from the index alone (issue 9).
    index("opportunities_team_id_idx").on(t.teamId, t.id, t.ownerId, t.leadId),
    // The forecast's horizon and passed close dates, over open deals only (issue 9).
    index("opportunities_open_team_close_idx").on(t.teamId, t.expectedCloseOn).where(sql`${t.stage} not in ('WON', 'LOST')`),
    index("opportunities_owner_created_idx").on(t.ownerId, t.createdAt.desc(), t.id.desc()),
    index("opportunities_team_created_idx").on(t.teamId, t.createdAt.desc(), t.id.desc()),
    index("opportunities_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("opportunities_team_close_idx").on(t.teamId, t.expectedCloseOn.desc(), t.id.desc()),
    index("opportunities_close_idx").on(t.expectedCloseOn.desc(), t.id.desc()),
    index("opportunities_team_value_idx").on(t.teamId, t.currency.desc(), t.estimatedValueMinor.desc(), t.id.desc()),
    index("opportunities_value_idx").on(t.currency.desc(), t.estimatedValueMinor.desc(), t.id.desc()),
  ],
);

export type OpportunityRow = typeof opportunities.$inferSelect;

/** Every stage move: who, when, from and to (sop.md "Pipeline stages"). */
export const opportunityStageChanges = pgTable(
  "opportunity_stage_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    opportunityId: uuid("opportunity_id").notNull().references(() => opportunities.id),
    /** The opportunity's team (which never changes), so a team's moves in a period come from one index. */
    teamId: uuid("team_id").notNull().references(() => teams.id),
    fromStage: text("from_stage", { enum: PIPELINE_STAGES }),
    toStage: text("to_stage", { enum: PIPELINE_STAGES }).notNull(),
    actorId: uuid("actor_id").notNull().references(() => users.id),
    at: timestamptz("at").notNull(),
    /**
     * When the stay this change opened ended: the `at` of the opportunity's next change, null while
     * it lasts. Written with that next change, so the velocity report finds the stays ending in a
     * period by an index instead of windowing every history (issue 9).
     */
    leftAt: timestamptz("left_at"),
  },
  (t) => [
    oneOf("opportunity_stage_changes_from_check", t.fromStage, PIPELINE_STAGES),
    oneOf("opportunity_stage_changes_to_check", t.toStage, PIPELINE_STAGES),
    index("opportunity_stage_changes_opportunity_idx").on(t.opportunityId, t.id),
    // Stage moves in a period or since a date: the funnel's activity view, velocity, pipeline changes.
    index("opportunity_stage_changes_at_idx").on(t.at),
    // A team's stage entries in a period, with what the funnel's activity view reads of them.
    index("opportunity_stage_changes_team_at_idx").on(t.teamId, t.at, t.toStage, t.opportunityId),
    // A team's stays ended in a period (velocity's days in stage), with what the report reads of them.
    index("opportunity_stage_changes_team_left_idx")
      .on(t.teamId, t.leftAt, t.toStage, t.at, t.opportunityId)
      .where(sql`${t.leftAt} is not null`),
  ],
);

export type OpportunityStageChangeRow = typeof opportunityStageChanges.$inferSelect;
