import { buildSchema } from "type-graphql";
import { authChecker } from "../access/auth-checker.ts";
import { AuditEventResolver } from "../audit/audit-event.resolver.ts";
import { AuthResolver } from "../auth/auth.resolver.ts";
import { FirstContactSlaRepRowResolver, FirstContactSlaResolver } from "../follow-ups/first-contact-sla.resolver.ts";
import { FollowUpConnectionResolver, FollowUpResolver } from "../follow-ups/follow-up.resolver.ts";
import { LeadConnectionResolver, LeadResolver } from "../leads/lead.resolver.ts";
import { TeamResolver } from "../teams/team.resolver.ts";
import { UserResolver } from "../users/viewer.resolver.ts";

export function buildAppSchema() {
  return buildSchema({
    resolvers: [
      AuthResolver,
      UserResolver,
      TeamResolver,
      LeadResolver,
      LeadConnectionResolver,
      AuditEventResolver,
      FollowUpResolver,
      FollowUpConnectionResolver,
      FirstContactSlaResolver,
      FirstContactSlaRepRowResolver,
    ],
    validate: false,
    authChecker,
  });
}
