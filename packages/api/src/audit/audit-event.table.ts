import { sql } from "drizzle-orm";
import { bigserial, index, jsonb, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

/** Who changed what, when, from what to what; written in the same transaction as the change. */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    teamId: uuid("team_id").references(() => teams.id),
    /** Null for changes made by the system itself (seeding, scheduled jobs). */
    actorId: uuid("actor_id").references(() => users.id),
    entityType: text("entity_type").notNull(),
    entityId: uuid("entity_id").notNull(),
    action: text("action").notNull(),
    /** The lead the change belongs to, so `lead.history` is one index scan (merges move it). */
    leadId: uuid("lead_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    at: timestamptz("at").notNull().defaultNow(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.at),
    index("audit_events_lead_idx").on(t.leadId, t.id),
    // pipelineChanges reads the opportunity updates since a date (issue 9).
    index("audit_events_opportunity_updated_idx").on(t.at).where(sql`${t.action} = 'OPPORTUNITY_UPDATED' and ${t.entityType} = 'OPPORTUNITY'`),
  ],
);

export type AuditEventRow = typeof auditEvents.$inferSelect;
