// Every report figure carries a `drill` token naming the rows behind it: which report, its
// filters and period, and the figure's own parameters (a funnel step, a tier, a loss reason…).
// The token holds conditions only, never ids of rows or rights: the rows are selected again with
// the caller's own visibility, so a token passed to someone else shows them only what they may see.
import { isIsoDate } from "@sales/domain";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";
import type { ReportFilter, ReportPeriod } from "./report-scope.ts";

export const DRILL_REPORTS = [
  "FUNNEL_COHORT",
  "FUNNEL_ACTIVITY",
  "WIN_LOSS",
  "VELOCITY",
  "FORECAST",
  "PIPELINE_CHANGES",
  "RISKS",
  "FOLLOW_UP_DISCIPLINE",
  "SCORECARD",
] as const;
export type DrillReport = (typeof DRILL_REPORTS)[number];

export interface DrillSpec extends ReportFilter {
  report: DrillReport;
  period: ReportPeriod | null;
  /** The figure's own parameters; each report checks its own when the token comes back. */
  params: Record<string, string>;
}

const MAX_TOKEN_LENGTH = 2_000;

export function encodeDrill(spec: DrillSpec): string {
  return Buffer.from(JSON.stringify(spec)).toString("base64url");
}

/** A token this API issued, checked field by field: anything else is BAD_USER_INPUT naming `field`. */
export function decodeDrill(token: string, field: string): DrillSpec {
  const refused = () => AppError.badInput([{ field, message: "is not a drill token a report returned" }]);
  if (token.length > MAX_TOKEN_LENGTH) throw refused();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
  } catch {
    throw refused();
  }
  if (typeof value !== "object" || value === null) throw refused();
  const spec = value as Record<string, unknown>;
  const idOrNull = (id: unknown) => id === null || (typeof id === "string" && isUuid(id));
  const period = spec.period as Record<string, unknown> | null | undefined;
  const periodValid = period === null || (typeof period === "object" && period !== undefined && isIsoDate(period.from) && isIsoDate(period.to));
  const params = spec.params as Record<string, unknown> | undefined;
  const paramsValid =
    typeof params === "object" && params !== null && !Array.isArray(params) && Object.values(params).every((param) => typeof param === "string");
  if (
    !(DRILL_REPORTS as readonly unknown[]).includes(spec.report) ||
    !idOrNull(spec.teamId) ||
    !idOrNull(spec.ownerId) ||
    !periodValid ||
    !paramsValid
  ) {
    throw refused();
  }
  return {
    report: spec.report as DrillReport,
    teamId: spec.teamId as string | null,
    ownerId: spec.ownerId as string | null,
    period: period ? { from: period.from as string, to: period.to as string } : null,
    params: params as Record<string, string>,
  };
}

/** A parameter that must be one of `values`; a token with another is refused, naming `field`. */
export function drillParam<const V extends string>(spec: DrillSpec, name: string, values: readonly V[], field: string): V {
  const value = spec.params[name];
  if (value === undefined || !(values as readonly string[]).includes(value)) {
    throw AppError.badInput([{ field, message: "is not a drill token a report returned" }]);
  }
  return value as V;
}

/** An optional parameter: absent, or one of `values`. */
export function optionalDrillParam<const V extends string>(spec: DrillSpec, name: string, values: readonly V[], field: string): V | null {
  return spec.params[name] === undefined ? null : drillParam(spec, name, values, field);
}
