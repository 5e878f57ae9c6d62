import type { LossReason } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { LossReasonEnum } from "../graphql/enums.ts";
import { Money } from "../money/money.type.ts";
import { MoneyRatio, Ratio, ReportOverPeriod } from "./report.type.ts";

const DRILL = "Pass to reportOpportunities for the deals behind `count`";

@ObjectType({ description: "Deals closed one way in the period: how many, and what they were worth" })
export class WinLossOutcome {
  @Field(() => Int)
  count!: number;

  @Field(() => [Money], {
    description:
      "Per currency, never converted: for won deals the signed contract amount (合同), for lost deals the estimated value; one entry per currency a deal closed in, by currency code",
  })
  amount!: Money[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({ description: "One loss reason (SOP-6.3) among the deals lost in the period" })
export class LossReasonFigure {
  @Field(() => LossReasonEnum)
  reason!: LossReason;

  @Field(() => Int)
  count!: number;

  @Field(() => Ratio, { description: "count ÷ all deals lost in the period" })
  share!: Ratio;

  @Field(() => [Money], { description: "The estimated value of these lost deals, per currency" })
  amount!: Money[];

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({
  description:
    "How far contracts came down from the approved proposal, in one currency: over the deals won in the period whose latest APPROVED proposal version was priced in the deal's currency (deals without such a version are left out)",
})
export class AverageDiscount {
  @Field(() => MoneyRatio, {
    description:
      "numerator Σ (approved proposal total with VAT − contract amount), denominator Σ approved proposal total: the average discount, weighted by amount. A negative numerator means contracts came in above the proposals",
  })
  discount!: MoneyRatio;

  @Field(() => Int, { description: "The won deals this covers" })
  deals!: number;

  @Field(() => String, { description: "Pass to reportOpportunities for the deals behind `deals`" })
  drill!: string;
}

@ObjectType({ description: "SOP-6.3 won deals whose contract is under the price floor (价格底线) frozen at negotiation: each needed the manager's approveContract" })
export class BelowFloorContracts {
  @Field(() => Int, { description: "How many; the floor amounts themselves are only shown to the deal's owner and manager, never here" })
  count!: number;

  @Field(() => String, { description: DRILL })
  drill!: string;
}

@ObjectType({
  description:
    "赢单 / 丢单 win/loss: the deals closed in the period, i.e. whose current stage is WON or LOST and was entered in the period, in each deal's team's time zone (a deal reopened and closed again counts once, when it closed last). A company-wide report counts each team's period in the team's own time zone",
})
export class WinLossReport extends ReportOverPeriod {
  @Field(() => WinLossOutcome)
  won!: WinLossOutcome;

  @Field(() => WinLossOutcome)
  lost!: WinLossOutcome;

  @Field(() => Ratio, { description: "Win rate (赢单率) by count: won ÷ (won + lost)" })
  winRate!: Ratio;

  @Field(() => [MoneyRatio], {
    description: "Win rate by value, per currency: won contract amount ÷ (won contract amount + lost estimated value); one per currency a deal closed in, by currency code",
  })
  winRateByValue!: MoneyRatio[];

  @Field(() => [LossReasonFigure], { description: "Every loss reason with at least one loss, most losses first, then by reason" })
  lossReasons!: LossReasonFigure[];

  @Field(() => [AverageDiscount], {
    description:
      "Average discount from the approved proposal to the contract, per currency with at least one covered deal, by currency code. Won deals whose latest APPROVED version is missing or priced in another currency are left out",
  })
  averageDiscount!: AverageDiscount[];

  @Field(() => BelowFloorContracts)
  belowFloor!: BelowFloorContracts;
}
