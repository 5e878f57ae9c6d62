import { DUPLICATE_REASONS, type DuplicateReason } from "@sales/domain";
import { index, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { allOf, createdAt, timestamptz } from "../db/columns.ts";
import { users } from "../users/user.table.ts";
import { leads } from "./lead.table.ts";

/**
 * SOP-1.4 a lead created with `force` despite likely duplicates keeps them here, until they are
 * merged or a user dismisses the match.
 */
export const leadDuplicates = pgTable(
  "lead_duplicates",
  {
    leadId: uuid("lead_id").notNull().references(() => leads.id),
    duplicateOfId: uuid("duplicate_of_id").notNull().references(() => leads.id),
    reasons: text("reasons").array().$type<DuplicateReason[]>().notNull(),
    createdAt: createdAt(),
    dismissedAt: timestamptz("dismissed_at"),
    dismissedById: uuid("dismissed_by_id").references(() => users.id),
  },
  (t) => [
    primaryKey({ name: "lead_duplicates_pk", columns: [t.leadId, t.duplicateOfId] }),
    allOf("lead_duplicates_reasons_check", t.reasons, DUPLICATE_REASONS),
    index("lead_duplicates_duplicate_of_idx").on(t.duplicateOfId),
  ],
);

export type LeadDuplicateRow = typeof leadDuplicates.$inferSelect;
