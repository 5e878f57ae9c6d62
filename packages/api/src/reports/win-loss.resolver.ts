import { CURRENCY_CODES } from "@sales/domain";
import { Args, Authorized, Ctx, Query, Resolver } from "type-graphql";
import { LEAD_READER_ROLES } from "../access/visibility.ts";
import type { RequestContext } from "../context/request-context.ts";
import { toMoney } from "../money/money.type.ts";
import { ReportPeriodArgs } from "./report.args.ts";
import { drillToken, moneyRatio, ratio, reportScopeOverPeriod, reportTeams } from "./report-views.ts";
import { winLossReport, type CurrencyAmount } from "./win-loss.service.ts";
import { WinLossReport } from "./win-loss.type.ts";

@Resolver(() => WinLossReport)
export class WinLossResolver {
  @Authorized(LEAD_READER_ROLES)
  @Query(() => WinLossReport, {
    description: "Issue 9 report 2: deals won and lost in the period, win rate by count and by value, loss reasons, discounts from the approved proposal, contracts below the floor",
  })
  async winLoss(@Args(() => ReportPeriodArgs) args: ReportPeriodArgs, @Ctx() ctx: RequestContext): Promise<WinLossReport> {
    const scope = await reportScopeOverPeriod(ctx, args);
    const report = await winLossReport(ctx.reportDb, scope);
    const money = (amounts: readonly CurrencyAmount[]) => amounts.map((amount) => toMoney(amount.amountMinor, amount.currency));
    const amountIn = (amounts: readonly CurrencyAmount[], currency: string) => amounts.find((amount) => amount.currency === currency)?.amountMinor ?? 0n;
    const closedCurrencies = [...CURRENCY_CODES].sort().filter((currency) =>
      [...report.won.amounts, ...report.lost.amounts].some((amount) => amount.currency === currency),
    );
    return {
      from: args.from,
      to: args.to,
      teams: reportTeams(scope),
      won: { count: report.won.count, amount: money(report.won.amounts), drill: drillToken("WIN_LOSS", scope, { figure: "WON" }) },
      lost: { count: report.lost.count, amount: money(report.lost.amounts), drill: drillToken("WIN_LOSS", scope, { figure: "LOST" }) },
      winRate: ratio(report.won.count, report.won.count + report.lost.count),
      winRateByValue: closedCurrencies.map((currency) => {
        const won = amountIn(report.won.amounts, currency);
        return moneyRatio(currency, won, won + amountIn(report.lost.amounts, currency));
      }),
      lossReasons: report.lossReasons.map((figure) => ({
        reason: figure.reason,
        count: figure.count,
        share: ratio(figure.count, report.lost.count),
        amount: money(figure.amounts),
        drill: drillToken("WIN_LOSS", scope, { figure: "LOSS_REASON", reason: figure.reason }),
      })),
      averageDiscount: report.averageDiscount.map((figure) => ({
        discount: moneyRatio(figure.currency, figure.discountMinor, figure.approvedTotalMinor),
        deals: figure.deals,
        drill: drillToken("WIN_LOSS", scope, { figure: "DISCOUNT", currency: figure.currency }),
      })),
      belowFloor: { count: report.belowFloor, drill: drillToken("WIN_LOSS", scope, { figure: "BELOW_FLOOR" }) },
    };
  }
}
