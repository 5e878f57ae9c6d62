import type { CalendarSpec, StoredPlaybook } from "@sales/domain";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "../db/columns.ts";

export const teams = pgTable("teams", {
  id: primaryId(),
  name: text("name").notNull().unique(),
  /**
   * The team's own playbook; null means the default (sop.md). One stored before a section was
   * added lacks it: read it through teamRules / withPlaybookDefaults.
   */
  playbook: jsonb("playbook").$type<StoredPlaybook>(),
  /** The team's business-day calendar, time zone included; null means mainland China's. */
  calendar: jsonb("calendar").$type<CalendarSpec>(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type TeamRow = typeof teams.$inferSelect;
