// The teams and accounts of the large data set: the two demo teams and their demo accounts
// (demo-people.ts, same ids, emails and password), more reps for them, and six more teams, three
// of them outside mainland China with calendars of their own time zone.
import { validateCalendarSpec, type CalendarSpec, type UserRole } from "@sales/domain";
import { CHINESE_GIVEN_NAMES, CHINESE_SURNAMES, ENGLISH_FIRST_NAMES, ENGLISH_LAST_NAMES } from "./demo-catalog.ts";
import { demoEmail, demoPeople, demoTeamId, demoUserId, type DemoAccount, type DemoUserRow } from "./demo-people.ts";

export const REPS_PER_TEAM = 10;

export interface LargeTeam {
  key: string;
  id: string;
  name: string;
  /** Null: mainland China's calendar (Asia/Shanghai, with its holidays and make-up working days). */
  calendar: CalendarSpec | null;
  /** Share of all leads. */
  weight: number;
  /** Share of leads that are foreign companies with English names. */
  englishShare: number;
  /** Share of opportunities priced in USD rather than CNY. */
  usdShare: number;
  /** How the team's contacts' phone numbers look. */
  phoneStyle: "CN" | "HK" | "SG" | "US";
  managerId: string;
  reviewerId: string;
  repIds: string[];
}

export interface LargePeople {
  teams: LargeTeam[];
  users: DemoUserRow[];
  accounts: DemoAccount[];
}

/** A weekend-only calendar (Saturday and Sunday off, no holidays) in `timeZone`. */
function weekendCalendar(timeZone: string): CalendarSpec {
  const spec = validateCalendarSpec({ timeZone, weekendDays: [6, 7], holidays: [], makeUpWorkdays: [], coverage: { from: "2020-01-01", through: "2030-12-31" } });
  if (!spec.ok) throw new Error(`Not a valid calendar: ${spec.error[0]?.message}`);
  return spec.value;
}

interface TeamSetting {
  key: string;
  name: string;
  calendar: CalendarSpec | null;
  weight: number;
  englishShare: number;
  usdShare: number;
  phoneStyle: LargeTeam["phoneStyle"];
  english: boolean;
}

const DEMO_SETTINGS: Record<string, Omit<TeamSetting, "key" | "name">> = {
  east: { calendar: null, weight: 0.2, englishShare: 0.15, usdShare: 0.03, phoneStyle: "CN", english: false },
  south: { calendar: null, weight: 0.17, englishShare: 0.12, usdShare: 0.03, phoneStyle: "CN", english: false },
};

const EXTRA_TEAMS: TeamSetting[] = [
  { key: "north", name: "华北大区 North China", calendar: null, weight: 0.15, englishShare: 0.08, usdShare: 0.02, phoneStyle: "CN", english: false },
  { key: "southwest", name: "西南大区 Southwest China", calendar: null, weight: 0.1, englishShare: 0.04, usdShare: 0.01, phoneStyle: "CN", english: false },
  { key: "central", name: "华中大区 Central China", calendar: null, weight: 0.1, englishShare: 0.04, usdShare: 0.01, phoneStyle: "CN", english: false },
  { key: "hongkong", name: "香港 Hong Kong", calendar: weekendCalendar("Asia/Hong_Kong"), weight: 0.08, englishShare: 0.45, usdShare: 0.3, phoneStyle: "HK", english: false },
  { key: "singapore", name: "新加坡 Singapore", calendar: weekendCalendar("Asia/Singapore"), weight: 0.1, englishShare: 0.6, usdShare: 0.55, phoneStyle: "SG", english: true },
  { key: "uswest", name: "北美西部 US West", calendar: weekendCalendar("America/Los_Angeles"), weight: 0.1, englishShare: 0.9, usdShare: 0.85, phoneStyle: "US", english: true },
];

/**
 * Eight teams: the demo's East and South China (their demo accounts unchanged, plus reps 4–10),
 * then North, Southwest and Central China, Hong Kong, Singapore and US West, each with a manager,
 * a reviewer and ten reps. Accounts are listed in the order the demo seed prints them.
 */
export function largeDatasetPeople(): LargePeople {
  const demo = demoPeople();
  const users = [...demo.users];
  const accounts = [...demo.accounts];
  const addUser = (key: string, displayName: string, role: UserRole, team: { id: string; name: string }) => {
    users.push({ id: demoUserId(key), email: demoEmail(key), displayName, role, teamId: team.id });
    accounts.push({ email: demoEmail(key), role, team: team.name });
    return demoUserId(key);
  };
  const personName = (english: boolean, n: number) =>
    english
      ? `${ENGLISH_FIRST_NAMES[n % ENGLISH_FIRST_NAMES.length]} ${ENGLISH_LAST_NAMES[(n * 7) % ENGLISH_LAST_NAMES.length]}`
      : `${CHINESE_SURNAMES[n % CHINESE_SURNAMES.length]}${CHINESE_GIVEN_NAMES[(n * 7) % CHINESE_GIVEN_NAMES.length]}`;

  const teams: LargeTeam[] = demo.teams.map((team, t) => {
    const key = team.id === demoTeamId("east") ? "east" : "south";
    const repIds = [...team.repIds];
    for (let r = repIds.length; r < REPS_PER_TEAM; r++) {
      repIds.push(addUser(`rep${r + 1}.${key}`, `${personName(false, 3 + r + t * 11)}销售 (${key} rep ${r + 1})`, "REP", team));
    }
    return { key, id: team.id, name: team.name, ...DEMO_SETTINGS[key]!, managerId: team.managerId, reviewerId: team.reviewerId, repIds };
  });
  for (const [t, setting] of EXTRA_TEAMS.entries()) {
    const team = { id: demoTeamId(setting.key), name: setting.name };
    const role = (label: string, chinese: string) => (setting.english ? label : chinese);
    const managerId = addUser(`manager.${setting.key}`, `${personName(setting.english, 40 + t)} (${role("manager", "经理")})`, "MANAGER", team);
    const reviewerId = addUser(`reviewer.${setting.key}`, `${personName(setting.english, 60 + t)} (${role("reviewer", "评审")})`, "REVIEWER", team);
    const repIds = Array.from({ length: REPS_PER_TEAM }, (_, r) =>
      addUser(`rep${r + 1}.${setting.key}`, `${personName(setting.english, 80 + t * 13 + r)} (${role("rep", "销售")} ${r + 1})`, "REP", team),
    );
    teams.push({ ...setting, ...team, managerId, reviewerId, repIds });
  }
  return { teams, users, accounts: sortAccounts(accounts) };
}

/** Admins and analysts first, then team by team: manager, reviewer, reps. */
function sortAccounts(accounts: DemoAccount[]): DemoAccount[] {
  const rank: Record<UserRole, number> = { ADMIN: 0, ANALYST: 1, MANAGER: 2, REVIEWER: 3, REP: 4 };
  const teamOrder = [...new Set(accounts.map((a) => a.team))];
  return [...accounts].sort(
    (a, b) => (a.team === null ? -1 : teamOrder.indexOf(a.team)) - (b.team === null ? -1 : teamOrder.indexOf(b.team)) || rank[a.role] - rank[b.role],
  );
}
