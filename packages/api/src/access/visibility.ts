import { and, eq, sql, type Placeholder, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { UserRole } from "@sales/domain";
import { proposalReviews } from "../reviews/review.table.ts";
import type { UserRow } from "../users/user.table.ts";

/** Roles that may read leads and their follow-ups; REVIEWER sees proposals only (issue 4). */
export const LEAD_READER_ROLES: UserRole[] = ["REP", "MANAGER", "ANALYST", "ADMIN"];
/** Roles that may change leads; analysts and admins read them but never change them. */
export const LEAD_WRITER_ROLES: UserRole[] = ["REP", "MANAGER"];

/**
 * The rows of a lead-owned table (leads, follow-ups, opportunities, proposals) that `viewer` may
 * see, as a WHERE condition: a rep their own in their team, a manager their team's, analysts and
 * admins all of them. Every list query and loader of such rows applies it, so no nested field or
 * count can leak. A rep's rows are bounded by their team too because work belongs to its team:
 * what a rep moved to another team once owned (closed deals, done follow-ups) stays the old
 * team's record, not theirs to read (README, "A rep who changes teams").
 */
export function visibleTo(
  viewer: UserRow | null,
  columns: { ownerId: PgColumn; teamId: PgColumn },
  /** Placeholders for the viewer's ids in a statement prepared once for every viewer of a role (leads/lead-queries.ts). */
  ids?: { viewerId: Placeholder; teamId: Placeholder },
): SQL | undefined {
  switch (viewer?.role) {
    case "REP":
      return viewer.teamId ? and(eq(columns.ownerId, ids?.viewerId ?? viewer.id), eq(columns.teamId, ids?.teamId ?? viewer.teamId)) : sql`false`;
    case "MANAGER":
      return viewer.teamId ? eq(columns.teamId, ids?.teamId ?? viewer.teamId) : sql`false`;
    case "ANALYST":
    case "ADMIN":
      return undefined;
    default:
      return sql`false`;
  }
}

/**
 * The proposal versions `viewer` may see, as a WHERE condition: like their opportunities
 * (`visibleTo`), except that a REVIEWER sees exactly the versions assigned to them for review.
 */
export function versionVisibleTo(
  viewer: UserRow | null,
  versions: { id: PgColumn; ownerId: PgColumn; teamId: PgColumn },
  ids?: { viewerId: Placeholder; teamId: Placeholder },
): SQL | undefined {
  if (viewer?.role !== "REVIEWER") return visibleTo(viewer, versions, ids);
  return sql`exists (select 1 from ${proposalReviews} where ${proposalReviews.versionId} = ${versions.id} and ${proposalReviews.reviewerId} = ${ids?.viewerId ?? viewer.id})`;
}

/** The same rule as `visibleTo`, for a row already in memory. */
export function canSee(viewer: UserRow | null, row: { ownerId: string; teamId: string }): boolean {
  switch (viewer?.role) {
    case "REP":
      return row.ownerId === viewer.id && viewer.teamId !== null && row.teamId === viewer.teamId;
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

/**
 * SOP-6.2 the lowest acceptable price is for the opportunity's owner and their team's managers:
 * hidden from everyone else, analysts and reviewers included.
 */
export function seesPriceFloor(viewer: UserRow | null, opportunity: { ownerId: string; teamId: string }): boolean {
  return viewer !== null && viewer.teamId === opportunity.teamId && (viewer.id === opportunity.ownerId || viewer.role === "MANAGER");
}
