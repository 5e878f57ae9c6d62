import { LEAD_STATUSES, TIERS } from "@sales/domain";
import { integer, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";

/**
 * Issue 13: how many listed leads (not merged away, SOP-1.4) each owner has in each tier and
 * status, kept exact by migration 0021's triggers on `leads` in the same transaction as every
 * change, so `totalCount` filtered at most by tier, status and owner is a sum of a few rows
 * instead of a count of every lead. No foreign keys: every lead change would lock its owner's
 * and team's rows for the check.
 */
export const leadCounts = pgTable(
  "lead_counts",
  {
    teamId: uuid("team_id").notNull(),
    ownerId: uuid("owner_id").notNull(),
    tier: text("tier", { enum: TIERS }).notNull(),
    status: text("status", { enum: LEAD_STATUSES }).notNull(),
    leads: integer("leads").notNull(),
  },
  (t) => [primaryKey({ name: "lead_counts_pkey", columns: [t.teamId, t.ownerId, t.tier, t.status] })],
);
