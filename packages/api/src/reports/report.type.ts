import { type ClassType, Field, Float, ID, Int, ObjectType } from "type-graphql";
import { LeadEdge } from "../leads/lead.type.ts";
import { Money } from "../money/money.type.ts";
import { OpportunityEdge } from "../opportunities/opportunity.type.ts";
import { PageInfo } from "../graphql/page-info.type.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";

@ObjectType({
  description:
    "A share with what it was computed from, so a client can add rows up and divide again: value = numerator ÷ denominator, null when the denominator is 0",
})
export class Ratio {
  @Field(() => Int)
  numerator!: number;

  @Field(() => Int)
  denominator!: number;

  @Field(() => Float, { nullable: true, description: "A decimal, 0.25 for 25 %" })
  value!: number | null;
}

@ObjectType({ description: "A team a report covers, with the time zone its periods and months are counted in" })
export class ReportTeam {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: "IANA time zone of the team's calendar; a company-wide report buckets each team in its own" })
  timeZone!: string;

  @Field(() => LocalDateScalar, { description: "The team's date when the report was computed" })
  today!: string;
}

// Not emitted (no field returns it): each report over a period inherits these fields.
@ObjectType("ReportOverPeriod")
export abstract class ReportOverPeriod {
  @Field(() => LocalDateScalar)
  from!: string;

  @Field(() => LocalDateScalar, { description: "Exclusive" })
  to!: string;

  @Field(() => [ReportTeam], { description: "The teams counted, each with the time zone its period is counted in" })
  teams!: ReportTeam[];
}

@ObjectType({ description: "The leads behind a report figure (see a figure's `drill`), newest first" })
export class ReportLeadPage {
  @Field(() => [LeadEdge])
  edges!: LeadEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({ description: "The opportunities behind a report figure (see a figure's `drill`), newest first" })
export class ReportOpportunityPage {
  @Field(() => [OpportunityEdge])
  edges!: OpportunityEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType({
  description:
    "A share of two amounts in one currency, with both amounts, so a client can add rows up and divide again: value = numerator ÷ denominator, null when the denominator is 0",
})
export class MoneyRatio {
  @Field(() => String, { description: "ISO 4217 code; amounts are never converted between currencies" })
  currency!: string;

  @Field(() => Money)
  numerator!: Money;

  @Field(() => Money)
  denominator!: Money;

  @Field(() => Float, { nullable: true, description: "A decimal, 0.25 for 25 %" })
  value!: number | null;
}

@ObjectType({ description: "A count with the rows behind it" })
export class DrilledCount {
  @Field(() => Int)
  count!: number;

  @Field(() => String, { description: "Pass to reportLeads for the leads behind the count" })
  drill!: string;
}

@ObjectType({ description: "A share with the rows behind its numerator and its denominator" })
export class DrilledRatio extends Ratio {
  @Field(() => String, { description: "Pass to reportLeads or reportOpportunities (as the figure says) for the rows behind the numerator" })
  numeratorDrill!: string;

  @Field(() => String, { description: "The rows behind the denominator, likewise" })
  denominatorDrill!: string;
}

@ObjectType({ description: "Amounts per currency, never converted nor added across currencies, with the opportunities behind them" })
export class DrilledMoney {
  @Field(() => [Money], { description: "One per currency present, by currency code" })
  amounts!: Money[];

  @Field(() => String, { description: "Pass to reportOpportunities for the opportunities behind the amounts (every currency)" })
  drill!: string;
}

/** The reps of a per-rep report, a page at a time (report-rep-page.ts); `name` is the page's GraphQL type. */
export function repPageType<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(name, { description: "Reps by name; page on with `after`" })
  class RepPage {
    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return RepPage;
}
