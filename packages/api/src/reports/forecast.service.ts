// Issue 9 report 4: the forecast (销售预测). Open opportunities by the month they are expected to
// close, for the months starting with each team's current month (in its own time zone), with
// their value weighted by the team playbook's win probability per stage; deals whose close date
// has already passed are shown apart, never dropped.
import { forecastMonthLabels, OPEN_STAGES, validateForecastMonths, type OpenStage } from "@sales/domain";
import { and, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { drillParam, optionalDrillParam, type DrillSpec } from "./drill-token.ts";
import { closeDatePassed, isOpen, stageProbabilities, weightedValueSum } from "./report-predicates.ts";
import { inScope, teamWindows, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

/** A sum per currency as SQL returns it: integer minor units as text. */
export interface CurrencyAmount {
  currency: string;
  amount: string;
}

export interface ForecastFigure {
  count: number;
  total: CurrencyAmount[];
  weighted: CurrencyAmount[];
}

export interface ForecastStageFigure extends ForecastFigure {
  stage: OpenStage;
}

export interface ForecastMonthFigure extends ForecastFigure {
  /** YYYY-MM */
  month: string;
  /** Every open stage, zeros included. */
  byStage: ForecastStageFigure[];
}

export interface ForecastReport {
  months: number;
  /** Every month of every team's horizon, zeros included; none when the scope has no team. */
  byMonth: ForecastMonthFigure[];
  closeDatePassed: { count: number; total: CurrencyAmount[] };
}

/** The horizon, checked: BAD_USER_INPUT naming `months` otherwise. */
export function checkForecastMonths(months: number): number {
  const checked = validateForecastMonths(months);
  if (!checked.ok) throw AppError.badInput(fieldProblems(checked.error, ""));
  return checked.value;
}

/** The calendar month an opportunity is expected to close in, as the month label. */
const closeMonth = sql`to_char(${opportunities.expectedCloseOn}, 'YYYY-MM')`;

/**
 * Open and expected to close from its team's today (`w` joined) to the end of its team's
 * `months`-th month: a date before today is closeDatePassed instead, so the two never overlap.
 */
function inForecastHorizon(months: number): SQL {
  return sql`(${isOpen} and ${opportunities.expectedCloseOn} >= w.today
    and ${opportunities.expectedCloseOn} < (date_trunc('month', w.today::timestamp) + make_interval(months => ${months}::int))::date)`;
}

interface MonthRow {
  month: string;
  stage: OpenStage | null;
  currency: string | null;
  by_stage: number;
  by_currency: number;
  count: number;
  total: string;
  weighted: string;
}

export function pipelineForecast(db: Executor, scope: ReportScope, months: number): Promise<ForecastReport> {
  return withoutParallelWorkers(db, (tx) => forecastOf(tx, scope, months));
}

async function forecastOf(db: Executor, scope: ReportScope, months: number): Promise<ForecastReport> {
  if (scope.teams.length === 0) return { months, byMonth: [], closeDatePassed: { count: 0, total: [] } };
  const windows = teamWindows(scope);
  const [monthRows, passedRows] = await Promise.all([
    rawRows<MonthRow>(
      db,
      sql`select ${closeMonth} as month, ${opportunities.stage} as stage, ${opportunities.currency} as currency,
            grouping(${opportunities.stage}) as by_stage, grouping(${opportunities.currency}) as by_currency,
            count(*)::int as count, sum(${opportunities.estimatedValueMinor})::text as total, ${weightedValueSum}::text as weighted
          from ${opportunities}
          join ${windows} on w.team_id = ${opportunities.teamId}
          join ${stageProbabilities(scope)} on p.team_id = ${opportunities.teamId} and p.stage = ${opportunities.stage}
          where ${inForecastHorizon(months)} and ${inScope(scope, opportunities)}
          group by grouping sets ((${closeMonth}), (${closeMonth}, ${opportunities.currency}), (${closeMonth}, ${opportunities.stage}),
            (${closeMonth}, ${opportunities.stage}, ${opportunities.currency}))`,
    ),
    rawRows<{ currency: string | null; by_currency: number; count: number; total: string }>(
      db,
      sql`select ${opportunities.currency} as currency, grouping(${opportunities.currency}) as by_currency,
            count(*)::int as count, sum(${opportunities.estimatedValueMinor})::text as total
          from ${opportunities}
          join ${windows} on w.team_id = ${opportunities.teamId}
          where ${closeDatePassed} and ${inScope(scope, opportunities)}
          group by grouping sets ((), (${opportunities.currency}))`,
    ),
  ]);

  const figure = (month: string, stage: OpenStage | null): ForecastFigure => {
    const rows = monthRows.filter((row) => row.month === month && (stage === null ? Number(row.by_stage) === 1 : row.stage === stage));
    const perCurrency = rows.filter((row) => Number(row.by_currency) === 0);
    return {
      count: Number(rows.find((row) => Number(row.by_currency) === 1)?.count ?? 0),
      total: perCurrency.map((row) => ({ currency: row.currency!, amount: row.total })),
      weighted: perCurrency.map((row) => ({ currency: row.currency!, amount: row.weighted })),
    };
  };
  const labels = forecastMonthLabels(
    scope.teams.map((team) => team.today),
    months,
  );
  return {
    months,
    byMonth: labels.map((month) => ({
      month,
      ...figure(month, null),
      byStage: OPEN_STAGES.map((stage) => ({ stage, ...figure(month, stage) })),
    })),
    closeDatePassed: {
      count: Number(passedRows.find((row) => Number(row.by_currency) === 1)?.count ?? 0),
      total: passedRows.filter((row) => Number(row.by_currency) === 0).map((row) => ({ currency: row.currency!, amount: row.total })),
    },
  };
}

/** The win probability of `stage` when every team in scope uses the same one; null when they differ (or there is no team). */
export function agreedWinProbability(scope: ReportScope, stage: OpenStage): number | null {
  const percents = new Set(scope.teams.map((team) => team.rules.playbook.pipeline.winProbabilityPercent[stage]));
  return percents.size === 1 ? [...percents][0]! : null;
}

export const FORECAST_FIGURES = ["MONTH", "CLOSE_DATE_PASSED"] as const;

const MONTH_LABEL = /^\d{4}-(0[1-9]|1[0-2])$/;

/** What a forecast figure's drill token selects: the opportunities of a month (and stage), or those whose close date has passed. */
export function forecastDrill(spec: DrillSpec, scope: ReportScope): { subject: "OPPORTUNITY"; condition: SQL } {
  const refused = () => AppError.badInput([{ field: "drill", message: "is not a drill token a report returned" }]);
  const figure = drillParam(spec, "figure", FORECAST_FIGURES, "drill");
  if (figure === "CLOSE_DATE_PASSED") return { subject: "OPPORTUNITY", condition: and(closeDatePassed, inScope(scope, opportunities))! };
  const month = spec.params.month;
  const months = Number(spec.params.months);
  if (month === undefined || !MONTH_LABEL.test(month) || !validateForecastMonths(months).ok) throw refused();
  const stage = optionalDrillParam(spec, "stage", OPEN_STAGES, "drill");
  return {
    subject: "OPPORTUNITY",
    condition: and(
      inForecastHorizon(months),
      sql`${closeMonth} = ${month}`,
      stage ? sql`${opportunities.stage} = ${stage}` : undefined,
      inScope(scope, opportunities),
    )!,
  };
}
