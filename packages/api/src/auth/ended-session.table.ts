import { index, pgTable, uuid } from "drizzle-orm/pg-core";
import { timestamptz } from "../db/columns.ts";
import { users } from "../users/user.table.ts";

/**
 * Login sessions ended by logging out (issue 10, finding 5). A session lives in its signed
 * token, so only the ended ones are stored, each until its token would have expired anyway.
 * Ending all of a user's sessions at once is `users.session_generation` instead.
 */
export const endedSessions = pgTable(
  "ended_sessions",
  {
    /** The token's session id. */
    id: uuid("id").primaryKey(),
    userId: uuid("user_id").notNull().references(() => users.id),
    /** When the token expires: after it the row is of no use and is cleared. */
    expiresAt: timestamptz("expires_at").notNull(),
  },
  (t) => [index("ended_sessions_expires_idx").on(t.expiresAt)],
);
