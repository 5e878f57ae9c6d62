import type { CompanySize, LeadChannel, LeadStatus, Tier } from "@sales/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { CompanySizeEnum, LeadChannelEnum, LeadStatusEnum, TierEnum } from "../graphql/enums.ts";
import { PageInfo } from "../graphql/page-info.type.ts";
import { DateTimeScalar, LocalDateScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "A prospective customer (SOP-1.2) and where it stands" })
export class Lead {
  @Field(() => ID)
  id!: string;

  @Field(() => LeadChannelEnum)
  channel!: LeadChannel;

  @Field(() => String, { nullable: true, description: "Free-text source, e.g. the trade show's name" })
  sourceDetail!: string | null;

  @Field(() => String, { nullable: true, description: "Who referred the lead (referral channels)" })
  referredBy!: string | null;

  @Field(() => String)
  companyName!: string;

  @Field(() => String)
  contactName!: string;

  @Field(() => String, { nullable: true })
  contactTitle!: string | null;

  // phone, email and wechatId are resolved in LeadResolver, which masks them for analysts.
  phone!: string | null;
  email!: string | null;
  wechatId!: string | null;

  @Field(() => CompanySizeEnum, { nullable: true })
  companySize!: CompanySize | null;

  @Field(() => String, { nullable: true })
  businessScope!: string | null;

  @Field(() => String, { nullable: true, description: "The product or service the company uses today" })
  currentProduct!: string | null;

  @Field(() => String, { nullable: true })
  province!: string | null;

  @Field(() => String, { nullable: true })
  city!: string | null;

  @Field(() => String, { nullable: true, description: "Unified social credit code (统一社会信用代码)" })
  creditCode!: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: "When it was collected, e.g. the show's date" })
  collectedOn!: string | null;

  @Field(() => LeadStatusEnum)
  status!: LeadStatus;

  @Field(() => TierEnum, { description: "The tier in force: a manager's override, else the latest assessment's" })
  tier!: Tier;

  @Field(() => String, { nullable: true, description: "Why it was disqualified (status DISQUALIFIED)" })
  disqualifiedReason!: string | null;

  @Field(() => TierEnum, { description: "SOP-2.6 the tier the latest assessment computed (B before any)" })
  computedTier!: Tier;

  @Field(() => TierEnum, { nullable: true, description: "SOP-2.6 a manager's override, in force until cleared" })
  tierOverride!: Tier | null;

  @Field(() => String, { nullable: true })
  tierOverrideReason!: string | null;

  @Field(() => Boolean, { description: "A later assessment computed a tier other than the override" })
  tierOverrideDisputed!: boolean;

  @Field(() => Boolean, { description: "True while any dimension is UNKNOWN or the lead is unassessed" })
  assessmentIncomplete!: boolean;

  @Field(() => Boolean, { description: "SOP-3.4 a follow-up recorded raised interest since the last assessment" })
  needsReassessment!: boolean;

  @Field(() => DateTimeScalar, { nullable: true, description: "SOP-3.6 the first-contact deadline in force" })
  firstContactDueAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "When the customer was first reached" })
  firstContactAt!: Date | null;

  @Field(() => DateTimeScalar, { nullable: true, description: "The last completed contact, planned or logged" })
  lastContactAt!: Date | null;

  @Field(() => Int, { description: "Pass back as expectedVersion when updating" })
  version!: number;

  @Field(() => DateTimeScalar, { description: "When the lead entered the system; SLA clocks start here" })
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  ownerId!: string;
  teamId!: string;
  mergedIntoId!: string | null;
}

@ObjectType()
export class LeadEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => Lead)
  node!: Lead;
}

@ObjectType()
export class LeadConnection {
  @Field(() => [LeadEdge])
  edges!: LeadEdge[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
