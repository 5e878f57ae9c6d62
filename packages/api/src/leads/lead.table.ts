import { COMPANY_SIZES, LEAD_CHANNELS, LEAD_STATUSES, TIERS } from "@sales/domain";
import { getTableColumns, sql, type SQL } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";
import { createdAt, oneOf, primaryId, timestamptz, updatedAt } from "../db/columns.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

export const leads = pgTable(
  "leads",
  {
    id: primaryId(),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    ownerId: uuid("owner_id").notNull().references(() => users.id),
    // SOP-1.1 where the lead came from
    channel: text("channel", { enum: LEAD_CHANNELS }).notNull(),
    sourceDetail: text("source_detail"),
    referredBy: text("referred_by"),
    // SOP-1.2 what a lead holds
    companyName: text("company_name").notNull(),
    contactName: text("contact_name").notNull(),
    contactTitle: text("contact_title"),
    phone: text("phone"),
    email: text("email"),
    wechatId: text("wechat_id"),
    companySize: text("company_size", { enum: COMPANY_SIZES }),
    businessScope: text("business_scope"),
    currentProduct: text("current_product"),
    province: text("province"),
    city: text("city"),
    creditCode: text("credit_code"),
    /** When the lead was collected (e.g. the trade show's date); the SLA clock runs from createdAt. */
    collectedOn: date("collected_on", { mode: "string" }),
    status: text("status", { enum: LEAD_STATUSES }).notNull().default("NEW"),
    disqualifiedReason: text("disqualified_reason"),
    // SOP-2.6 the tier in force: the override when a manager set one, else the latest assessment's.
    tier: text("tier", { enum: TIERS }).notNull().default("B"),
    computedTier: text("computed_tier", { enum: TIERS }).notNull().default("B"),
    tierOverride: text("tier_override", { enum: TIERS }),
    tierOverrideReason: text("tier_override_reason"),
    assessmentIncomplete: boolean("assessment_incomplete").notNull().default(true),
    /** SOP-2.6 a later assessment computed a different tier than the manager's override. */
    tierOverrideDisputed: boolean("tier_override_disputed").notNull().default(false),
    /** SOP-3.4 a follow-up recorded raised interest: the lead should be assessed again. */
    needsReassessment: boolean("needs_reassessment").notNull().default(false),
    /**
     * SOP-3.6 the first-contact deadline in force: set at capture, moved by a tier change while
     * the customer has not been reached, never by rescheduling.
     */
    firstContactDueAt: timestamptz("first_contact_due_at"),
    /** When the customer was first reached (a follow-up with any outcome but NO_ANSWER). */
    firstContactAt: timestamptz("first_contact_at"),
    /** The last completed contact, planned or logged; the cadence counts from it (SOP-3.5). */
    lastContactAt: timestamptz("last_contact_at"),
    /**
     * When it was first assessed (SOP-2), wherever the assessment was recorded (a merge keeps
     * the earlier): the funnel's ASSESSED step, read from an index rather than the assessments.
     */
    firstAssessedAt: timestamptz("first_assessed_at"),
    // SOP-1.4 normalised keys that duplicate detection matches on.
    emailKey: text("email_key"),
    phoneKey: text("phone_key"),
    companyKey: text("company_key"),
    creditCodeKey: text("credit_code_key"),
    /** A merged lead is kept as a tombstone pointing at the lead it was merged into. */
    mergedIntoId: uuid("merged_into_id").references((): AnyPgColumn => leads.id),
    /** Optimistic concurrency: bumped on every change. */
    version: integer("version").notNull().default(1),
    /** Character bigrams of company and contact name for `filter.search` (see migration 0001). */
    searchGrams: text("search_grams")
      .array()
      .notNull()
      .generatedAlwaysAs(
        (): SQL => sql`sales_search_bigrams(${leads.companyName}) || sales_search_bigrams(${leads.contactName})`,
      ),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf("leads_channel_check", t.channel, LEAD_CHANNELS),
    oneOf("leads_company_size_check", t.companySize, COMPANY_SIZES),
    oneOf("leads_status_check", t.status, LEAD_STATUSES),
    oneOf("leads_tier_check", t.tier, TIERS),
    oneOf("leads_computed_tier_check", t.computedTier, TIERS),
    oneOf("leads_tier_override_check", t.tierOverride, TIERS),
    check("leads_override_reason_check", sql`${t.tierOverride} is null or ${t.tierOverrideReason} is not null`),
    check("leads_disqualified_reason_check", sql`${t.status} <> 'DISQUALIFIED' or ${t.disqualifiedReason} is not null`),
    // A manager's pipeline view: the leads of a team by tier and status.
    index("leads_team_tier_status_idx").on(t.teamId, t.tier, t.status),
    // A rep's own list, newest first (also the default keyset order).
    index("leads_owner_created_idx").on(t.ownerId, t.createdAt.desc(), t.id.desc()),
    index("leads_team_created_idx").on(t.teamId, t.createdAt.desc(), t.id.desc()),
    // The funnel (issue 9): a team's leads captured, and first assessed, in a period, with every
    // column the counts group and filter by, so they are counted from the index alone.
    index("leads_team_captured_funnel_idx").on(t.teamId, t.createdAt, t.ownerId, t.tier, t.channel, t.firstAssessedAt, t.id).where(sql`${t.mergedIntoId} is null`),
    // The tier and channel of the leads behind opportunities (the funnel's stage entries), by id.
    index("leads_id_tier_channel_idx").on(t.id, t.tier, t.channel),
    index("leads_team_assessed_funnel_idx").on(t.teamId, t.firstAssessedAt, t.ownerId, t.tier, t.channel).where(sql`${t.mergedIntoId} is null and ${t.firstAssessedAt} is not null`),
    index("leads_created_idx").on(t.createdAt.desc(), t.id.desc()),
    index("leads_updated_idx").on(t.updatedAt),
    // Analysts filter across teams by tier, newest first.
    index("leads_tier_created_idx").on(t.tier, t.createdAt.desc(), t.id.desc()),
    index("leads_search_grams_idx").using("gin", t.searchGrams),
    // The first-contact SLA report of a team over a period.
    index("leads_team_first_contact_due_idx").on(t.teamId, t.firstContactDueAt, t.ownerId, t.tier, t.firstContactAt).where(sql`${t.mergedIntoId} is null`),
    // Unattended leads (never reached) and the scorecard's leads owned by tier (issue 9).
    index("leads_team_uncontacted_idx").on(t.teamId, t.createdAt, t.ownerId, t.tier, t.status).where(sql`${t.firstContactAt} is null and ${t.lastContactAt} is null and ${t.mergedIntoId} is null`),
    index("leads_team_owner_tier_idx").on(t.teamId, t.ownerId, t.tier).where(sql`${t.mergedIntoId} is null and ${t.status} <> 'DISQUALIFIED'`),
    index("leads_email_key_idx").on(t.teamId, t.emailKey),
    index("leads_phone_key_idx").on(t.teamId, t.phoneKey),
    index("leads_company_key_idx").on(t.teamId, t.companyKey),
    index("leads_credit_code_key_idx").on(t.teamId, t.creditCodeKey),
  ],
);

/**
 * Every column a lead is read with: all but `searchGrams`, which only the search condition
 * needs and which would otherwise be shipped and parsed with every row.
 */
export const leadColumns = (({ searchGrams: _searchGrams, ...columns }) => columns)(getTableColumns(leads));
export type LeadRow = Omit<typeof leads.$inferSelect, "searchGrams">;
