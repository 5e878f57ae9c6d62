import {
  CHINA_MAINLAND_CALENDAR_SPEC,
  DEFAULT_WEEKEND_DAYS,
  validateCalendarSpec,
  validatePlaybook,
  type CalendarSpec,
} from "@sales/domain";
import { asc, eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { changedFields, writeAudit } from "../audit/audit.ts";
import type { Database, Executor } from "../db/database.ts";
import { pgErrorOf } from "../db/pg-error.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { readName } from "../graphql/text-input.ts";
import type { UserRow } from "../users/user.table.ts";
import { TEAM_NAME_MAX_LENGTH } from "./team.input.ts";
import { teams, type TeamRow } from "./team.table.ts";

/** The default calendar's zone: a team in it keeps the maintained mainland China calendar (null column). */
export const DEFAULT_TIME_ZONE = CHINA_MAINLAND_CALENDAR_SPEC.timeZone;

/** Throws NOT_FOUND naming `field` unless the team exists. */
export async function requireTeam(db: Executor, teamId: string, field: string): Promise<TeamRow> {
  const [team] = isUuid(teamId) ? await db.select().from(teams).where(eq(teams.id, teamId)) : [];
  if (!team) throw AppError.notFound("Team", field);
  return team;
}

async function lockTeam(tx: Executor, teamId: string, field: string): Promise<TeamRow> {
  const [team] = isUuid(teamId) ? await tx.select().from(teams).where(eq(teams.id, teamId)).for("update") : [];
  if (!team) throw AppError.notFound("Team", field);
  return team;
}

/**
 * A team in Asia/Shanghai works by the mainland China calendar (holidays and 调休 included,
 * kept up to date with the code). A team elsewhere starts with Saturday and Sunday off, no
 * holidays, covering the current year in its zone; an admin adds its holidays afterwards.
 */
export async function createTeam(db: Database, actor: Actor, input: { name: string; timeZone: string }): Promise<TeamRow> {
  const problems: FieldProblem[] = [];
  const name = readName(input.name, "name", TEAM_NAME_MAX_LENGTH, problems);
  const timeZone = input.timeZone.trim();
  let calendar: CalendarSpec | null = null;
  if (timeZone !== DEFAULT_TIME_ZONE) {
    const year = yearIn(timeZone, actor.now);
    const spec = validateCalendarSpec({
      timeZone,
      weekendDays: [...DEFAULT_WEEKEND_DAYS],
      holidays: [],
      makeUpWorkdays: [],
      coverage: { from: `${year}-01-01`, through: `${year}-12-31` },
    });
    // The only part that came from the caller is the zone, and the argument has the same name.
    if (spec.ok) calendar = spec.value;
    else problems.push(...fieldProblems(spec.error, ""));
  }
  if (name === null || problems.length > 0) throw AppError.badInput(problems);

  try {
    return await db.transaction(async (tx) => {
      const [taken] = await tx.select({ id: teams.id }).from(teams).where(eq(teams.name, name));
      if (taken) throw nameTaken(name);
      const [team] = await tx.insert(teams).values({ name, calendar, createdAt: actor.now, updatedAt: actor.now }).returning();
      await writeAudit(tx, actor, {
        entityType: "TEAM",
        entityId: team!.id,
        action: "TEAM_CREATED",
        teamId: team!.id,
        after: { name, calendar },
      });
      return team!;
    });
  } catch (error) {
    if (pgErrorOf(error)?.constraint === "teams_name_unique") throw nameTaken(name);
    throw error;
  }
}

function nameTaken(name: string): AppError {
  return AppError.conflict(`A team named ${name} already exists`, "name");
}

/** The calendar year `now` falls in, in `timeZone` (a valid IANA zone). */
function yearIn(timeZone: string, now: Date): number {
  try {
    return Number(new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric" }).format(now));
  } catch {
    return now.getUTCFullYear(); // an unknown zone: validateCalendarSpec reports it
  }
}

/** Reps and managers see their own team; everyone else every team. */
export async function listTeams(db: Database, viewer: UserRow, limit: number): Promise<TeamRow[]> {
  if (viewer.role === "REP" || viewer.role === "MANAGER") {
    return viewer.teamId ? db.select().from(teams).where(eq(teams.id, viewer.teamId)) : [];
  }
  return db.select().from(teams).orderBy(asc(teams.name), asc(teams.id)).limit(limit);
}

/**
 * Replaces the team's playbook (architecture.md, "The playbook is data"). Every problem is
 * reported at once, each under `playbook.<path>`. What is stored is the validated playbook,
 * unknown keys dropped. Follow-ups already planned keep their due dates.
 */
export async function updateTeamPlaybook(db: Database, actor: Actor, input: { teamId: string; playbook: unknown }): Promise<TeamRow> {
  const checked = validatePlaybook(input.playbook);
  if (!checked.ok) throw AppError.badInput(fieldProblems(checked.error, "playbook"));
  return changeTeamSettings(db, actor, input.teamId, "TEAM_PLAYBOOK_UPDATED", { playbook: checked.value });
}

/** Back to the default playbook (sop.md as written). */
export async function resetTeamPlaybook(db: Database, actor: Actor, teamId: string): Promise<TeamRow> {
  return changeTeamSettings(db, actor, teamId, "TEAM_PLAYBOOK_RESET", { playbook: null });
}

/** SOP-3.5: replaces the team's business-day calendar; problems are named under `input.`. */
export async function updateTeamCalendar(db: Database, actor: Actor, input: { teamId: string; calendar: unknown }): Promise<TeamRow> {
  const checked = validateCalendarSpec(input.calendar);
  if (!checked.ok) throw AppError.badInput(fieldProblems(checked.error, "input"));
  return changeTeamSettings(db, actor, input.teamId, "TEAM_CALENDAR_UPDATED", { calendar: checked.value });
}

type TeamSettings = Partial<Pick<TeamRow, "playbook" | "calendar">>;

/** One transaction: lock the team, store the settings, audit before → after. No change, no event. */
async function changeTeamSettings(db: Database, actor: Actor, teamId: string, action: string, settings: TeamSettings): Promise<TeamRow> {
  return db.transaction(async (tx) => {
    const team = await lockTeam(tx, teamId, "teamId");
    const { before, after } = changedFields(team, settings);
    if (Object.keys(after).length === 0) return team;
    const [updated] = await tx
      .update(teams)
      .set({ ...settings, updatedAt: actor.now })
      .where(eq(teams.id, teamId))
      .returning();
    await writeAudit(tx, actor, { entityType: "TEAM", entityId: teamId, action, teamId, before, after });
    return updated!;
  });
}
