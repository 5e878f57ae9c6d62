import type { CalendarSpec, Playbook } from "@sales/domain";
import { jsonb, pgTable, text } from "drizzle-orm/pg-core";
import { createdAt, primaryId, updatedAt } from "../db/columns.ts";

export const teams = pgTable("teams", {
  id: primaryId(),
  name: text("name").notNull().unique(),
  /** Team settings that differ from the default playbook (sop.md); null means the default. */
  playbook: jsonb("playbook").$type<Playbook>(),
  /** The team's business-day calendar, time zone included; null means mainland China's. */
  calendar: jsonb("calendar").$type<CalendarSpec>(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export type TeamRow = typeof teams.$inferSelect;
