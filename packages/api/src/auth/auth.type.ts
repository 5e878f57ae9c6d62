import { Field, ID, ObjectType } from "type-graphql";
import { DateTimeScalar } from "../graphql/scalars.ts";
import { User } from "../users/user.type.ts";

@ObjectType({ description: "A signed login token; send it as `Authorization: Bearer <token>`" })
export class LoginPayload {
  @Field(() => String)
  token!: string;

  @Field(() => DateTimeScalar)
  expiresAt!: Date;

  @Field(() => User)
  user!: User;
}

@ObjectType({ description: "A long-lived token for a client app; its secret is shown only when created" })
export class ApiToken {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => DateTimeScalar)
  createdAt!: Date;

  @Field(() => DateTimeScalar, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType()
export class CreatedApiToken {
  @Field(() => String, { description: "The bearer token. Store it now: it cannot be shown again" })
  token!: string;

  @Field(() => ApiToken)
  apiToken!: ApiToken;
}
