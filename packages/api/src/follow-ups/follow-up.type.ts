import type { ContactChannel, FollowUpKind, FollowUpStatus } from "@sales/domain";
import { Field, ID, ObjectType } from "type-graphql";
import { ContactChannelEnum, FollowUpKindEnum, FollowUpStatusEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "A planned contact with a lead (SOP-3)" })
export class FollowUp {
  @Field(() => ID)
  id!: string;

  @Field(() => FollowUpKindEnum)
  kind!: FollowUpKind;

  @Field(() => ContactChannelEnum)
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

  leadId!: string;
}
