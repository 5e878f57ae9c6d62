import type { PricedProposalContentJson, ProposalContentJson, ProposalVersionStatus } from "@sales/domain";
import { Field, ID, Int, ObjectType } from "type-graphql";
import { ProposalVersionStatusEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "SOP-5.2 a proposal: the draft of its six parts, and every version submitted" })
export class Proposal {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "Pass back as expectedVersion when updating" })
  version!: number;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar)
  updatedAt!: Date;

  opportunityId!: string;
  /** Present on a row read whole (a mutation's answer); lists and loaders leave it out, and `content` reads it when asked. */
  content?: ProposalContentJson;
}

@ObjectType({ description: "SOP-5.4 one submission of a proposal, frozen: what reviewers and the manager decide on" })
export class ProposalVersion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: "1 for the first submission, then 2, 3…" })
  number!: number;

  @Field(() => ProposalVersionStatusEnum)
  status!: ProposalVersionStatus;

  @Field(() => DateTimeScalar)
  submittedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true })
  decisionNote!: string | null;

  proposalId!: string;
  opportunityId!: string;
  submittedById!: string;
  /** As on Proposal: present on a row read whole, else read when asked for (a diff). */
  content?: ProposalContentJson;
  /** Priced at submission (proposal.table.ts): what `content` answers; null on versions older than it, absent on a summary. */
  pricedContent?: PricedProposalContentJson | null;
}
