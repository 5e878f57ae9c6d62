// Issue 9, report 2: win/loss. The deals closed in the period (SOP-6.3: WON with a signed
// contract, LOST with a reason), what they were worth, why deals were lost, how far contracts
// came down from the approved proposal (SOP-5.3), and how many were signed under the price floor
// with the manager's approval (SOP-6.2/6.3). Floor amounts are never read out: only owner and
// manager may see a floor, and this report is also for analysts.
import { CURRENCY_CODES, LOSS_REASONS, type CurrencyCode, type LossReason } from "@sales/domain";
import { and, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposals, proposalVersions } from "../proposals/proposal.table.ts";
import { drillParam, type DrillSpec } from "./drill-token.ts";
import { closedEitherWayInPeriod, closedInPeriod } from "./report-predicates.ts";
import { inScope, teamWindows, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export interface CurrencyAmount {
  currency: CurrencyCode;
  amountMinor: bigint;
}

export interface WinLossOutcome {
  count: number;
  /** Per currency: the contract amount of won deals, the estimated value of lost ones. */
  amounts: CurrencyAmount[];
}

export interface LossReasonFigure extends WinLossOutcome {
  reason: LossReason;
}

export interface DiscountFigure {
  currency: CurrencyCode;
  /** Σ (approved total − contract); negative when contracts came in above the proposals. */
  discountMinor: bigint;
  /** Σ approved total. */
  approvedTotalMinor: bigint;
  deals: number;
}

export interface WinLossReport {
  won: WinLossOutcome;
  lost: WinLossOutcome;
  /** Ranked: most losses first, then by reason. */
  lossReasons: LossReasonFigure[];
  averageDiscount: DiscountFigure[];
  belowFloor: number;
}

const wonInPeriod = closedInPeriod("WON");
const lostInPeriod = closedInPeriod("LOST");

/** SOP-6.3 a contract under the floor frozen at negotiation: it was WON only through approveContract. */
const signedBelowFloor: SQL = and(wonInPeriod, sql`${opportunities.contractAmountMinor} < ${opportunities.frozenFloorMinor}`)!;

/**
 * The priced total of the won deal's latest approved proposal version (the ordering
 * negotiationFacts uses for "latest"), when it is in the deal's own currency; otherwise null, and
 * the deal is left out of the discount: amounts are never converted. A one-row select, joined
 * laterally by the count and used as a scalar by the drill.
 */
const latestApprovedTotal: SQL = sql`select case when ${proposalVersions.totalCurrency} = ${opportunities.currency} then ${proposalVersions.totalWithVatMinor} end as approved_total
  from ${proposalVersions} join ${proposals} on ${proposals.id} = ${proposalVersions.proposalId}
  where ${proposals.opportunityId} = ${opportunities.id} and ${opportunities.stage} = 'WON' and ${proposalVersions.status} = 'APPROVED'
  order by ${proposalVersions.submittedAt} desc, ${proposalVersions.number} desc limit 1`;

/** A won deal the average discount covers, given its latest approved total. */
function discounted(approvedTotal: SQL): SQL {
  return and(wonInPeriod, sql`${approvedTotal} is not null`)!;
}

interface WinLossRow {
  currency: CurrencyCode | null;
  loss_reason: LossReason | null;
  by_currency: number;
  by_reason: number;
  won: number;
  won_amount: string;
  lost: number;
  lost_amount: string;
  below_floor: number;
  discounted: number;
  discount: string | null;
  approved_total: string | null;
}

export function winLossReport(db: Executor, scope: ReportScope): Promise<WinLossReport> {
  return withoutParallelWorkers(db, (tx) => winLossOf(tx, scope));
}

async function winLossOf(db: Executor, scope: ReportScope): Promise<WinLossReport> {
  const rows = scope.teams.length === 0 ? [] : await winLossRows(db, scope);
  const ofCurrency = rows.filter((row) => Number(row.by_currency) === 0 && Number(row.by_reason) === 1);
  const total = rows.find((row) => Number(row.by_currency) === 1 && Number(row.by_reason) === 1);
  const amounts = (source: readonly WinLossRow[], pick: (row: WinLossRow) => string): CurrencyAmount[] =>
    source.map((row) => ({ currency: row.currency!, amountMinor: BigInt(pick(row)) }));
  // A currency is listed under an outcome when a deal in it closed that way, even at amount 0.
  const outcome = (count: (row: WinLossRow) => number, amount: (row: WinLossRow) => string): WinLossOutcome => ({
    count: total ? Number(count(total)) : 0,
    amounts: amounts(ofCurrency.filter((row) => Number(count(row)) > 0), amount),
  });
  const lossReasons = LOSS_REASONS.flatMap((reason): LossReasonFigure[] => {
    const reasonTotal = rows.find((row) => row.loss_reason === reason && Number(row.by_currency) === 1 && Number(row.by_reason) === 0);
    if (!reasonTotal || Number(reasonTotal.lost) === 0) return [];
    const perCurrency = rows.filter((row) => row.loss_reason === reason && Number(row.by_currency) === 0 && Number(row.lost) > 0);
    return [{ reason, count: Number(reasonTotal.lost), amounts: amounts(perCurrency, (row) => row.lost_amount) }];
  }).sort((a, b) => b.count - a.count || (a.reason < b.reason ? -1 : 1));
  return {
    won: outcome((row) => row.won, (row) => row.won_amount),
    lost: outcome((row) => row.lost, (row) => row.lost_amount),
    lossReasons,
    averageDiscount: ofCurrency
      .filter((row) => Number(row.discounted) > 0)
      .map((row) => ({
        currency: row.currency!,
        discountMinor: BigInt(row.discount!),
        approvedTotalMinor: BigInt(row.approved_total!),
        deals: Number(row.discounted),
      })),
    belowFloor: total ? Number(total.below_floor) : 0,
  };
}

/** One pass over the deals closed in the period, totalled overall, per currency, per loss reason and per reason and currency. */
async function winLossRows(db: Executor, scope: ReportScope): Promise<WinLossRow[]> {
  return rawRows<WinLossRow>(
    db,
    sql`select currency, loss_reason, grouping(currency) as by_currency, grouping(loss_reason) as by_reason,
          count(*) filter (where won)::int as won,
          coalesce(sum(contract) filter (where won), 0)::text as won_amount,
          count(*) filter (where lost)::int as lost,
          coalesce(sum(estimated) filter (where lost), 0)::text as lost_amount,
          count(*) filter (where below_floor)::int as below_floor,
          count(*) filter (where discounted)::int as discounted,
          sum(approved_total - contract) filter (where discounted)::text as discount,
          sum(approved_total) filter (where discounted)::text as approved_total
        from (select ${opportunities.currency} as currency, ${opportunities.lossReason} as loss_reason,
                ${wonInPeriod} as won, ${lostInPeriod} as lost, ${signedBelowFloor} as below_floor, ${discounted(sql`a.approved_total`)} as discounted,
                ${opportunities.contractAmountMinor} as contract, ${opportunities.estimatedValueMinor} as estimated, a.approved_total
              from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
              left join lateral (${latestApprovedTotal}) as a on true
              where ${closedEitherWayInPeriod} and ${inScope(scope, opportunities)}) as closed
        group by grouping sets ((), (currency), (loss_reason), (loss_reason, currency))
        order by currency`,
  );
}

export const WIN_LOSS_FIGURES = ["WON", "LOST", "LOSS_REASON", "BELOW_FLOOR", "DISCOUNT"] as const;
export type WinLossFigure = (typeof WIN_LOSS_FIGURES)[number];

/** What a win/loss figure's drill token selects: always opportunities, by the predicates the counts use. */
export function winLossDrill(spec: DrillSpec, scope: ReportScope): { subject: "OPPORTUNITY"; condition: SQL } {
  const figure = drillParam(spec, "figure", WIN_LOSS_FIGURES, "drill");
  const condition = (() => {
    switch (figure) {
      case "WON":
        return wonInPeriod;
      case "LOST":
        return lostInPeriod;
      case "LOSS_REASON":
        return and(lostInPeriod, sql`${opportunities.lossReason} = ${drillParam(spec, "reason", LOSS_REASONS, "drill")}`)!;
      case "BELOW_FLOOR":
        return signedBelowFloor;
      case "DISCOUNT":
        return and(discounted(sql`(${latestApprovedTotal})`), sql`${opportunities.currency} = ${drillParam(spec, "currency", CURRENCY_CODES, "drill")}`)!;
    }
  })();
  return { subject: "OPPORTUNITY", condition: and(condition, inScope(scope, opportunities))! };
}
