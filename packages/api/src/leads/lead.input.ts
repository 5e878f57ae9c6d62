import type { CompanySize, LeadChannel } from "@sales/domain";
import { Field, ID, InputType } from "type-graphql";
import { CompanySizeEnum, LeadChannelEnum } from "../graphql/enums.ts";
import { LocalDateScalar } from "../graphql/scalars.ts";

/** SOP-1.2 what a lead holds, plus WeChat, location and the company's credit code. */
@InputType({ description: "A lead as collected; phone, email and credit code are normalised (SOP-1.3)" })
export class LeadFieldsInput {
  @Field(() => String, { nullable: true, description: "Free-text source, e.g. the trade show's name" })
  sourceDetail?: string | null;

  @Field(() => String, { nullable: true, description: "Required for referral channels (SOP-1.1)" })
  referredBy?: string | null;

  @Field(() => String, { nullable: true })
  contactTitle?: string | null;

  @Field(() => String, { nullable: true, description: "Any common format; stored as E.164 (mainland China by default)" })
  phone?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => String, { nullable: true })
  wechatId?: string | null;

  @Field(() => CompanySizeEnum, { nullable: true })
  companySize?: CompanySize | null;

  @Field(() => String, { nullable: true })
  businessScope?: string | null;

  @Field(() => String, { nullable: true, description: "The product or service the company uses today" })
  currentProduct?: string | null;

  @Field(() => String, { nullable: true })
  province?: string | null;

  @Field(() => String, { nullable: true })
  city?: string | null;

  @Field(() => String, { nullable: true, description: "Unified social credit code (统一社会信用代码), checksum-validated" })
  creditCode?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "When it was collected, e.g. the show's date" })
  collectedOn?: string | null;
}

@InputType()
export class CaptureLeadInput extends LeadFieldsInput {
  @Field(() => LeadChannelEnum)
  channel!: LeadChannel;

  @Field(() => String)
  companyName!: string;

  @Field(() => String)
  contactName!: string;

  @Field(() => ID, { nullable: true, description: "Managers may capture for a rep of their team; reps own what they capture" })
  ownerId?: string | null;
}

@InputType({ description: "Only the fields given change; null clears an optional field" })
export class UpdateLeadInput extends LeadFieldsInput {
  @Field(() => LeadChannelEnum, { nullable: true })
  channel?: LeadChannel | null;

  @Field(() => String, { nullable: true })
  companyName?: string | null;

  @Field(() => String, { nullable: true })
  contactName?: string | null;
}
