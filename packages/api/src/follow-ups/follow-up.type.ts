import type { BuyingSignal, ContactChannel, FollowUpKind, FollowUpOutcome, FollowUpStatus, InterestChange } from "@sales/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import {
  BuyingSignalEnum,
  ContactChannelEnum,
  FollowUpKindEnum,
  FollowUpOutcomeEnum,
  FollowUpStatusEnum,
  InterestChangeEnum,
} from "../graphql/enums.ts";
import { PageInfo } from "../graphql/page-info.type.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { Lead } from "../leads/lead.type.ts";

@ObjectType({ description: "A planned contact with a lead (SOP-3), or an unplanned one logged after the fact" })
export class FollowUp {
  @Field(() => ID)
  id!: string;

  @Field(() => FollowUpKindEnum)
  kind!: FollowUpKind;

  @Field(() => ContactChannelEnum, { description: "The planned channel" })
  channel!: ContactChannel;

  @Field(() => FollowUpStatusEnum)
  status!: FollowUpStatus;

  @Field(() => DateTimeScalar)
  dueAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "The first-contact deadline in force (SOP-3.1–3.3)" })
  slaDueAt!: Date | null;

  @Field(() => Boolean, { description: "False when the deadline lies past the team calendar's holiday data" })
  calendarCovered!: boolean;

  @Field(() => DateTimeScalar, { nullable: true })
  completedAt!: Date | null;

  @Field(() => FollowUpOutcomeEnum, { nullable: true, description: "What came of it, once done" })
  outcome!: FollowUpOutcome | null;

  @Field(() => ContactChannelEnum, { nullable: true, description: "How the contact actually took place, once done" })
  channelUsed!: ContactChannel | null;

  @Field(() => InterestChangeEnum, { nullable: true, description: "SOP-3.4 the customer's interest after the contact" })
  interest!: InterestChange | null;

  @Field(() => [BuyingSignalEnum], { description: "SOP-4.1/4.2 signals the rep noticed" })
  signals!: BuyingSignal[];

  @Field(() => String, { nullable: true })
  note!: string | null;

  @Field(() => Boolean, { description: "Logged with logActivity: a contact nobody planned" })
  unplanned!: boolean;

  @Field(() => Int)
  version!: number;

  leadId!: string;
  teamId!: string;
  ownerId!: string;
  completedById!: string | null;
  previousId!: string | null;
}

@ObjectType()
export class FollowUpEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => FollowUp)
  node!: FollowUp;
}

@ObjectType({ description: "Open follow-ups, overdue first, then by due time" })
export class FollowUpConnection {
  @Field(() => [FollowUpEdge])
  edges!: FollowUpEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}

@ObjectType()
export class CompleteFollowUpPayload {
  @Field(() => FollowUp)
  completed!: FollowUp;

  @Field(() => FollowUp, { nullable: true, description: "The follow-up planned after this one, if any" })
  next!: FollowUp | null;

  @Field(() => Lead)
  lead!: Lead;
}

@ObjectType()
export class LogActivityPayload {
  @Field(() => FollowUp, { description: "The logged contact, recorded as a done, unplanned follow-up" })
  activity!: FollowUp;

  @Field(() => FollowUp, { nullable: true, description: "The follow-up planned after the contact, if any" })
  next!: FollowUp | null;

  @Field(() => [FollowUp], { description: "SOP-3.5 open follow-ups the contact replaced (first contact, cadence, nurture)" })
  cancelled!: FollowUp[];

  @Field(() => Lead)
  lead!: Lead;
}
