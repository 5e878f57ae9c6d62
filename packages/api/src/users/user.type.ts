import type { UserRole } from "@sales/domain";
import { Field, ID, ObjectType } from "type-graphql";
import { UserRoleEnum } from "../graphql/enums.ts";

@ObjectType()
export class User {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => UserRoleEnum)
  role!: UserRole;

  @Field(() => Boolean)
  active!: boolean;

  teamId!: string | null;
}
