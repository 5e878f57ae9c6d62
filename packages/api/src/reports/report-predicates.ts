// The definitions several reports share, written once so that "won in the period" or "open" means
// the same in the win/loss report, velocity and the rep scorecard. Each is a condition on the
// `opportunities` row, with the scope's team windows joined as `w` (report-scope.ts).
import { OPEN_STAGES, type OpenStage } from "@sales/domain";
import { sql, type SQL } from "drizzle-orm";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { inPeriod, type ReportScope } from "./report-scope.ts";

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
 * Each team's win probability per open stage from its playbook, as a table
 * `p(team_id, stage, percent)` to join on an opportunity's team and stage (the forecast's weights).
 */
export function stageProbabilities(scope: ReportScope): SQL {
  const rows = scope.teams.flatMap((team) =>
    OPEN_STAGES.map(
      (stage: OpenStage) => sql`(${team.id}::uuid, ${stage}::text, ${team.rules.playbook.pipeline.winProbabilityPercent[stage]}::int)`,
    ),
  );
  return sql`(values ${sql.join(rows, sql`, `)}) as p(team_id, stage, percent)`;
}

/**
 * Value × probability, summed and rounded half-up to a whole minor unit once per sum (rounding
 * each deal first would drift on a large pipeline). Needs `p` joined.
 */
export const weightedValueSum: SQL = sql`round(sum(${opportunities.estimatedValueMinor}::numeric * p.percent) / 100)`;
