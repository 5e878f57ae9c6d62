import type { Tier } from "@sales/domain";
import { Field, Int, ObjectType } from "type-graphql";
import { TierEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { Lead } from "../leads/lead.type.ts";

@ObjectType({ description: "SOP-3.6 leads whose first contact fell due in the period, by what happened" })
export class FirstContactSlaCounts {
  @Field(() => Int, { description: "Leads whose first-contact deadline lies in the period" })
  due!: number;

  @Field(() => Int, { description: "Reached at or before the deadline" })
  contactedOnTime!: number;

  @Field(() => Int, { description: "Reached after the deadline" })
  contactedLate!: number;

  @Field(() => Int, { description: "Not reached yet (unanswered attempts do not count)" })
  stillOpen!: number;

  @Field(() => Int, { description: "Not reached yet, and the deadline has passed" })
  stillOpenOverdue!: number;

  @Field(() => Int, { description: "Deadline missed: contactedLate + stillOpenOverdue" })
  missed!: number;
}

@ObjectType({ description: "The first-contact SLA of the leads of one tier (the tier in force now)" })
export class FirstContactSlaTierRow extends FirstContactSlaCounts {
  @Field(() => TierEnum)
  tier!: Tier;
}

@ObjectType({ description: "The first-contact SLA of the leads of one rep (the current owner)" })
export class FirstContactSlaRepRow extends FirstContactSlaCounts {
  ownerId!: string;
}

@ObjectType({ description: "SOP-3.6 who kept and who missed first-contact deadlines in a period" })
export class FirstContactSlaReport {
  @Field(() => DateTimeScalar)
  from!: Date;

  @Field(() => DateTimeScalar, { description: "Exclusive" })
  to!: Date;

  @Field(() => DateTimeScalar, { description: "The time the report was computed at: what counts as overdue" })
  asOf!: Date;

  @Field(() => FirstContactSlaCounts)
  totals!: FirstContactSlaCounts;

  @Field(() => [FirstContactSlaTierRow], { description: "Tiers A, B and C, each present even with nothing due" })
  byTier!: FirstContactSlaTierRow[];

  @Field(() => [FirstContactSlaRepRow], { description: "Reps with leads due, those who missed most first" })
  byRep!: FirstContactSlaRepRow[];

  @Field(() => [Lead], { description: "Leads whose deadline was missed, earliest deadline first (at most 200)" })
  missed!: Lead[];

  teamId!: string;
}
