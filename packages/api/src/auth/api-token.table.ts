import { index, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, primaryId, timestamptz } from "../db/columns.ts";
import { users } from "../users/user.table.ts";

/** Long-lived tokens for client apps; only a hash of the secret is kept. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: primaryId(),
    userId: uuid("user_id").notNull().references(() => users.id),
    name: text("name").notNull(),
    /** SHA-256 of the random secret: the secret has 256 bits of entropy, so no slow hash is needed. */
    secretHash: text("secret_hash").notNull(),
    createdAt: createdAt(),
    revokedAt: timestamptz("revoked_at"),
  },
  (t) => [index("api_tokens_user_idx").on(t.userId)],
);

export type ApiTokenRow = typeof apiTokens.$inferSelect;
