import type { LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { registerEnumType, ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { LeadChannelEnum, LeadStatusEnum, TierEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { LEAD_ORDERS, type LeadOrder } from "./lead-queries.ts";

export const MAX_PAGE_SIZE = 200;
export const SEARCH_MIN_LENGTH = 2;
export const SEARCH_MAX_LENGTH = 100;

export const LeadOrderEnum = Object.fromEntries(LEAD_ORDERS.map((order) => [order, order])) as { [K in LeadOrder]: K };
registerEnumType(LeadOrderEnum, {
  name: "LeadOrder",
  description: "Sort order; sync clients page by UPDATED_ASC together with filter.updatedAfter",
});

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

  @Field(() => [String], { nullable: true })
  province?: string[];

  @Field(() => DateTimeScalar, { nullable: true, description: "Created at or after this instant" })
  createdFrom?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "Created before this instant" })
  createdBefore?: Date;

  @Field(() => DateTimeScalar, { nullable: true, description: "Changed after this instant (client-app sync)" })
  updatedAfter?: Date;

  @Field(() => String, {
    nullable: true,
    description: `Part of the company or contact name, ${SEARCH_MIN_LENGTH} to ${SEARCH_MAX_LENGTH} characters (华为 finds 华为技术有限公司)`,
  })
  search?: string;
}

@ArgsType()
export class LeadsArgs {
  @Field(() => Int, { defaultValue: 50, description: `Page size, 1 to ${MAX_PAGE_SIZE}` })
  first!: number;

  @Field(() => String, { nullable: true })
  after?: string | null;

  @Field(() => LeadFilterInput, { nullable: true })
  filter?: LeadFilterInput | null;

  @Field(() => LeadOrderEnum, { defaultValue: "CREATED_DESC" })
  orderBy!: LeadOrder;
}
