import { index, jsonb, pgTable, primaryKey, text, uuid } from "drizzle-orm/pg-core";
import { createdAt } from "../db/columns.ts";
import { users } from "../users/user.table.ts";

/**
 * A retried mutation with the same key returns the stored result instead of writing again.
 * Keys are per user, so two users can never collide or read each other's results. A key is
 * bound to the request it was first used with and lasts IDEMPOTENCY_KEY_TTL_MS from
 * `created_at` (idempotent.ts).
 */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    actorId: uuid("actor_id").notNull().references(() => users.id),
    key: text("key").notNull(),
    /** The mutation the key was first used with, named in the error when it is reused for another. */
    operation: text("operation").notNull(),
    /** SHA-256 (hex) of the mutation and its arguments: a retry must send the same ones. */
    requestHash: text("request_hash").notNull(),
    /** Null while the first request is still running; a concurrent retry waits on the row. */
    result: jsonb("result"),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "idempotency_keys_pk", columns: [t.actorId, t.key] }),
    // Expired keys are deleted by age, a few at a time, as new ones are claimed.
    index("idempotency_keys_created_idx").on(t.createdAt),
  ],
);
