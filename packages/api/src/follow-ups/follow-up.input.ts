import type { BuyingSignal, ContactChannel, FollowUpOutcome, InterestChange } from "@sales/domain";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { BuyingSignalEnum, ContactChannelEnum, FollowUpOutcomeEnum, InterestChangeEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";

export const QUEUE_MAX_PAGE_SIZE = 200;
export const NOTE_MAX_LENGTH = 2000;
export const RESCHEDULE_REASON_MAX_LENGTH = 1000;

/** What a rep records about a contact, planned (completeFollowUp) or not (logActivity). */
@InputType({ description: "What a rep records about a contact" })
export abstract class ContactRecordInput {
  @Field(() => FollowUpOutcomeEnum)
  outcome!: FollowUpOutcome;

  @Field(() => String, { nullable: true, description: `At most ${NOTE_MAX_LENGTH} characters` })
  note?: string | null;

  @Field(() => InterestChangeEnum, { defaultValue: "SAME", description: "SOP-3.4 RAISED flags the lead for re-assessment" })
  interest!: InterestChange;

  @Field(() => [BuyingSignalEnum], { defaultValue: [], description: "SOP-4.1/4.2 signals the rep noticed" })
  signals!: BuyingSignal[];

  @Field(() => DateTimeScalar, { nullable: true, description: "When the booked meeting takes place; required for MEETING_BOOKED" })
  meetingAt?: Date | null;

  @Field(() => ContactChannelEnum, { nullable: true, description: "How the booked meeting takes place; VISIT when left out" })
  meetingChannel?: ContactChannel | null;
}

@InputType({ description: "What came of a planned follow-up" })
export class CompleteFollowUpInput extends ContactRecordInput {
  @Field(() => ContactChannelEnum, { nullable: true, description: "How the contact took place; the planned channel when left out" })
  channelUsed?: ContactChannel | null;
}

@InputType({ description: "An unplanned contact (a call, a WeChat chat…) recorded after the fact" })
export class LogActivityInput extends ContactRecordInput {
  @Field(() => ContactChannelEnum, { description: "How the contact took place" })
  channelUsed!: ContactChannel;

  @Field(() => DateTimeScalar, { nullable: true, description: "When it happened; now when left out, never in the future" })
  occurredAt?: Date | null;
}

@ArgsType()
export class FollowUpQueueArgs {
  @Field(() => ID, { nullable: true, description: "Whose queue; yours when neither ownerId nor teamId is given" })
  ownerId?: string | null;

  @Field(() => ID, { nullable: true, description: "A whole team's queue (managers: their own team)" })
  teamId?: string | null;

  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${QUEUE_MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
