import { CHINA_MAINLAND_CALENDAR_SPEC, withPlaybookDefaults, type Playbook } from "@sales/domain";
import { JSONObjectResolver } from "graphql-scalars";
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import { mayReadTeamSettings } from "../access/readable-work.ts";
import { actorOf, clearLoaders, type RequestContext } from "../context/request-context.ts";
import { AppError } from "../errors/app-error.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import type { UserRow } from "../users/user.table.ts";
import {
  DEFAULT_TIME_ZONE,
  createTeam,
  listTeams,
  resetTeamPlaybook,
  updateTeamCalendar,
  updateTeamPlaybook,
} from "./team-admin.service.ts";
import { TeamCalendar } from "./team-calendar.type.ts";
import { CalendarInput, TEAM_NAME_MAX_LENGTH } from "./team.input.ts";
import type { TeamRow } from "./team.table.ts";
import { Team } from "./team.type.ts";

const NOT_REPLANNED = "Follow-ups already planned keep their due dates: only follow-ups planned afterwards use the change";

function assertCanReadSettings(viewer: UserRow | null, team: TeamRow): void {
  if (!mayReadTeamSettings(viewer, team.id)) throw AppError.forbidden("Only the team's members, analysts and admins see its settings");
}

const TEAMS_MAX_PAGE_SIZE = 500;

@Resolver(() => Team)
export class TeamSettingsResolver {
  @Authorized()
  @Query(() => [Team], { description: "Reps and managers: their own team. Everyone else: every team" })
  async teams(
    @Arg("first", () => Int, { defaultValue: 100, description: `The first this many by name, 1 to ${TEAMS_MAX_PAGE_SIZE}` }) first: number,
    @Ctx() ctx: RequestContext,
  ): Promise<TeamRow[]> {
    checkPageSize(first, TEAMS_MAX_PAGE_SIZE);
    return listTeams(ctx.db, actorOf(ctx).user, first);
  }

  @FieldResolver(() => JSONObjectResolver, {
    nullable: true,
    description:
      "The playbook the team works by: its own, or the default (sop.md) when it set none; a section its own predates (pipeline) reads the default. Members of the team, analysts and admins only",
  })
  playbook(@Root() team: TeamRow, @Ctx() ctx: RequestContext): Playbook {
    assertCanReadSettings(ctx.viewer, team);
    return withPlaybookDefaults(team.playbook);
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "True while the team has no playbook of its own" })
  usesDefaultPlaybook(@Root() team: TeamRow, @Ctx() ctx: RequestContext): boolean {
    assertCanReadSettings(ctx.viewer, team);
    return team.playbook === null;
  }

  @FieldResolver(() => TeamCalendar, {
    nullable: true,
    description: "SOP-3.5 the business-day calendar; mainland China's when the team set none. Members of the team, analysts and admins only",
  })
  calendar(@Root() team: TeamRow, @Ctx() ctx: RequestContext): TeamCalendar {
    assertCanReadSettings(ctx.viewer, team);
    const spec = team.calendar ?? CHINA_MAINLAND_CALENDAR_SPEC;
    const day = ({ date, name }: { date: string; name?: string }) => ({ date, name: name ?? null });
    return {
      timeZone: spec.timeZone,
      weekendDays: [...spec.weekendDays],
      holidays: spec.holidays.map(day),
      makeUpWorkdays: spec.makeUpWorkdays.map(day),
      coverage: { ...spec.coverage },
    };
  }

  @FieldResolver(() => Boolean, { nullable: true, description: "True while the team works by the maintained mainland China calendar" })
  usesDefaultCalendar(@Root() team: TeamRow, @Ctx() ctx: RequestContext): boolean {
    assertCanReadSettings(ctx.viewer, team);
    return team.calendar === null;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Team, {
    description: `Admins only. name: unique, 1 to ${TEAM_NAME_MAX_LENGTH} characters. In ${DEFAULT_TIME_ZONE} the team works by the mainland China calendar; elsewhere it starts with Saturday and Sunday off and no holidays, for the current year`,
  })
  async createTeam(
    @Arg("name", () => String) name: string,
    @Arg("timeZone", () => String, { defaultValue: DEFAULT_TIME_ZONE, description: "IANA time zone" }) timeZone: string,
    @Ctx() ctx: RequestContext,
  ): Promise<TeamRow> {
    const team = await createTeam(ctx.db, actorOf(ctx), { name, timeZone });
    clearLoaders(ctx);
    return team;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Team, {
    description: `Admins only. Replaces the team's playbook; every problem is listed in extensions.fields (playbook.<path>). ${NOT_REPLANNED}`,
  })
  async updateTeamPlaybook(
    @Arg("teamId", () => ID) teamId: string,
    @Arg("playbook", () => JSONObjectResolver) playbook: Record<string, unknown>,
    @Ctx() ctx: RequestContext,
  ): Promise<TeamRow> {
    const team = await updateTeamPlaybook(ctx.db, actorOf(ctx), { teamId, playbook });
    clearLoaders(ctx);
    return team;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Team, { description: `Admins only. Back to the default playbook (sop.md). ${NOT_REPLANNED}` })
  async resetTeamPlaybook(@Arg("teamId", () => ID) teamId: string, @Ctx() ctx: RequestContext): Promise<TeamRow> {
    const team = await resetTeamPlaybook(ctx.db, actorOf(ctx), teamId);
    clearLoaders(ctx);
    return team;
  }

  @Authorized(["ADMIN"])
  @Mutation(() => Team, {
    description: `Admins only. SOP-3.5 replaces the team's calendar (time zone, weekends, holidays, make-up working days); every problem is listed in extensions.fields (input.<path>). ${NOT_REPLANNED}`,
  })
  async updateTeamCalendar(
    @Arg("teamId", () => ID) teamId: string,
    @Arg("input", () => CalendarInput) input: CalendarInput,
    @Ctx() ctx: RequestContext,
  ): Promise<TeamRow> {
    const team = await updateTeamCalendar(ctx.db, actorOf(ctx), { teamId, calendar: calendarSpecOf(input) });
    clearLoaders(ctx);
    return team;
  }
}

/** The GraphQL input as the plain value validateCalendarSpec reads: absent lists stay absent, null names are left out. */
function calendarSpecOf(input: CalendarInput): Record<string, unknown> {
  const days = (list: CalendarInput["holidays"]) =>
    list?.map(({ date, name }) => (name === null || name === undefined ? { date } : { date, name })) ?? undefined;
  return {
    timeZone: input.timeZone,
    weekendDays: input.weekendDays ?? undefined,
    holidays: days(input.holidays),
    makeUpWorkdays: days(input.makeUpWorkdays),
    coverage: { from: input.coverage.from, through: input.coverage.through },
  };
}
