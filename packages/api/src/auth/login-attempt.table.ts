import { check, index, integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { sql } from "drizzle-orm";
import { oneOf, timestamptz } from "../db/columns.ts";

/** What a login throttle counts failures of: one account (by email) or one client address. */
export const LOGIN_THROTTLE_SCOPES = ["ACCOUNT", "ADDRESS"] as const;
export type LoginThrottleScope = (typeof LOGIN_THROTTLE_SCOPES)[number];

/**
 * Failed logins per account and per client address (issue 10, finding 3). In the database, not
 * in a process, so every API replica counts the same guesses; see auth/login-throttle.ts.
 */
export const loginAttempts = pgTable(
  "login_attempts",
  {
    scope: text("scope", { enum: LOGIN_THROTTLE_SCOPES }).notNull(),
    /** The normalised email (ACCOUNT), whether or not a user has it, or the client's IP address (ADDRESS). */
    key: text("key").notNull(),
    /** Failures since the counter last started again (a successful login, or an hour without failures). */
    failures: integer("failures").notNull(),
    lastFailureAt: timestamptz("last_failure_at").notNull(),
    /** No attempt is checked before this time; null while the free failures last. */
    lockedUntil: timestamptz("locked_until"),
  },
  (t) => [
    primaryKey({ name: "login_attempts_pk", columns: [t.scope, t.key] }),
    oneOf("login_attempts_scope_check", t.scope, LOGIN_THROTTLE_SCOPES),
    check("login_attempts_failures_check", sql`${t.failures} >= 0`),
    // Forgotten counters are deleted by age.
    index("login_attempts_last_failure_idx").on(t.lastFailureAt),
  ],
);
