import { RATINGS, TIERS, type TierReason } from "@sales/domain";
import { bigint, boolean, char, check, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { oneOf, primaryId, timestamptz } from "../db/columns.ts";
import { leads } from "../leads/lead.table.ts";
import { users } from "../users/user.table.ts";

/** SOP-2.6 every assessment is kept; the latest decides the computed tier. */
export const leadAssessments = pgTable(
  "lead_assessments",
  {
    id: primaryId(),
    leadId: uuid("lead_id").notNull().references(() => leads.id),
    assessedById: uuid("assessed_by_id").notNull().references(() => users.id),
    needUrgency: text("need_urgency", { enum: RATINGS }).notNull(),
    budget: text("budget", { enum: RATINGS }).notNull(),
    decisionAuthority: text("decision_authority", { enum: RATINGS }).notNull(),
    /** Minor units (fen, cents) of budgetCurrency. */
    budgetAmount: bigint("budget_amount", { mode: "bigint" }),
    budgetCurrency: char("budget_currency", { length: 3 }),
    note: text("note"),
    tier: text("tier", { enum: TIERS }).notNull(),
    reasons: jsonb("reasons").$type<TierReason[]>().notNull(),
    incomplete: boolean("incomplete").notNull(),
    assessedAt: timestamptz("assessed_at").notNull().defaultNow(),
    /** Insertion order: "the latest" among assessments recorded in the same millisecond. */
    sequence: bigint("sequence", { mode: "number" }).generatedAlwaysAsIdentity(),
  },
  (t) => [
    oneOf("lead_assessments_need_urgency_check", t.needUrgency, RATINGS),
    oneOf("lead_assessments_budget_check", t.budget, RATINGS),
    oneOf("lead_assessments_decision_authority_check", t.decisionAuthority, RATINGS),
    oneOf("lead_assessments_tier_check", t.tier, TIERS),
    check(
      "lead_assessments_budget_currency_check",
      sql`(${t.budgetAmount} is null) = (${t.budgetCurrency} is null) and (${t.budgetAmount} is null or ${t.budgetAmount} >= 0)`,
    ),
    index("lead_assessments_lead_idx").on(t.leadId, t.assessedAt.desc(), t.sequence.desc()),
    // The funnel's activity view: assessments made in a period.
    index("lead_assessments_assessed_idx").on(t.assessedAt),
  ],
);

export type LeadAssessmentRow = typeof leadAssessments.$inferSelect;
