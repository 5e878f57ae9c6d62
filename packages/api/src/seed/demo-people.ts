// The demo teams and accounts, shared by the demo seed (seed-demo-data.ts) and the large data
// set (generate-large-dataset.ts), so both sign in with the same emails and password.
import type { UserRole } from "@sales/domain";
import { CHINESE_SURNAMES } from "./demo-catalog.ts";
import { stableUuid } from "./random.ts";

/**
 * Every demo account signs in with this password (printed by the seed commands). It is short
 * and published, far below the password policy (@sales/domain validatePassword) on purpose: the
 * seeds store its hash directly, and demo data only goes where seed/demo-seed-policy.ts lets it.
 */
export const DEMO_PASSWORD = "demo-2026";

export const DEMO_TEAM_DEFINITIONS = [
  { key: "east", name: "华东大区 East China" },
  { key: "south", name: "华南大区 South China" },
] as const;
export const DEMO_REPS_PER_TEAM = 3;

export interface DemoAccount {
  email: string;
  role: UserRole;
  team: string | null;
}

export interface DemoTeam {
  id: string;
  name: string;
  managerId: string;
  repIds: string[];
  reviewerId: string;
}

export interface DemoUserRow {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  teamId: string | null;
}

export const demoTeamId = (key: string) => stableUuid(`team:${key}`);
export const demoUserId = (key: string) => stableUuid(`user:${key}`);
export const demoEmail = (key: string) => `${key}@demo.example.com`;

/** The two demo teams, a manager, reps and a reviewer in each, an analyst and an admin. */
export function demoPeople(): { teams: DemoTeam[]; users: DemoUserRow[]; accounts: DemoAccount[] } {
  const users: DemoUserRow[] = [];
  const accounts: DemoAccount[] = [];
  const addUser = (key: string, displayName: string, role: UserRole, team: { id: string; name: string } | null) => {
    const email = demoEmail(key);
    users.push({ id: demoUserId(key), email, displayName, role, teamId: team?.id ?? null });
    accounts.push({ email, role, team: team?.name ?? null });
    return demoUserId(key);
  };
  const teams = DEMO_TEAM_DEFINITIONS.map(({ key, name }) => {
    const team = { id: demoTeamId(key), name };
    const managerId = addUser(`manager.${key}`, `${key === "east" ? "陈" : "林"}经理 (${key} manager)`, "MANAGER", team);
    const repIds = Array.from({ length: DEMO_REPS_PER_TEAM }, (_, i) =>
      addUser(`rep${i + 1}.${key}`, `${CHINESE_SURNAMES[i + (key === "east" ? 0 : 5)]}销售 (${key} rep ${i + 1})`, "REP", team),
    );
    const reviewerId = addUser(`reviewer.${key}`, `${key === "east" ? "财务" : "法务"}评审 (${key} reviewer)`, "REVIEWER", team);
    return { ...team, managerId, repIds, reviewerId };
  });
  addUser("analyst", "数据分析师 Analyst", "ANALYST", null);
  addUser("admin", "系统管理员 Admin", "ADMIN", null);
  return { teams, users, accounts };
}
