import { Field, ID, ObjectType } from "type-graphql";

@ObjectType()
export class Team {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}
