// SOP-3.6 the first-contact SLA a manager watches: per tier and per rep, how many leads were due
// in a period, reached on time, reached late, or not reached yet.
import { TIERS, type Tier } from "@sales/domain";
import { and, asc, eq, gte, isNull, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
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

// SOP-3.5 one definition of "on time" for every deadline a report judges: this SLA, the follow-up
// discipline report and the rep scorecard (issue 9 reports 7 and 8). Done at the deadline's very
// instant is on time; open work is overdue only once now is past it, as the queue's isOverdue
// and the domain's firstContactSlaStatus say.

/** Done, at or before the deadline. */
export function doneOnTime(doneAt: SQLWrapper, deadline: SQLWrapper): SQL {
  return sql`(${doneAt} is not null and ${doneAt} <= ${deadline})`;
}

/** Done, after the deadline. */
export function doneLate(doneAt: SQLWrapper, deadline: SQLWrapper): SQL {
  return sql`(${doneAt} is not null and ${doneAt} > ${deadline})`;
}

/** The deadline has passed at `now`. */
export function pastDeadline(deadline: SQLWrapper, now: Date): SQL {
  return sql`${deadline} < ${now.toISOString()}::timestamptz`;
}

// The first-contact SLA of a `leads` row: its deadline in force and when the customer was first
// reached (unanswered attempts do not count).

export const firstContactOnTime: SQL = doneOnTime(leads.firstContactAt, leads.firstContactDueAt);
export const firstContactLate: SQL = doneLate(leads.firstContactAt, leads.firstContactDueAt);
/** Not reached yet, whether or not the deadline has passed. */
export const firstContactPending: SQL = sql`${leads.firstContactAt} is null`;

/** Not reached yet, and the deadline has passed. */
export function firstContactOverdue(now: Date): SQL {
  return sql`(${firstContactPending} and ${pastDeadline(leads.firstContactDueAt, now)})`;
}

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
  const openOverdue = firstContactOverdue(now);

  const groups = await db
    .select({
      // Null in the rows of the grouping sets that do not group by them.
      tier: sql<Tier | null>`${leads.tier}`,
      ownerId: sql<string | null>`${leads.ownerId}`,
      due: sql<number>`count(*)`.mapWith(Number),
      contactedOnTime: count(firstContactOnTime),
      contactedLate: count(firstContactLate),
      stillOpen: count(firstContactPending),
      stillOpenOverdue: count(openOverdue),
    })
    .from(leads)
    .where(inPeriod)
    .groupBy(sql`grouping sets ((${leads.tier}), (${leads.ownerId}), ())`);

  const missed = await db
    .select(leadColumns)
    .from(leads)
    .where(and(inPeriod, or(firstContactLate, openOverdue)))
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
