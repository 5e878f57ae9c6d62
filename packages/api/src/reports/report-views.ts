// Small pieces every report resolver uses to turn a computed report into its GraphQL view.
import { ratio as domainRatio, type CurrencyCode } from "@sales/domain";
import { actorOf, type RequestContext } from "../context/request-context.ts";
import { toMoney, type Money } from "../money/money.type.ts";
import { encodeDrill, type DrillReport } from "./drill-token.ts";
import type { ReportFilterArgs, ReportPeriodArgs } from "./report.args.ts";
import { resolveReportScope, type ReportPeriod, type ReportScope } from "./report-scope.ts";
import type { MoneyRatio, Ratio, ReportTeam } from "./report.type.ts";

/** The scope of a report of what stands now (no period), checking the filter arguments. */
export function reportScopeNow(ctx: RequestContext, args: ReportFilterArgs): Promise<ReportScope> {
  return scopeOf(ctx, args, null);
}

/** The scope of a report over the period of `args`, checking the filters and the period. */
export function reportScopeOverPeriod(ctx: RequestContext, args: ReportPeriodArgs): Promise<ReportScope> {
  return scopeOf(ctx, args, { from: args.from, to: args.to });
}

function scopeOf(ctx: RequestContext, args: ReportFilterArgs, period: ReportPeriod | null): Promise<ReportScope> {
  const actor = actorOf(ctx);
  return resolveReportScope(ctx.reportDb, actor.user, { teamId: args.teamId ?? null, ownerId: args.ownerId ?? null, period, now: actor.now });
}

export function reportTeams(scope: ReportScope): ReportTeam[] {
  return scope.teams.map((team) => ({ id: team.id, name: team.name, timeZone: team.timeZone, today: team.today }));
}

export function ratio(numerator: number, denominator: number): Ratio {
  return domainRatio(numerator, denominator);
}

/** A drill token for a figure of `report` over `scope`, with the figure's own parameters (absent ones left out). */
export function drillToken(report: DrillReport, scope: ReportScope, params: Record<string, string | null | undefined>): string {
  const present = Object.fromEntries(Object.entries(params).filter((entry): entry is [string, string] => typeof entry[1] === "string"));
  return encodeDrill({ report, teamId: scope.filter.teamId, ownerId: scope.filter.ownerId, period: scope.period, params: present });
}

/** Sums per currency as SQL returns them (`currency`, an integer amount as text), as Money, by currency code. */
export function moneyByCurrency(rows: readonly { currency: string; amount: string | bigint | number | null }[]): Money[] {
  return rows
    .filter((row) => row.amount !== null)
    .map((row) => toMoney(BigInt(row.amount!), row.currency as CurrencyCode))
    .sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
}

/** numerator ÷ denominator of two amounts in one currency (integer minor units). */
export function moneyRatio(currency: CurrencyCode, numeratorMinor: bigint, denominatorMinor: bigint): MoneyRatio {
  return {
    currency,
    numerator: toMoney(numeratorMinor, currency),
    denominator: toMoney(denominatorMinor, currency),
    value: denominatorMinor === 0n ? null : Number(numeratorMinor) / Number(denominatorMinor),
  };
}
