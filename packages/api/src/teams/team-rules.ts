import {
  CHINA_MAINLAND_CALENDAR_SPEC,
  createBusinessCalendar,
  withPlaybookDefaults,
  type BusinessCalendar,
  type CalendarSpec,
  type Playbook,
} from "@sales/domain";
import { eq } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { teams, type TeamRow } from "./team.table.ts";

/** What a team works by: its playbook and business calendar, the defaults where it set none. */
export interface TeamRules {
  playbook: Playbook;
  calendar: BusinessCalendar;
}

// Building a calendar indexes a few hundred days; the stored spec only changes through the
// admin mutations (which validate it), so a built calendar is cached by its content. The cache
// is bounded and may be lost at any time, as architecture.md allows. The same spec object (the
// default, or a team row loaded once per request) is answered by identity first, because
// serialising a year of holidays for every deadline shows in a profile.
const calendars = new Map<string, BusinessCalendar>();
const calendarsBySpec = new WeakMap<CalendarSpec, BusinessCalendar>();
const MAX_CACHED_CALENDARS = 100;

/** A playbook stored before a section existed (the pipeline section, issue 9) reads that section's defaults. */
export function teamRules(team: Pick<TeamRow, "playbook" | "calendar">): TeamRules {
  return { playbook: withPlaybookDefaults(team.playbook), calendar: calendarOf(team.calendar ?? CHINA_MAINLAND_CALENDAR_SPEC) };
}

function calendarOf(spec: CalendarSpec): BusinessCalendar {
  const known = calendarsBySpec.get(spec);
  if (known) return known;
  const key = JSON.stringify(spec);
  let calendar = calendars.get(key);
  if (!calendar) {
    if (calendars.size >= MAX_CACHED_CALENDARS) calendars.clear();
    calendar = createBusinessCalendar(spec);
    calendars.set(key, calendar);
  }
  calendarsBySpec.set(spec, calendar);
  return calendar;
}

/** The rules of a team, read inside the transaction that applies them. */
export async function loadTeamRules(db: Executor, teamId: string): Promise<TeamRules> {
  const [team] = await db.select({ playbook: teams.playbook, calendar: teams.calendar }).from(teams).where(eq(teams.id, teamId));
  if (!team) throw new Error(`Team ${teamId} does not exist`);
  return teamRules(team);
}
