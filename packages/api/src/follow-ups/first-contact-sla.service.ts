// SOP-3.6 the first-contact SLA a manager watches: per tier and per rep, how many leads were due
// in a period, reached on time, reached late, or not reached yet.
import { TIERS, type Tier } from "@sales/domain";
import { and, asc, eq, gt, gte, isNotNull, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import type { Executor } from "../db/database.ts";
import { leadColumns, leads, type LeadRow } from "../leads/lead.table.ts";
import type { UserRow } from "../users/user.table.ts";

/** How many missed leads the report lists by name; the counts always cover them all. */
export const SLA_MISSED_LIST_LIMIT = 200;

export interface SlaCounts {
  due: number;
  contactedOnTime: number;
  contactedLate: number;
  stillOpen: number;
  stillOpenOverdue: number;
  missed: number;
}

export interface FirstContactSlaReport {
  teamId: string;
  from: Date;
  to: Date;
  asOf: Date;
  totals: SlaCounts;
  byTier: (SlaCounts & { tier: Tier })[];
  byRep: (SlaCounts & { ownerId: string })[];
  missed: LeadRow[];
}

const count = (condition: SQL | undefined) => sql<number>`count(*) filter (where ${condition})`.mapWith(Number);

/**
 * Counts in SQL, one grouped statement for totals, tiers and reps, with the semantics of the
 * domain's `firstContactSlaStatus`: reached at or before the deadline is on time, after it
 * late; not reached is still open, and overdue (missed) once `now` is past the deadline. The
 * tier and the rep are the lead's current ones; merged leads are left out.
 */
export async function firstContactSlaReport(
  db: Executor,
  viewer: UserRow,
  query: { teamId: string; from: Date; to: Date; now: Date },
): Promise<FirstContactSlaReport> {
  const { teamId, from, to, now } = query;
  const inPeriod = and(
    eq(leads.teamId, teamId),
    gte(leads.firstContactDueAt, from),
    lt(leads.firstContactDueAt, to),
    isNull(leads.mergedIntoId),
    visibleTo(viewer, leads),
  );
  const late = and(isNotNull(leads.firstContactAt), gt(leads.firstContactAt, leads.firstContactDueAt));
  const openOverdue = and(isNull(leads.firstContactAt), lt(leads.firstContactDueAt, now));

  const groups = await db
    .select({
      // Null in the rows of the grouping sets that do not group by them.
      tier: sql<Tier | null>`${leads.tier}`,
      ownerId: sql<string | null>`${leads.ownerId}`,
      due: sql<number>`count(*)`.mapWith(Number),
      contactedOnTime: count(and(isNotNull(leads.firstContactAt), lte(leads.firstContactAt, leads.firstContactDueAt))),
      contactedLate: count(late),
      stillOpen: count(isNull(leads.firstContactAt)),
      stillOpenOverdue: count(openOverdue),
    })
    .from(leads)
    .where(inPeriod)
    .groupBy(sql`grouping sets ((${leads.tier}), (${leads.ownerId}), ())`);

  const missed = await db
    .select(leadColumns)
    .from(leads)
    .where(and(inPeriod, or(late, openOverdue)))
    .orderBy(asc(leads.firstContactDueAt), asc(leads.id))
    .limit(SLA_MISSED_LIST_LIMIT);

  const withMissed = (row: (typeof groups)[number]): SlaCounts => ({
    due: row.due,
    contactedOnTime: row.contactedOnTime,
    contactedLate: row.contactedLate,
    stillOpen: row.stillOpen,
    stillOpenOverdue: row.stillOpenOverdue,
    missed: row.contactedLate + row.stillOpenOverdue,
  });
  const none: SlaCounts = { due: 0, contactedOnTime: 0, contactedLate: 0, stillOpen: 0, stillOpenOverdue: 0, missed: 0 };
  const total = groups.find((row) => row.tier === null && row.ownerId === null);
  const tierRows = groups.filter((row) => row.tier !== null);
  const repRows = groups.filter((row) => row.ownerId !== null && row.tier === null);
  return {
    teamId,
    from,
    to,
    asOf: now,
    totals: total ? withMissed(total) : none,
    // Every tier, so a tier with nothing due reads as zero rather than missing.
    byTier: TIERS.map((tier) => {
      const row = tierRows.find((candidate) => candidate.tier === tier);
      return { tier, ...(row ? withMissed(row) : none) };
    }),
    // Who missed most first, then who had most due.
    byRep: repRows
      .map((row) => ({ ownerId: row.ownerId!, ...withMissed(row) }))
      .sort((a, b) => b.missed - a.missed || b.due - a.due || (a.ownerId < b.ownerId ? -1 : 1)),
    missed,
  };
}
