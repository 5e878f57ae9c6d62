import { Field, Float, ID, Int, ObjectType } from "type-graphql";
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
