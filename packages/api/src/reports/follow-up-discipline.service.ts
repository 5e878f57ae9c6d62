// Issue 9, report 7: follow-up discipline (SOP-3), per rep and tier. Were the follow-ups due in
// the period done on time, late, or not at all; what is overdue now; which leads nobody has
// reached since capture (Odoo's "unattended leads"); and the first-contact SLA (SOP-3.1–3.3).
//
// Definitions (where the issue left them open):
// - A follow-up's deadline is its `due_at`, the one the queue shows and `isOverdue` judges
//   (SOP-3.6). A first contact also carries `sla_due_at`, but the SLA is judged once per lead by
//   the firstContactSla figure; judging the follow-up by it too would count one miss twice, and
//   a retry planned after an unanswered call would be late the moment it was planned.
// - On time, late and overdue are first-contact-sla.service.ts's `doneOnTime`, `doneLate` and
//   `pastDeadline`: one definition of "on time" for the SLA, this report and the scorecard.
// - Cancelled follow-ups are left out (nobody had to do them: every figure is of DONE or OPEN
//   ones), and so are contacts logged after the fact (`unplanned`): their due time is when they
//   happened, so they have no deadline.
// - A follow-up counts for the rep whose queue it was in and the tier it was planned under
//   (follow_ups.owner_id and .tier): while open, the lead's owner and tier now, since open
//   follow-ups move with a reassigned lead and are re-planned with a new tier; once done, the rep
//   and tier of the time, so a reassigned lead's past follow-ups stay on the record of the rep
//   who did (or missed) them, judged by the cadence of the tier they were planned under. It also
//   lets every follow-up figure be counted from one index, without reading the leads.
// - The lead figures (unattended, first contact) are the lead's, by its owner and tier now, as in
//   firstContactSla.
// - A drill gives the leads behind a figure; for a follow-up figure, the leads with at least one
//   such follow-up, among the leads the caller may see.
import { TIERS, type Tier } from "@sales/domain";
import { and, isNull, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { rawRows } from "../db/raw-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { doneLate, doneOnTime, firstContactOnTime, pastDeadline } from "../follow-ups/first-contact-sla.service.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { leads } from "../leads/lead.table.ts";
import { users } from "../users/user.table.ts";
import { drillParam, optionalDrillParam, type DrillSpec } from "./drill-token.ts";
import { afterRep, repOrder, type RepKey, type RepPageQuery } from "./report-rep-page.ts";
import { inPeriod, inScope, teamWindows, visibleInScope, withinAnyPeriod, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export const FOLLOW_UP_FIGURES = ["DONE_ON_TIME", "DONE_LATE", "MISSED", "STILL_OPEN", "OVERDUE_NOW"] as const;
export type FollowUpFigure = (typeof FOLLOW_UP_FIGURES)[number];
export const LEAD_FIGURES = ["UNATTENDED", "FIRST_CONTACT_DUE", "FIRST_CONTACT_ON_TIME"] as const;
export type LeadFigure = (typeof LEAD_FIGURES)[number];
export const DISCIPLINE_FIGURES = [...FOLLOW_UP_FIGURES, ...LEAD_FIGURES] as const;
export type DisciplineFigure = (typeof DISCIPLINE_FIGURES)[number];

export type DisciplineCounts = Record<DisciplineFigure, number>;

export interface DisciplineRow {
  /** Null in the totals over every tier. */
  tier: Tier | null;
  counts: DisciplineCounts;
}

export interface DisciplineRep extends RepKey {
  total: DisciplineRow;
  /** Tiers A, B and C. */
  byTier: DisciplineRow[];
}

export interface DisciplineReport {
  total: DisciplineRow;
  byTier: DisciplineRow[];
  reps: DisciplineRep[];
  hasMoreReps: boolean;
}

/** A lead the report may count: in scope (visibility, team and rep filters) and not merged away. */
export function leadInScope(scope: ReportScope): SQL {
  return and(inScope(scope, leads), isNull(leads.mergedIntoId))!;
}

/** Planned work of the scope (visibility, team and rep filters on the follow-up's own team and owner). */
function judgedFollowUp(scope: ReportScope): SQL {
  return and(inScope(scope, followUps), sql`not ${followUps.unplanned}`)!;
}

/** What each follow-up figure counts, on a judged follow-up with its team's period joined as `w`. */
export function followUpFigure(figure: FollowUpFigure, now: Date): SQL {
  // Not bounded by the period: the queue's overdue work as it stands now.
  if (figure === "OVERDUE_NOW") return followUpOutcome(figure, now);
  return sql`(${inPeriod(followUps.dueAt)} and ${followUpOutcome(figure, now)})`;
}

/** How a follow-up stands for a figure, whenever it was due: `followUpFigure` without the period. */
function followUpOutcome(figure: FollowUpFigure, now: Date): SQL {
  const open = sql`${followUps.status} = 'OPEN'`;
  const done = sql`${followUps.status} = 'DONE'`;
  switch (figure) {
    case "DONE_ON_TIME":
      return sql`(${done} and ${doneOnTime(followUps.completedAt, followUps.dueAt)})`;
    case "DONE_LATE":
      return sql`(${done} and ${doneLate(followUps.completedAt, followUps.dueAt)})`;
    case "MISSED":
    case "OVERDUE_NOW":
      return sql`(${open} and ${pastDeadline(followUps.dueAt, now)})`;
    case "STILL_OPEN":
      return sql`(${open} and not ${pastDeadline(followUps.dueAt, now)})`;
  }
}

/** What each lead figure counts, on a lead in scope with its team's period joined as `w`. */
export function leadFigure(figure: LeadFigure): SQL {
  switch (figure) {
    case "UNATTENDED":
      // Captured by the period's end and never reached (SOP-3.1–3.3): neither a first contact
      // nor any later one recorded (unanswered calls do not count). Counted as the lead is now.
      return sql`(${leads.status} <> 'DISQUALIFIED' and ${leads.createdAt} < w.ends_at and ${leads.firstContactAt} is null and ${leads.lastContactAt} is null)`;
    case "FIRST_CONTACT_DUE":
      return inPeriod(leads.firstContactDueAt);
    case "FIRST_CONTACT_ON_TIME":
      return sql`(${inPeriod(leads.firstContactDueAt)} and ${firstContactOnTime})`;
  }
}

/**
 * The `wanted` figures per team, rep and tier, counted part by part, as the table
 * `facts(team_id, owner_id, tier, <figure>…)` (a team, rep and tier may have a row from each
 * part): the follow-up discipline report and the rep scorecard both add it up, so they can never
 * disagree. Each part is counted from its own index alone: follow-ups due in the period
 * (follow_ups_team_judged_due_idx), open ones overdue now (follow_ups_team_open_due_idx), leads never
 * reached (leads_team_uncontacted_idx), and leads whose first contact fell due in the period
 * (leads_team_first_contact_due_idx). Each figure is counted by one part only, so a report
 * asking for some figures reads only the parts that count them.
 */
export function disciplineFacts(scope: ReportScope, wanted: readonly DisciplineFigure[] = DISCIPLINE_FIGURES): SQL {
  const windows = teamWindows(scope);
  const parts: { figures: readonly DisciplineFigure[]; flag: (figure: DisciplineFigure) => SQL; select: (flags: SQL) => SQL }[] = [
    {
      // Due in the period: done on time or late, missed, or still open. The part's own condition
      // holds each to its team's period, so a figure needs only how the follow-up stands.
      figures: ["DONE_ON_TIME", "DONE_LATE", "MISSED", "STILL_OPEN"],
      flag: (figure) => followUpOutcome(figure as FollowUpFigure, scope.now),
      select: (flags) => sql`select ${followUps.teamId} as team_id, ${followUps.ownerId} as owner_id, ${followUps.tier} as tier, ${flags}
        from ${followUps} join ${windows} on w.team_id = ${followUps.teamId}
        where ${judgedFollowUp(scope)} and ${withinAnyPeriod(scope, followUps.dueAt)} and ${inPeriod(followUps.dueAt)} and ${followUps.status} <> 'CANCELLED'
        group by 1, 2, 3`,
    },
    {
      // Overdue now, whenever it fell due: the queues as they stand.
      figures: ["OVERDUE_NOW"],
      flag: () => sql`true`,
      select: (flags) => sql`select ${followUps.teamId} as team_id, ${followUps.ownerId} as owner_id, ${followUps.tier} as tier, ${flags}
        from ${followUps}
        where ${judgedFollowUp(scope)} and ${followUpFigure("OVERDUE_NOW", scope.now)}
        group by 1, 2, 3`,
    },
    {
      figures: ["UNATTENDED"],
      flag: () => sql`true`,
      select: (flags) => sql`select ${leads.teamId} as team_id, ${leads.ownerId} as owner_id, ${leads.tier} as tier, ${flags}
        from ${leads} join ${windows} on w.team_id = ${leads.teamId}
        where ${leadInScope(scope)} and ${leadFigure("UNATTENDED")}
        group by 1, 2, 3`,
    },
    {
      figures: ["FIRST_CONTACT_DUE", "FIRST_CONTACT_ON_TIME"],
      flag: (figure) => (figure === "FIRST_CONTACT_DUE" ? sql`true` : leadFigure(figure as LeadFigure)),
      select: (flags) => sql`select ${leads.teamId} as team_id, ${leads.ownerId} as owner_id, ${leads.tier} as tier, ${flags}
        from ${leads} join ${windows} on w.team_id = ${leads.teamId}
        where ${leadInScope(scope)} and ${withinAnyPeriod(scope, leads.firstContactDueAt)} and ${leadFigure("FIRST_CONTACT_DUE")}
        group by 1, 2, 3`,
    },
  ];
  const selects = parts
    .filter((part) => part.figures.some((figure) => wanted.includes(figure)))
    .map((part) =>
      part.select(
        // Each part counts the wanted figures of its own, and no others; a figure that is the
        // part's own condition counts every row, so the part needs no column its index lacks.
        sql.join(
          DISCIPLINE_FIGURES.map((figure) => {
            const counted = part.figures.includes(figure) && wanted.includes(figure);
            return sql`${counted ? sql`count(*) filter (where ${part.flag(figure)})` : sql`0`}::int as ${sql.identifier(figure.toLowerCase())}`;
          }),
          sql`, `,
        ),
      ),
    );
  return sql`(${sql.join(selects, sql` union all `)}) as facts`;
}

/** `sum(<figure>)::int as <figure>` for each figure, over `facts`. */
export function factCounts(figures: readonly DisciplineFigure[]): SQL {
  return sql.join(
    figures.map((figure) => {
      const column = sql.identifier(figure.toLowerCase());
      return sql`sum(facts.${column})::int as ${column}`;
    }),
    sql`, `,
  );
}

export function countsOf(row: Record<string, unknown> | undefined): DisciplineCounts {
  return Object.fromEntries(DISCIPLINE_FIGURES.map((figure) => [figure, Number(row?.[figure.toLowerCase()] ?? 0)])) as DisciplineCounts;
}

interface GroupedRow extends Record<string, unknown> {
  team_id: string | null;
  owner_id: string | null;
  tier: Tier | null;
  all_reps: number;
  all_tiers: number;
}

/**
 * One statement: the figures per rep × tier, per rep, per tier and in total (grouping sets), and
 * the page of reps, listed by name.
 */
export async function followUpDiscipline(db: Executor, scope: ReportScope, page: RepPageQuery): Promise<DisciplineReport> {
  const rows =
    scope.teams.length === 0
      ? []
      : await withoutParallelWorkers(db, (tx) =>
          rawRows<GroupedRow>(
            tx,
            sql`with grouped as (
                select team_id, owner_id, tier, grouping(owner_id) as all_reps, grouping(tier) as all_tiers, ${factCounts(DISCIPLINE_FIGURES)}
                from ${disciplineFacts(scope)}
                group by grouping sets ((team_id, owner_id, tier), (team_id, owner_id), (tier), ())
              ),
              page as (
                select grouped.team_id, grouped.owner_id, row_number() over (order by ${repOrder("grouped")}) as position
                from grouped join ${users} on ${users.id} = grouped.owner_id
                where grouped.all_reps = 0 and grouped.all_tiers = 1 and ${afterRep("grouped", page.after)}
                order by ${repOrder("grouped")}
                limit ${page.first + 1}
              )
              select grouped.*, page.position from grouped
              left join page on page.team_id = grouped.team_id and page.owner_id = grouped.owner_id
              where grouped.all_reps = 1 or page.position is not null
              order by page.position`,
          ),
        );
  const row = (match: (candidate: GroupedRow) => boolean, tier: Tier | null): DisciplineRow => ({ tier, counts: countsOf(rows.find(match)) });
  const tierRows = (match: (candidate: GroupedRow) => boolean) =>
    TIERS.map((tier) => row((candidate) => match(candidate) && Number(candidate.all_tiers) === 0 && candidate.tier === tier, tier));
  const repKeys = rows.filter((candidate) => Number(candidate.all_reps) === 0 && Number(candidate.all_tiers) === 1);
  const ofRep = (key: GroupedRow) => (candidate: GroupedRow) =>
    Number(candidate.all_reps) === 0 && candidate.team_id === key.team_id && candidate.owner_id === key.owner_id;
  return {
    total: row((candidate) => Number(candidate.all_reps) === 1 && Number(candidate.all_tiers) === 1, null),
    byTier: tierRows((candidate) => Number(candidate.all_reps) === 1),
    reps: repKeys.slice(0, page.first).map((key) => ({
      teamId: key.team_id!,
      ownerId: key.owner_id!,
      total: row((candidate) => ofRep(key)(candidate) && Number(candidate.all_tiers) === 1, null),
      byTier: tierRows(ofRep(key)),
    })),
    hasMoreReps: repKeys.length > page.first,
  };
}

/** An id parameter of a drill token (a team or a rep), checked like the token's own ids. */
export function optionalIdParam(spec: DrillSpec, name: string): string | null {
  const value = spec.params[name];
  if (value === undefined) return null;
  if (!isUuid(value)) throw AppError.badInput([{ field: "drill", message: "is not a drill token a report returned" }]);
  return value;
}

/**
 * The leads behind a figure, optionally of one rep (in one team) and one tier: a lead figure's
 * leads themselves; a follow-up figure's leads with at least one such follow-up (a lead with two
 * counts once in the drill).
 */
export function disciplineFigureLeads(
  scope: ReportScope,
  figure: DisciplineFigure,
  of: { teamId: string | null; ownerId: string | null; tier: Tier | null },
): SQL {
  if ((LEAD_FIGURES as readonly string[]).includes(figure)) {
    return and(leadInScope(scope), leadFigure(figure as LeadFigure), narrowedTo(of, leads))!;
  }
  const ofFollowUp = and(
    sql`${followUps.leadId} = ${leads.id}`,
    judgedFollowUp(scope),
    followUpFigure(figure as FollowUpFigure, scope.now),
    narrowedTo(of, followUps),
  );
  // The lead as the caller may see it, whoever owns it now; the rep filter is the follow-up's.
  return and(visibleInScope(scope, leads), isNull(leads.mergedIntoId), sql`exists (select 1 from ${followUps} where ${ofFollowUp})`)!;
}

/** The rows (leads or follow-ups) of the team, rep and tier a drill names, where it names them. */
function narrowedTo(
  of: { teamId: string | null; ownerId: string | null; tier: Tier | null },
  columns: { teamId: PgColumn; ownerId: PgColumn; tier: PgColumn },
): SQL | undefined {
  return and(
    of.teamId === null ? undefined : sql`${columns.teamId} = ${of.teamId}::uuid`,
    of.ownerId === null ? undefined : sql`${columns.ownerId} = ${of.ownerId}::uuid`,
    of.tier === null ? undefined : sql`${columns.tier} = ${of.tier}`,
  );
}

/** What a follow-up discipline figure's drill token selects: always leads. */
export function followUpDisciplineDrill(spec: DrillSpec, scope: ReportScope): { subject: "LEAD"; condition: SQL } {
  const figure = drillParam(spec, "figure", DISCIPLINE_FIGURES, "drill");
  const tier = optionalDrillParam(spec, "tier", TIERS, "drill");
  return {
    subject: "LEAD",
    condition: disciplineFigureLeads(scope, figure, { teamId: optionalIdParam(spec, "team"), ownerId: optionalIdParam(spec, "rep"), tier }),
  };
}
