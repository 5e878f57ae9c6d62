import type { ProposalPart, ReviewDepartment, ReviewVerdict } from "@sales/domain";
import { Field, Float, ID, InputType, ObjectType } from "type-graphql";
import { ReviewDepartmentEnum, ReviewVerdictEnum } from "../graphql/enums.ts";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { ProposalPartEnum } from "../graphql/enums.ts";

@ObjectType()
export class ReviewCommentView {
  @Field(() => ProposalPartEnum, { description: "The part of the proposal the comment is about" })
  part!: ProposalPart;

  @Field(() => String)
  text!: string;
}

@InputType()
export class ReviewCommentInput {
  @Field(() => ProposalPartEnum)
  part!: ProposalPart;

  @Field(() => String)
  text!: string;
}

@ObjectType({ description: "SOP-5.3 one department's review of one proposal version" })
export class ProposalReview {
  @Field(() => ID)
  id!: string;

  @Field(() => ReviewDepartmentEnum)
  department!: ReviewDepartment;

  @Field(() => ReviewVerdictEnum, { nullable: true, description: "Null until the reviewer answers" })
  verdict!: ReviewVerdict | null;

  @Field(() => [ReviewCommentView])
  comments!: ReviewCommentView[];

  @Field(() => DateTimeScalar)
  requestedAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  submittedAt!: Date | null;

  versionId!: string;
  reviewerId!: string;
}

@ObjectType({ description: "A version waiting for the manager's decision" })
export class PendingDecision {
  @Field(() => DateTimeScalar, { description: "Since when it waits: submission, or the last review to come in" })
  waitingSince!: Date;

  @Field(() => Float, { description: "Milliseconds it has waited so far" })
  waitedMs!: number;

  versionId!: string;
}
