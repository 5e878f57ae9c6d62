import { eq, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { UserRole } from "@sales/domain";
import type { UserRow } from "../users/user.table.ts";

/** Roles that may read leads and their follow-ups; REVIEWER sees proposals only (issue 4). */
export const LEAD_READER_ROLES: UserRole[] = ["REP", "MANAGER", "ANALYST", "ADMIN"];
/** Roles that may change leads; analysts and admins read them but never change them. */
export const LEAD_WRITER_ROLES: UserRole[] = ["REP", "MANAGER"];

/**
 * The rows of a lead-owned table (leads, follow-ups) that `viewer` may see, as a WHERE
 * condition: a rep their own, a manager their team's, analysts and admins all of them.
 * Every list query and loader of such rows applies it, so no nested field or count can leak.
 */
export function visibleTo(viewer: UserRow | null, columns: { ownerId: PgColumn; teamId: PgColumn }): SQL | undefined {
  switch (viewer?.role) {
    case "REP":
      return eq(columns.ownerId, viewer.id);
    case "MANAGER":
      return viewer.teamId ? eq(columns.teamId, viewer.teamId) : sql`false`;
    case "ANALYST":
    case "ADMIN":
      return undefined;
    default:
      return sql`false`;
  }
}

/** The same rule as `visibleTo`, for a row already in memory. */
export function canSee(viewer: UserRow | null, row: { ownerId: string; teamId: string }): boolean {
  switch (viewer?.role) {
    case "REP":
      return row.ownerId === viewer.id;
    case "MANAGER":
      return viewer.teamId !== null && row.teamId === viewer.teamId;
    case "ANALYST":
    case "ADMIN":
      return true;
    default:
      return false;
  }
}

/** A rep changes their own leads, a manager their team's; nobody else changes leads. */
export function canChange(viewer: UserRow | null, row: { ownerId: string; teamId: string }): boolean {
  return viewer !== null && (viewer.role === "REP" || viewer.role === "MANAGER") && canSee(viewer, row);
}

/** Analysts (and admins, who read like analysts) see phone, email and WeChat masked. */
export function seesContactDetails(viewer: UserRow | null): boolean {
  return viewer?.role === "REP" || viewer?.role === "MANAGER";
}
