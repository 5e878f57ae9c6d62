import { USER_ROLES } from "@sales/domain";
import { getTableColumns, sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { createdAt, oneOf, primaryId, updatedAt } from "../db/columns.ts";
import { teams } from "../teams/team.table.ts";

export const users = pgTable(
  "users",
  {
    id: primaryId(),
    /** Stored normalised (trimmed, lower case); unique across the system. */
    email: text("email").notNull().unique(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: USER_ROLES }).notNull(),
    teamId: uuid("team_id").references(() => teams.id),
    passwordHash: text("password_hash").notNull(),
    active: boolean("active").notNull().default(true),
    /**
     * Login tokens carry the generation they were issued in; raising it ends every session of
     * the user at once (deactivation, a password change or reset: issue 10, finding 5).
     */
    sessionGeneration: integer("session_generation").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    oneOf("users_role_check", t.role, USER_ROLES),
    // Reps and managers work inside a team; analysts and admins look across teams.
    check("users_team_required_check", sql`${t.role} in ('ANALYST', 'ADMIN') or ${t.teamId} is not null`),
    index("users_team_idx").on(t.teamId),
  ],
);

/** A user as the API passes it around: everything but the password hash, which only login and a password change read. */
export type UserRow = Omit<typeof users.$inferSelect, "passwordHash">;

const { passwordHash: _passwordHash, ...columnsButPasswordHash } = getTableColumns(users);
/** What every read of a user selects: never the password hash (see UserRow). */
export const userColumns = columnsButPasswordHash;
