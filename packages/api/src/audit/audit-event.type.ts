import { Field, ID, ObjectType } from "type-graphql";
import { JSONObjectResolver } from "graphql-scalars";
import { DateTimeScalar } from "../graphql/scalars.ts";

@ObjectType({ description: "One change: who made it, when, and the changed fields before and after" })
export class AuditEvent {
  @Field(() => ID)
  id!: string;

  @Field(() => DateTimeScalar)
  at!: Date;

  @Field(() => String, { description: "What was done, e.g. LEAD_CAPTURED, TIER_OVERRIDDEN, FOLLOW_UP_COMPLETED" })
  action!: string;

  @Field(() => String, { description: "LEAD, FOLLOW_UP, ASSESSMENT, OPPORTUNITY, USER, TEAM, API_TOKEN or IMPORT_BATCH" })
  entityType!: string;

  @Field(() => ID)
  entityId!: string;

  @Field(() => JSONObjectResolver, { nullable: true })
  before!: Record<string, unknown> | null;

  @Field(() => JSONObjectResolver, { nullable: true })
  after!: Record<string, unknown> | null;

  actorId!: string | null;
}
