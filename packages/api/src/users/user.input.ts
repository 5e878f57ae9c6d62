import type { UserRole } from "@sales/domain";
import { ArgsType, Field, ID, InputType, Int } from "type-graphql";
import { UserRoleEnum } from "../graphql/enums.ts";
import { PASSWORD_RULE } from "./new-password.ts";

export const DISPLAY_NAME_MAX_LENGTH = 100;
/** A user list is a page of at most this many (issue 10, finding 2); filters narrow it. */
export const USERS_MAX_PAGE_SIZE = 500;

@InputType({ description: "A new user; reps and managers belong to a team, analysts and admins to none" })
export class CreateUserInput {
  @Field(() => String, { description: "Stored normalised (lower case); unique" })
  email!: string;

  @Field(() => String, { description: `1 to ${DISPLAY_NAME_MAX_LENGTH} characters` })
  displayName!: string;

  @Field(() => UserRoleEnum)
  role!: UserRole;

  @Field(() => ID, { nullable: true, description: "Required for REP, MANAGER and REVIEWER; none for ANALYST and ADMIN" })
  teamId?: string | null;

  @Field(() => String, { description: `${PASSWORD_RULE}; stored hashed` })
  password!: string;
}

@ArgsType()
export class UsersArgs {
  @Field(() => ID, { nullable: true, description: "Only this team's users; a manager sees only their own team" })
  teamId?: string | null;

  @Field(() => UserRoleEnum, { nullable: true })
  role?: UserRole | null;

  @Field(() => Boolean, { nullable: true })
  active?: boolean | null;

  @Field(() => Int, { defaultValue: 100, description: `The first this many by name, 1 to ${USERS_MAX_PAGE_SIZE}` })
  first!: number;
}
