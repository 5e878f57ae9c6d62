import { Field, ObjectType } from "type-graphql";

@ObjectType({ description: "Relay pagination state" })
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}
