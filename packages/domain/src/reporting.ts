// Issue 9, pipeline reports: the definitions every report shares, so the API's SQL, the portal
// and an analyst all mean the same thing by "reached", "moved backwards" or "win rate".
import { DateTime } from "luxon";
import type { BusinessCalendar } from "./calendar/business-calendar.ts";
import { addDays, isIsoDate } from "./calendar/iso-date.ts";
import type { PipelineStage } from "./pipeline.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";

/**
 * The funnel's steps (sop.md "Pipeline stages"): a lead is captured, assessed (SOP-2), then its
 * opportunity moves through the stages to WON. LOST is an exit, not a step.
 */
export const FUNNEL_STEPS = ["CAPTURED", "ASSESSED", "OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON"] as const;
export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** The open stages and WON in pipeline order; a move to a lower rank is a move backwards. */
const STAGE_RANK: Readonly<Record<PipelineStage, number | null>> = {
  OPPORTUNITY: 1,
  PROPOSAL: 2,
  IN_REVIEW: 3,
  NEGOTIATION: 4,
  WON: 5,
  LOST: null,
};

export function stageRank(stage: PipelineStage): number | null {
  return STAGE_RANK[stage];
}

/** The stages an opportunity can reach, in pipeline order: all but LOST, which is an exit. */
export const REACHABLE_STAGES = ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON"] as const satisfies readonly PipelineStage[];
export type ReachableStage = (typeof REACHABLE_STAGES)[number];

/** The pipeline stages from `stage` on, in order (LOST never): what "reached `stage`" includes. */
export function stagesFrom(stage: ReachableStage): ReachableStage[] {
  const rank = STAGE_RANK[stage]!;
  return REACHABLE_STAGES.filter((candidate) => STAGE_RANK[candidate]! >= rank);
}

/**
 * The furthest stage an opportunity has reached once it enters `entered`: a move back (a
 * rejected proposal) or to LOST leaves it where it was, so a lost deal still counts as having
 * reached IN_REVIEW in the funnel.
 */
export function furthestStageAfter(reached: ReachableStage, entered: PipelineStage): ReachableStage {
  const rank = STAGE_RANK[entered];
  return rank !== null && rank > STAGE_RANK[reached]! ? (entered as ReachableStage) : reached;
}

/** What a recorded stage move means in the pipeline-changes report (Salesforce's "pipeline inspection"). */
export const STAGE_MOVE_KINDS = ["CREATED", "MOVED_FORWARD", "MOVED_BACKWARD", "WON", "LOST", "REOPENED"] as const;
export type StageMoveKind = (typeof STAGE_MOVE_KINDS)[number];

export function classifyStageMove(from: PipelineStage | null, to: PipelineStage): StageMoveKind {
  if (from === null) return "CREATED";
  if (to === "WON") return "WON";
  if (to === "LOST") return "LOST";
  if (from === "LOST") return "REOPENED";
  return STAGE_RANK[to]! > STAGE_RANK[from]! ? "MOVED_FORWARD" : "MOVED_BACKWARD";
}

/** A share with what it was computed from, so a client can add rows up and divide again. */
export interface Ratio {
  numerator: number;
  denominator: number;
  /** numerator ÷ denominator; null when nothing was counted. */
  value: number | null;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { numerator, denominator, value: denominator === 0 ? null : numerator / denominator };
}

/**
 * The sales-velocity figure: how much value the pipeline turns into won business per day, as
 * open opportunities × average won value × win rate ÷ average sales cycle in days. Null when
 * any factor is unknown (nothing won or closed, or no cycle measured). Minor units per day,
 * rounded half-up to a whole minor unit.
 */
export function salesVelocity(input: {
  openOpportunities: number;
  averageWonValueMinor: number | null;
  winRate: number | null;
  averageCycleDays: number | null;
}): number | null {
  const { openOpportunities, averageWonValueMinor, winRate, averageCycleDays } = input;
  if (averageWonValueMinor === null || winRate === null || averageCycleDays === null || averageCycleDays <= 0) return null;
  return Math.round((openOpportunities * averageWonValueMinor * winRate) / averageCycleDays);
}

/** The longest report period: two years of daily work keeps every report a bounded scan. */
export const MAX_REPORT_PERIOD_DAYS = 731;

/** A report period [from, to) of calendar dates, checked: `to` after `from`, at most two years. */
export function validateReportPeriod(from: string, to: string): Result<{ from: string; to: string }, FieldError[]> {
  const errors: FieldError[] = [];
  if (!isIsoDate(from)) errors.push({ field: "from", code: "INVALID_DATE", message: `from must be a date YYYY-MM-DD, got ${JSON.stringify(from)}` });
  if (!isIsoDate(to)) errors.push({ field: "to", code: "INVALID_DATE", message: `to must be a date YYYY-MM-DD, got ${JSON.stringify(to)}` });
  if (errors.length > 0) return err(errors);
  if (to <= from) return err([{ field: "to", code: "OUT_OF_RANGE", message: "to must be after from (the period is [from, to))" }]);
  if (to > addDays(from, MAX_REPORT_PERIOD_DAYS)) {
    return err([{ field: "to", code: "OUT_OF_RANGE", message: `a report period may span at most ${MAX_REPORT_PERIOD_DAYS} days` }]);
  }
  return ok({ from, to });
}

/** The first instant of a calendar date in the team's time zone: where a period starts or ends. */
export function startOfLocalDay(calendar: BusinessCalendar, date: string): Date {
  return DateTime.fromISO(date, { zone: calendar.timeZone }).startOf("day").toJSDate();
}

/** The first day of the month `months` after the month of `date` (YYYY-MM-01). */
export function monthStart(date: string, months = 0): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  const index = year * 12 + (month - 1) + months;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}-01`;
}

/** Issue 9 report 4: the forecast looks at most two years ahead, a month at a time. */
export const MAX_FORECAST_MONTHS = 24;

/** The forecast's horizon in months, checked: a whole number from 1 to MAX_FORECAST_MONTHS. */
export function validateForecastMonths(months: number): Result<number, FieldError[]> {
  if (!Number.isInteger(months) || months < 1 || months > MAX_FORECAST_MONTHS) {
    return err([{ field: "months", code: "OUT_OF_RANGE", message: `months must be a whole number from 1 to ${MAX_FORECAST_MONTHS}` }]);
  }
  return ok(months);
}

/**
 * The month labels (YYYY-MM) of a forecast of `months` months over teams whose todays are
 * `todays`: each team's months start with its own current month, so teams on either side of a
 * month's turn (Shanghai already in the new month, Los Angeles still in the old one) give
 * `months` + 1 labels between them. Sorted, each once.
 */
export function forecastMonthLabels(todays: readonly string[], months: number): string[] {
  const labels = new Set(todays.flatMap((today) => Array.from({ length: months }, (_, i) => monthStart(today, i).slice(0, 7))));
  return [...labels].sort();
}

/**
 * Issue 9 report 5: how far back pipelineChanges may look. Two years, like a report period, so
 * the scan of the stage history and the audit trail stays bounded.
 */
export const MAX_CHANGES_LOOKBACK_MS = MAX_REPORT_PERIOD_DAYS * 86_400_000;

/** `since` of pipelineChanges, checked against `now`: not in the future, at most two years back. */
export function validateChangesSince(since: Date, now: Date): Result<Date, FieldError[]> {
  if (Number.isNaN(since.getTime())) return err([{ field: "since", code: "INVALID_FORMAT", message: "since must be a moment (ISO-8601 with offset)" }]);
  if (since.getTime() > now.getTime()) return err([{ field: "since", code: "OUT_OF_RANGE", message: "since cannot be in the future" }]);
  if (now.getTime() - since.getTime() > MAX_CHANGES_LOOKBACK_MS) {
    return err([{ field: "since", code: "OUT_OF_RANGE", message: `since may be at most ${MAX_REPORT_PERIOD_DAYS} days back` }]);
  }
  return ok(since);
}
