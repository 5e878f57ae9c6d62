import type { LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { LeadChannelEnum, LeadStatusEnum, TierEnum } from "../graphql/enums.ts";

export const MAX_PAGE_SIZE = 200;

@InputType({ description: "Every given condition must hold; a list matches any of its values" })
export class LeadFilterInput {
  @Field(() => [TierEnum], { nullable: true })
  tier?: Tier[];

  @Field(() => [LeadStatusEnum], { nullable: true })
  status?: LeadStatus[];

  @Field(() => [ID], { nullable: true })
  ownerId?: string[];

  @Field(() => [LeadChannelEnum], { nullable: true })
  channel?: LeadChannel[];
}

@ArgsType()
export class LeadsArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => LeadFilterInput, { nullable: true })
  filter?: LeadFilterInput | null;
}
