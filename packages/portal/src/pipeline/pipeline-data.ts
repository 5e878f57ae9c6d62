import type { Money } from "../format/money.ts";
import type { introspection_types } from "../graphql/graphql-env.d.ts";

export type PipelineStage = introspection_types["PipelineStage"]["enumValues"];
export type Tier = introspection_types["Tier"]["enumValues"];
export type OpportunityOrder = introspection_types["OpportunityOrder"]["enumValues"];

/**
 * The open stages in pipeline order (sop.md, "Pipeline stages": OPPORTUNITY → PROPOSAL →
 * IN_REVIEW → NEGOTIATION, then WON | LOST). The check below fails typecheck when the schema
 * gains an open stage the board has no column for.
 */
export const OPEN_STAGES = ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION"] as const satisfies readonly PipelineStage[];
export type OpenStage = (typeof OPEN_STAGES)[number];
type Unboarded = Exclude<PipelineStage, OpenStage | "WON" | "LOST">;
const everyOpenStageHasAColumn: [Unboarded] extends [never] ? true : Unboarded = true;
void everyOpenStageHasAColumn;

export const TIERS = ["A", "B", "C"] as const satisfies readonly Tier[];

/** What a person picked in the board's filters; empty strings are "all". */
export interface BoardFilters {
  ownerId: string;
  teamId: string;
  tier: Tier | "";
  /** YYYY-MM, from <input type="month">. */
  closeMonth: string;
}

export const NO_FILTERS: BoardFilters = { ownerId: "", teamId: "", tier: "", closeMonth: "" };

export interface OpportunityFilter {
  ownerId?: string[];
  teamId?: string[];
  tier?: Tier[];
  closeFrom?: string;
  closeTo?: string;
  stage?: PipelineStage[];
}

/**
 * The filters as the API's OpportunityFilterInput: the API does the filtering (and decides what
 * the viewer may see at all); a close month is its first to its last calendar day.
 */
export function opportunityFilter(filters: BoardFilters, stages: readonly PipelineStage[]): OpportunityFilter {
  const filter: OpportunityFilter = { stage: [...stages] };
  if (filters.ownerId) filter.ownerId = [filters.ownerId];
  if (filters.teamId) filter.teamId = [filters.teamId];
  if (filters.tier) filter.tier = [filters.tier];
  const range = closeMonthRange(filters.closeMonth);
  if (range) Object.assign(filter, range);
  return filter;
}

/** "2027-02" → 2027-02-01 … 2027-02-28 (calendar dates, no time zone involved); null when not a month. */
export function closeMonthRange(month: string): { closeFrom: string; closeTo: string } | null {
  const match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (!match) return null;
  const year = Number(match[1]);
  const monthNumber = Number(match[2]);
  const lastDay = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return { closeFrom: `${month}-01`, closeTo: `${month}-${String(lastDay).padStart(2, "0")}` };
}

export interface StageTotal {
  count: number;
  /** Per currency, in order of first appearance, never converted; exact integer minor units. */
  value: Money[];
}

/**
 * Each open stage's column head from the API's byStage (OpportunityConnection.byStage: count and
 * value per currency, exact integer minor units, summed by the API). byStage lists only stages
 * with a match, so a stage it leaves out has nothing: 0 and no value. Stages that are not open
 * (the filter asks for none) are ignored.
 */
export function columnHeads(byStage: readonly { stage: PipelineStage; count: number; value: readonly Money[] }[]): Record<OpenStage, StageTotal> {
  return Object.fromEntries(
    OPEN_STAGES.map((stage) => {
      const total = byStage.find((entry) => entry.stage === stage);
      return [stage, { count: total?.count ?? 0, value: total ? total.value.map(({ amount, currency }) => ({ amount, currency })) : [] }];
    }),
  ) as Record<OpenStage, StageTotal>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Whole days (of 24 hours) in the current stage: the API's duration of the stage history's open
 * entry (the one not yet left). Null when the API sent no open entry.
 */
export function daysInCurrentStage(stageHistory: readonly { leftAt: string | null; durationMs: number }[]): number | null {
  const current = stageHistory.findLast((change) => change.leftAt === null);
  return current ? Math.floor(current.durationMs / DAY_MS) : null;
}

/** Whole days of a duration in milliseconds (the API's), and the hours left over. */
export function daysAndHours(durationMs: number): { days: number; hours: number } {
  const hours = Math.floor(durationMs / (60 * 60 * 1000));
  return { days: Math.floor(hours / 24), hours: hours % 24 };
}

/** The sort a list column header toggles: ascending first, then descending. */
export function nextOrder(current: OpportunityOrder, column: "CLOSE_DATE" | "VALUE" | "CREATED"): OpportunityOrder {
  return current === `${column}_ASC` ? `${column}_DESC` : `${column}_ASC`;
}

/** aria-sort of a list column header under the current order. */
export function ariaSort(current: OpportunityOrder, column: "CLOSE_DATE" | "VALUE" | "CREATED"): "ascending" | "descending" | "none" {
  if (current === `${column}_ASC`) return "ascending";
  if (current === `${column}_DESC`) return "descending";
  return "none";
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale} ${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** A LocalDate (YYYY-MM-DD, a calendar date) as it is, worded for the language: 2027年2月19日 / Feb 19, 2027. */
export function formatLocalDate(date: string, locale: string): string {
  return dateFormat(locale, "UTC").format(new Date(`${date}T00:00:00Z`));
}

/** The calendar date of an instant in a time zone (the team's), worded for the language. */
export function formatDateIn(iso: string, locale: string, timeZone: string): string {
  return dateFormat(locale, timeZone).format(new Date(iso));
}
