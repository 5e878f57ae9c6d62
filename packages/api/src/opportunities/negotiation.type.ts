import { Field, InputType, ObjectType } from "type-graphql";
import { LocalDateScalar } from "../graphql/scalars.ts";
import { Money, MoneyInput } from "../money/money.type.ts";

@InputType()
export class DecisionMakerInput {
  @Field(() => String)
  name!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true, description: 'Their part in the decision: "signs", "budget owner"…' })
  role?: string | null;
}

@InputType({ description: "SOP-6.2 the preparation checklist; negotiation cannot start until it is complete" })
export class NegotiationPrepInput {
  @Field(() => [String], { nullable: true })
  goals?: string[] | null;

  @Field(() => MoneyInput, { nullable: true, description: "The lowest acceptable price; never shown to the customer side" })
  priceFloor?: MoneyInput | null;

  @Field(() => [String], { nullable: true, description: "Concessions the rep may make alone" })
  repConcessions?: string[] | null;

  @Field(() => [String], { nullable: true, description: "Concessions that need the manager" })
  managerConcessions?: string[] | null;

  @Field(() => [DecisionMakerInput], { nullable: true, description: "The customer's decision makers" })
  decisionMakers?: DecisionMakerInput[] | null;
}

@ObjectType()
export class DecisionMaker {
  @Field(() => String)
  name!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String)
  role!: string;
}

@ObjectType({ description: "SOP-6.2 the preparation checklist" })
export class NegotiationPrepView {
  @Field(() => [String])
  goals!: string[];

  @Field(() => Money, { nullable: true, description: "Null for anyone but the owner and the team's managers" })
  priceFloor!: Money | null;

  @Field(() => [String])
  repConcessions!: string[];

  @Field(() => [String])
  managerConcessions!: string[];

  @Field(() => [DecisionMaker])
  decisionMakers!: DecisionMaker[];

  @Field(() => [String], { description: "What is still missing before negotiation may start; empty when complete" })
  gaps!: string[];
}

@ObjectType({ description: "SOP-6.3 the signed contract" })
export class ContractView {
  @Field(() => Money)
  amount!: Money;

  @Field(() => LocalDateScalar)
  signedOn!: string;

  @Field(() => String)
  paymentTerms!: string;

  @Field(() => Boolean, { description: "Below the frozen price floor and not yet approved by the manager" })
  awaitsApproval!: boolean;
}
