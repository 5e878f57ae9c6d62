// What every report is computed over: the teams and work the viewer may read (access/), narrowed
// by the optional team and rep filters, and the period [from, to) placed in each team's own time
// zone, so a company-wide report buckets every team by its own calendar.
import { localDate, startOfLocalDay, validateReportPeriod } from "@sales/domain";
import { and, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { reportableTeams } from "../access/readable-work.ts";
import { visibleTo } from "../access/visibility.ts";
import type { Executor } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { teamRules, type TeamRules } from "../teams/team-rules.ts";
import type { UserRow } from "../users/user.table.ts";

export interface ReportFilter {
  teamId: string | null;
  ownerId: string | null;
}

/** Calendar dates; `to` is exclusive. */
export interface ReportPeriod {
  from: string;
  to: string;
}

export interface ScopeTeam {
  id: string;
  name: string;
  rules: TeamRules;
  timeZone: string;
  /** The team's date now. */
  today: string;
  /** The period's first and first-after-last instants in the team's zone; null for reports without a period. */
  startsAt: Date | null;
  endsAt: Date | null;
}

export interface ReportScope {
  viewer: UserRow;
  filter: ReportFilter;
  period: ReportPeriod | null;
  now: Date;
  /** Empty when the viewer may read none of what was asked for: the report is then all zeros. */
  teams: ScopeTeam[];
}

/** Checks the filters and the period, naming the argument at fault. */
export async function resolveReportScope(
  db: Executor,
  viewer: UserRow,
  input: ReportFilter & { period: ReportPeriod | null; now: Date },
): Promise<ReportScope> {
  const problems: FieldProblem[] = [];
  for (const field of ["teamId", "ownerId"] as const) {
    const id = input[field];
    if (id !== null && !isUuid(id)) problems.push({ field, message: "is not an id" });
  }
  let period: ReportPeriod | null = null;
  if (input.period) {
    const checked = validateReportPeriod(input.period.from, input.period.to);
    if (checked.ok) period = checked.value;
    else problems.push(...fieldProblems(checked.error, ""));
  }
  if (problems.length > 0) throw AppError.badInput(problems);

  const teams = await reportableTeams(db, viewer, input.teamId);
  return {
    viewer,
    filter: { teamId: input.teamId, ownerId: input.ownerId },
    period,
    now: input.now,
    teams: teams.map((team) => {
      const rules = teamRules(team);
      return {
        id: team.id,
        name: team.name,
        rules,
        timeZone: rules.calendar.timeZone,
        today: localDate(rules.calendar, input.now),
        startsAt: period && startOfLocalDay(rules.calendar, period.from),
        endsAt: period && startOfLocalDay(rules.calendar, period.to),
      };
    }),
  };
}

/**
 * The rows of a team- and owner-scoped table (leads, follow-ups, opportunities) the report
 * counts: visible to the viewer (a rep their own), of the scope's teams, of the rep filtered by.
 */
export function inScope(scope: ReportScope, columns: { teamId: PgColumn; ownerId: PgColumn }): SQL {
  return and(visibleInScope(scope, columns), scope.filter.ownerId === null ? undefined : eq(columns.ownerId, scope.filter.ownerId))!;
}

/** Rows of the scope's teams the viewer may see, whoever's they are (the rep filter left aside). */
export function visibleInScope(scope: ReportScope, columns: { teamId: PgColumn; ownerId: PgColumn }): SQL {
  return and(inArray(columns.teamId, scopeTeamIds(scope)), visibleTo(scope.viewer, columns))!;
}

export function scopeTeamIds(scope: ReportScope): string[] {
  return scope.teams.map((team) => team.id);
}

/**
 * The scope's teams as a table `w(team_id, starts_at, ends_at, today)`, to join on a row's team:
 * each row is then compared with its own team's period and today. Call only with teams.
 */
export function teamWindows(scope: ReportScope): SQL {
  const rows = scope.teams.map(
    (team) =>
      sql`(${team.id}::uuid, ${team.startsAt?.toISOString() ?? null}::timestamptz, ${team.endsAt?.toISOString() ?? null}::timestamptz, ${team.today}::date)`,
  );
  return sql`(values ${sql.join(rows, sql`, `)}) as w(team_id, starts_at, ends_at, today)`;
}

/**
 * `at` lies between the earliest start and the latest end of the scope's team periods: constants
 * an index on `at` can range over, before each row meets its own team's period (`inPeriod`).
 */
export function withinAnyPeriod(scope: ReportScope, at: SQL | PgColumn): SQL {
  if (scope.teams.length === 0) return sql`false`;
  const starts = scope.teams.map((team) => team.startsAt!.getTime());
  const ends = scope.teams.map((team) => team.endsAt!.getTime());
  return sql`(${at} >= ${new Date(Math.min(...starts)).toISOString()}::timestamptz and ${at} < ${new Date(Math.max(...ends)).toISOString()}::timestamptz)`;
}

/** `at` lies in the period of the row's team (joined as `w`). */
export function inPeriod(at: SQL | PgColumn): SQL {
  return sql`(${at} >= w.starts_at and ${at} < w.ends_at)`;
}
