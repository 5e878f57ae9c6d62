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

  @Field(() => String, { nullable: true, description: "E.164, e.g. +8613800138000" })
  phone!: string | null;

  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
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

  @Field(() => Boolean, { description: "True while any dimension is UNKNOWN or the lead is unassessed" })
  assessmentIncomplete!: boolean;

  @Field(() => Int, { description: "Pass back as expectedVersion when updating" })
  version!: number;

  @Field(() => DateTimeScalar, { description: "When the lead entered the system; SLA clocks start here" })
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  ownerId!: string;
  teamId!: string;
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
