// The definitions several reports share, written once so that "won in the period" or "open" means
// the same in the win/loss report, velocity and the rep scorecard. Each is a condition on the
// `opportunities` row, with the scope's team windows joined as `w` (report-scope.ts).
import { OPEN_STAGES, type OpenStage } from "@sales/domain";
import { sql, type SQL } from "drizzle-orm";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { inPeriod, type ReportScope, type ScopeTeam } from "./report-scope.ts";

const OPEN_STAGE_LIST = sql.raw(OPEN_STAGES.map((stage) => `'${stage}'`).join(", "));

/** In an open stage now: it can still be won or lost. */
export const isOpen: SQL = sql`${opportunities.stage} in (${OPEN_STAGE_LIST})`;

/**
 * WON (or LOST) now, and it got there in the period: closed deals are counted in the period they
 * closed, by their latest move into WON or LOST (a deal lost, reopened and lost again counts once,
 * when it was lost last).
 */
export function closedInPeriod(outcome: "WON" | "LOST"): SQL {
  return sql`(${opportunities.stage} = ${outcome} and ${inPeriod(opportunities.stageEnteredAt)})`;
}

/**
 * Open, and its expected close date is before its team's today (`w` joined): the forecast shows
 * these apart from its months and the at-risk report lists them (issue 9 reports 4 and 6).
 */
export const closeDatePassed: SQL = sql`(${isOpen} and ${opportunities.expectedCloseOn} < w.today)`;

/** Either outcome in the period: what a win rate divides by. */
export const closedEitherWayInPeriod: SQL = sql`(${opportunities.stage} in ('WON', 'LOST') and ${inPeriod(opportunities.stageEnteredAt)})`;

/**
 * A playbook setting kept per open stage, for each of the scope's teams, as a table
 * `alias(team_id, stage, column)` to join on an opportunity's team and stage.
 */
export function perTeamStageSetting(scope: ReportScope, alias: string, column: string, setting: (team: ScopeTeam, stage: OpenStage) => number): SQL {
  const rows = scope.teams.flatMap((team) => OPEN_STAGES.map((stage) => sql`(${team.id}::uuid, ${stage}::text, ${setting(team, stage)}::int)`));
  return sql`(values ${sql.join(rows, sql`, `)}) as ${sql.identifier(alias)}(team_id, stage, ${sql.identifier(column)})`;
}

/** Each team's win probability per open stage from its playbook, as `p(team_id, stage, percent)` (the forecast's weights). */
export function stageProbabilities(scope: ReportScope): SQL {
  return perTeamStageSetting(scope, "p", "percent", (team, stage) => team.rules.playbook.pipeline.winProbabilityPercent[stage]);
}

/**
 * Value × probability, summed and rounded half-up to a whole minor unit once per sum (rounding
 * each deal first would drift on a large pipeline). Needs `p` joined.
 */
export const weightedValueSum: SQL = sql`round(sum(${opportunities.estimatedValueMinor}::numeric * p.percent) / 100)`;
