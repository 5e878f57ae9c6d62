import { buildSchema } from "type-graphql";
import { LeadConnectionResolver, LeadResolver } from "../leads/lead.resolver.ts";
import { TeamResolver } from "../teams/team.resolver.ts";
import { UserResolver } from "../users/viewer.resolver.ts";

export function buildAppSchema() {
  return buildSchema({
    resolvers: [UserResolver, TeamResolver, LeadResolver, LeadConnectionResolver],
    validate: false,
  });
}
