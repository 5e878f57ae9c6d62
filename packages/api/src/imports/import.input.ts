import type { LeadChannel } from "@sales/domain";
import { Field, ID, InputType } from "type-graphql";
import { LeadChannelEnum } from "../graphql/enums.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";

/**
 * One row of a list as it arrives (a trade show's business cards, a partner's referrals).
 * Everything but rowId is free text, so a bad value fails its own row, not the whole import.
 */
@InputType()
export class ImportLeadRowInput {
  @Field(() => String, { description: "The client's id for the row; results refer to it" })
  rowId!: string;

  @Field(() => String, { nullable: true, description: "A LeadChannel name; the batch default when empty" })
  channel?: string | null;

  @Field(() => String, { nullable: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  contactName?: string | null;

  @Field(() => String, { nullable: true })
  contactTitle?: string | null;

  @Field(() => String, { nullable: true })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  wechatId?: string | null;

  @Field(() => String, { nullable: true, description: "A CompanySize name" })
  companySize?: string | null;

  @Field(() => String, { nullable: true })
  businessScope?: string | null;

  @Field(() => String, { nullable: true })
  currentProduct?: string | null;

  @Field(() => String, { nullable: true })
  province?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true })
  creditCode?: string | null;

  @Field(() => String, { nullable: true })
  sourceDetail?: string | null;

  @Field(() => String, { nullable: true })
  referredBy?: string | null;

  @Field(() => String, { nullable: true, description: "YYYY-MM-DD; the batch default when empty" })
  collectedOn?: string | null;
}

@InputType({ description: "Values for every row that does not give its own" })
export class ImportDefaultsInput {
  @Field(() => LeadChannelEnum, { nullable: true })
  channel?: LeadChannel | null;

  @Field(() => String, { nullable: true, description: "e.g. the show's name" })
  sourceDetail?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "e.g. the show's date" })
  collectedOn?: string | null;

  @Field(() => ID, { nullable: true, description: "Managers may import for a rep of their team" })
  ownerId?: string | null;
}
