import type { UserRole } from "@sales/domain";
import { ArgsType, Field, ID, InputType } from "type-graphql";
import { UserRoleEnum } from "../graphql/enums.ts";

export const DISPLAY_NAME_MAX_LENGTH = 100;
export const PASSWORD_MIN_LENGTH = 10;
/** scrypt is slow on purpose; an unbounded password would let one request burn a core. */
export const PASSWORD_MAX_LENGTH = 200;

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

  @Field(() => String, { description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters; stored hashed` })
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
}
