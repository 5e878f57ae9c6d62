import { Ctx, FieldResolver, Resolver, Root } from "type-graphql";
import type { RequestContext } from "../context/request-context.ts";
import { User } from "../users/user.type.ts";
import { AuditEvent } from "./audit-event.type.ts";

@Resolver(() => AuditEvent)
export class AuditEventResolver {
  @FieldResolver(() => User, { nullable: true, description: "Null for changes the system made itself (seeding)" })
  async actor(@Root() event: AuditEvent, @Ctx() ctx: RequestContext): Promise<User | null> {
    return event.actorId ? ctx.loaders.userById.load(event.actorId) : null;
  }
}
