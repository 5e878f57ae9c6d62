// What the large data set writes: per table, the columns in COPY order and the type each is
// written as in binary COPY. generate-large-dataset.ts checks them against the schema before
// loading, so a migration that adds a required column or changes a type fails with a message.
import type { CopyType } from "./copy-binary.ts";

/**
 * The columns written to each table, in COPY order, with the type each is written as (binary
 * COPY needs it exact; generate-large-dataset.ts checks it against the schema). Every other
 * column takes its default.
 */
export const LARGE_DATASET_COLUMNS = {
  leads: {
    id: "uuid", team_id: "uuid", owner_id: "uuid", channel: "text", source_detail: "text", referred_by: "text", company_name: "text",
    contact_name: "text", contact_title: "text", phone: "text", email: "text", wechat_id: "text", company_size: "text",
    business_scope: "text", current_product: "text", province: "text", city: "text", credit_code: "text", collected_on: "date",
    status: "text", disqualified_reason: "text", tier: "text", computed_tier: "text", tier_override: "text", tier_override_reason: "text",
    assessment_incomplete: "bool", needs_reassessment: "bool", first_contact_due_at: "timestamptz", first_contact_at: "timestamptz",
    last_contact_at: "timestamptz", first_assessed_at: "timestamptz", email_key: "text", phone_key: "text", company_key: "text", credit_code_key: "text", version: "int4",
    created_at: "timestamptz", updated_at: "timestamptz",
  },
  lead_assessments: {
    id: "uuid", lead_id: "uuid", assessed_by_id: "uuid", need_urgency: "text", budget: "text", decision_authority: "text",
    budget_amount: "int8", budget_currency: "bpchar", tier: "text", reasons: "jsonb", incomplete: "bool", assessed_at: "timestamptz",
  },
  follow_ups: {
    id: "uuid", lead_id: "uuid", team_id: "uuid", owner_id: "uuid", tier: "text", kind: "text", channel: "text", status: "text", due_at: "timestamptz",
    sla_due_at: "timestamptz", calendar_covered: "bool", completed_at: "timestamptz", completed_by_id: "uuid", outcome: "text",
    channel_used: "text", interest: "text", signals: "_text", previous_id: "uuid", version: "int4", created_at: "timestamptz",
    updated_at: "timestamptz",
  },
  opportunities: {
    id: "uuid", lead_id: "uuid", team_id: "uuid", owner_id: "uuid", name: "text", estimated_value_minor: "int8", currency: "text",
    expected_close_on: "date", stage: "text", stage_entered_at: "timestamptz", furthest_stage: "text", signals: "_text", loss_reason: "text", loss_note: "text",
    lost_from_stage: "text", negotiation_prep: "jsonb", frozen_floor_minor: "int8", contract_amount_minor: "int8",
    contract_signed_on: "date", contract_payment_terms: "text", contract_approved_by_id: "uuid", version: "int4",
    created_at: "timestamptz", updated_at: "timestamptz",
  },
  opportunity_stage_changes: { opportunity_id: "uuid", team_id: "uuid", from_stage: "text", to_stage: "text", actor_id: "uuid", at: "timestamptz", left_at: "timestamptz" },
  proposals: {
    id: "uuid", opportunity_id: "uuid", team_id: "uuid", owner_id: "uuid", content: "jsonb", version: "int4", created_at: "timestamptz",
    updated_at: "timestamptz",
  },
  proposal_versions: {
    id: "uuid", proposal_id: "uuid", opportunity_id: "uuid", team_id: "uuid", owner_id: "uuid", number: "int4", content: "jsonb",
    status: "text", submitted_by_id: "uuid", submitted_at: "timestamptz", decided_by_id: "uuid", decided_at: "timestamptz",
    decision_note: "text", total_with_vat_minor: "int8", total_currency: "text", priced_content: "jsonb",
  },
  proposal_reviews: {
    id: "uuid", version_id: "uuid", team_id: "uuid", department: "text", reviewer_id: "uuid", requested_by_id: "uuid",
    requested_at: "timestamptz", verdict: "text", comments: "jsonb", submitted_at: "timestamptz",
  },
  audit_events: {
    team_id: "uuid", actor_id: "uuid", entity_type: "text", entity_id: "uuid", action: "text", lead_id: "uuid", before: "jsonb",
    after: "jsonb", request_id: "text", at: "timestamptz",
  },
} as const satisfies Record<string, Record<string, CopyType>>;

export type LargeTable = keyof typeof LARGE_DATASET_COLUMNS;
export const LARGE_TABLES = Object.keys(LARGE_DATASET_COLUMNS) as LargeTable[];

/** How many columns a table's rows have. */
export const columnCount = (table: LargeTable): number => Object.keys(LARGE_DATASET_COLUMNS[table]).length;
