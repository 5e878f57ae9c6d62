import { CHINA_MAINLAND_CALENDAR_SPEC } from "@sales/domain";
import { FieldResolver, Resolver, Root } from "type-graphql";
import type { TeamRow } from "./team.table.ts";
import { Team } from "./team.type.ts";

@Resolver(() => Team)
export class TeamResolver {
  @FieldResolver(() => String, { description: "IANA time zone in which the team's days and deadlines are counted" })
  timeZone(@Root() team: TeamRow): string {
    return (team.calendar ?? CHINA_MAINLAND_CALENDAR_SPEC).timeZone;
  }
}
