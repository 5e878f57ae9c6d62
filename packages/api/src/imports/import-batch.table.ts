import { integer, jsonb, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId } from "../db/columns.ts";
import { teams } from "../teams/team.table.ts";
import { users } from "../users/user.table.ts";

/**
 * SOP-1.3 one trade show's list, imported once: a re-run of the same batch id by the same user
 * returns `results` and creates nothing.
 */
export const importBatches = pgTable(
  "import_batches",
  {
    id: primaryId(),
    actorId: uuid("actor_id").notNull().references(() => users.id),
    batchId: text("batch_id").notNull(),
    teamId: uuid("team_id").notNull().references(() => teams.id),
    rowCount: integer("row_count").notNull(),
    /** One result per row, as returned by the first run; null while that run is in progress. */
    results: jsonb("results").$type<unknown[]>(),
    createdAt: createdAt(),
  },
  (t) => [unique("import_batches_actor_batch_key").on(t.actorId, t.batchId)],
);

export type ImportBatchRow = typeof importBatches.$inferSelect;
