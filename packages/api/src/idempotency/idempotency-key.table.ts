import { jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../db/columns.ts";
import { users } from "../users/user.table.ts";

/**
 * A retried mutation with the same key returns the stored result instead of writing again.
 * Keys are per user, so two users can never collide or read each other's results.
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actorId: uuid("actor_id").notNull().references(() => users.id),
    key: text("key").notNull(),
    /** The mutation the key was first used with; reusing it for another is an error. */
    operation: text("operation").notNull(),
    /** Null while the first request is still running; a concurrent retry waits on the row. */
    result: jsonb("result"),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: "idempotency_keys_pk", columns: [t.actorId, t.key] })],
);
