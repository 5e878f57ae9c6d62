import { CHINA_MAINLAND_CALENDAR_SPEC, DEFAULT_PLAYBOOK, type Playbook, type UserRole } from "@sales/domain";
import { eq, sql } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { apiTokens } from "../../src/auth/api-token.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import { loadTeamRules } from "../../src/teams/team-rules.ts";
import { teams, type TeamRow } from "../../src/teams/team.table.ts";
import { verifyPassword } from "../../src/users/password.ts";
import { users, type UserRow } from "../../src/users/user.table.ts";
import { FIXTURE_PASSWORD, createTeam, createUser } from "../support/fixtures.ts";
import { captureLog } from "../support/log-capture.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");
const MISSING_ID = "00000000-0000-4000-8000-000000000000";

const USER_FIELDS = `id email displayName role active team { id }`;
const TEAM_SETTINGS = `id name timeZone usesDefaultPlaybook playbook usesDefaultCalendar calendar {
  timeZone weekendDays holidays { date name } makeUpWorkdays { date name } coverage { from through } }`;

const CREATE_USER = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateUser(id: $id) { ${USER_FIELDS} } }`;
const REACTIVATE = `mutation($id: ID!) { reactivateUser(id: $id) { ${USER_FIELDS} } }`;
const SET_TEAM = `mutation($userId: ID!, $teamId: ID!) { setUserTeam(userId: $userId, teamId: $teamId) { ${USER_FIELDS} } }`;
const RESET_PASSWORD = `mutation($userId: ID!, $newPassword: String!) { resetUserPassword(userId: $userId, newPassword: $newPassword) { ${USER_FIELDS} } }`;
const CREATE_TEAM = `mutation($name: String!, $timeZone: String) { createTeam(name: $name, timeZone: $timeZone) { ${TEAM_SETTINGS} } }`;
const CREATE_TEAM_DEFAULT_ZONE = `mutation($name: String!) { createTeam(name: $name) { ${TEAM_SETTINGS} } }`;
const UPDATE_PLAYBOOK = `mutation($teamId: ID!, $playbook: JSONObject!) { updateTeamPlaybook(teamId: $teamId, playbook: $playbook) { ${TEAM_SETTINGS} } }`;
const RESET_PLAYBOOK = `mutation($teamId: ID!) { resetTeamPlaybook(teamId: $teamId) { ${TEAM_SETTINGS} } }`;
const UPDATE_CALENDAR = `mutation($teamId: ID!, $input: CalendarInput!) { updateTeamCalendar(teamId: $teamId, input: $input) { ${TEAM_SETTINGS} } }`;
const USERS = `query($teamId: ID, $role: UserRole, $active: Boolean) { users(teamId: $teamId, role: $role, active: $active) { ${USER_FIELDS} } }`;
const TEAMS = `{ teams { ${TEAM_SETTINGS} } }`;

interface UserView {
  id: string;
  email: string;
  displayName: string;
  role: UserRole;
  active: boolean;
  team: { id: string } | null;
}
interface CalendarView {
  timeZone: string;
  weekendDays: number[];
  holidays: { date: string; name: string | null }[];
  makeUpWorkdays: { date: string; name: string | null }[];
  coverage: { from: string; through: string };
}
interface TeamView {
  id: string;
  name: string;
  timeZone: string;
  usesDefaultPlaybook: boolean | null;
  playbook: Record<string, unknown> | null;
  usesDefaultCalendar: boolean | null;
  calendar: CalendarView | null;
}

function firstError<T>(res: GraphqlResponse<T>) {
  expect(res.errors, "expected the request to fail").toBeDefined();
  return res.errors![0]!;
}

function uniqueName(prefix: string): string {
  return `${prefix} ${Math.random().toString(36).slice(2, 10)}`;
}

/** The default playbook as a client would send it, with changes applied. */
function playbookWith(change: (playbook: Playbook) => void): Playbook {
  const playbook = structuredClone(DEFAULT_PLAYBOOK);
  change(playbook);
  return playbook;
}

/** Lets a test write what the Playbook type would not allow, as a careless client might. */
const loose = (value: object) => value as Record<string, unknown>;

const BERLIN_2026: CalendarView = {
  timeZone: "Europe/Berlin",
  weekendDays: [6, 7],
  holidays: [
    { date: "2026-12-25", name: "Weihnachten" },
    { date: "2026-01-01", name: null },
  ],
  makeUpWorkdays: [{ date: "2026-12-27", name: "Inventur" }],
  coverage: { from: "2026-01-01", through: "2026-12-31" },
};

export function adminSuite(database: TestDatabase) {
  describe(`administration over HTTP on ${database.driver}`, () => {
    let now = NOW;
    const api = startTestServer(database, { now: () => now });
    const db = () => database.handle.db;

    let teamA: TeamRow;
    let teamB: TeamRow;
    let admin: UserRow;
    let managerA: UserRow;
    let repA: UserRow;
    let analyst: UserRow;
    let reviewerA: UserRow;
    beforeAll(async () => {
      teamA = await createTeam(db());
      teamB = await createTeam(db());
      admin = await createUser(db(), { role: "ADMIN" });
      managerA = await createUser(db(), { role: "MANAGER", teamId: teamA.id });
      repA = await createUser(db(), { role: "REP", teamId: teamA.id });
      analyst = await createUser(db(), { role: "ANALYST" });
      reviewerA = await createUser(db(), { role: "REVIEWER", teamId: teamA.id });
    });
    beforeEach(() => {
      now = NOW;
    });

    const asAdmin = <T>(query: string, variables?: Record<string, unknown>) => api.graphql<T>(query, variables, { as: admin });

    async function counts() {
      const count = async (table: PgTable) => (await db().select({ n: countRows() }).from(table))[0]!.n;
      return { users: await count(users), teams: await count(teams), audit: await count(auditEvents), apiTokens: await count(apiTokens) };
    }

    /** Runs a request that must fail and checks that it wrote nothing. */
    async function expectRefused<T>(request: () => Promise<GraphqlResponse<T>>) {
      const before = await counts();
      const teamsBefore = await db().select().from(teams);
      const res = await request();
      expect(res.data ?? null).toBeNull();
      expect(await counts()).toEqual(before);
      expect(await db().select().from(teams)).toEqual(teamsBefore);
      return firstError(res);
    }

    async function auditOf(entityId: string) {
      const rows = await db().select().from(auditEvents).where(eq(auditEvents.entityId, entityId)).orderBy(auditEvents.id);
      return rows.map(({ entityType, action, actorId, before, after }) => ({ entityType, action, actorId, before, after }));
    }

    function newUserInput(overrides: Record<string, unknown> = {}) {
      return {
        email: `${uniqueName("new").replace(" ", "-")}@Example.TEST`,
        displayName: "李伟",
        role: "REP",
        teamId: teamA.id,
        password: "correct horse battery",
        ...overrides,
      };
    }

    describe("createUser", () => {
      it("creates a rep in a team with the email normalised; they log in with the password; the audit event has no password", async () => {
        const input = newUserInput({ email: "  Li.Wei.New@Example.TEST " });
        const res = await asAdmin<{ createUser: UserView }>(CREATE_USER, { input });
        expect(res.errors).toBeUndefined();
        const created = res.data!.createUser;
        expect(created).toMatchObject({ email: "li.wei.new@example.test", displayName: "李伟", role: "REP", active: true, team: { id: teamA.id } });

        const [row] = await db().select().from(users).where(eq(users.id, created.id));
        expect(row!.passwordHash).not.toContain(input.password);
        expect(await verifyPassword(input.password, row!.passwordHash)).toBe(true);
        const login = await api.graphql<{ login: { user: { id: string } } }>(
          `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { user { id } } }`,
          { email: "LI.WEI.NEW@example.test", password: input.password },
        );
        expect(login.data!.login.user.id).toBe(created.id);

        const events = await auditOf(created.id);
        expect(events).toEqual([
          {
            entityType: "USER",
            action: "USER_CREATED",
            actorId: admin.id,
            before: null,
            after: { email: "li.wei.new@example.test", displayName: "李伟", role: "REP", teamId: teamA.id, active: true },
          },
        ]);
      });

      it.each([["ANALYST"], ["ADMIN"]] as const)("creates an %s with no team", async (role) => {
        const res = await asAdmin<{ createUser: UserView }>(CREATE_USER, { input: newUserInput({ role, teamId: null }) });
        expect(res.errors).toBeUndefined();
        expect(res.data!.createUser).toMatchObject({ role, team: null });
      });

      it.each([
        ["an invalid email", { email: "not-an-email" }, "BAD_USER_INPUT", "input.email"],
        ["a password of 9 characters", { password: "123456789" }, "BAD_USER_INPUT", "input.password"],
        ["a password of one kind of character (issue 10, finding 3)", { password: "bluelotuspondwater" }, "BAD_USER_INPUT", "input.password"],
        ["a commonly guessed password", { password: "Password2026!" }, "BAD_USER_INPUT", "input.password"],
        ["a password made of the email's name", { email: "wang.fang@example.test", password: "Wang.Fang-2026" }, "BAD_USER_INPUT", "input.password"],
        ["an empty display name", { displayName: "   " }, "BAD_USER_INPUT", "input.displayName"],
        ["a display name of 101 characters", { displayName: "x".repeat(101) }, "BAD_USER_INPUT", "input.displayName"],
        ["a display name with a line break", { displayName: "Li\nWei" }, "BAD_USER_INPUT", "input.displayName"],
        ["a REP without a team", { role: "REP", teamId: null }, "BAD_USER_INPUT", "input.teamId"],
        ["a MANAGER without a team", { role: "MANAGER", teamId: null }, "BAD_USER_INPUT", "input.teamId"],
        ["a REVIEWER without a team", { role: "REVIEWER", teamId: null }, "BAD_USER_INPUT", "input.teamId"],
        ["an ANALYST with a team", { role: "ANALYST" }, "BAD_USER_INPUT", "input.teamId"],
        ["an ADMIN with a team", { role: "ADMIN" }, "BAD_USER_INPUT", "input.teamId"],
        ["a team that does not exist", { teamId: MISSING_ID }, "NOT_FOUND", "input.teamId"],
        ["a malformed team id", { teamId: "team-a" }, "NOT_FOUND", "input.teamId"],
      ])("refuses %s, naming the field, and writes nothing", async (_case, overrides, code, field) => {
        const error = await expectRefused(() => asAdmin(CREATE_USER, { input: newUserInput(overrides) }));
        expect(error.extensions).toMatchObject({ code, field });
      });

      it("refuses an email another user has, in any case, with CONFLICT naming input.email", async () => {
        const error = await expectRefused(() => asAdmin(CREATE_USER, { input: newUserInput({ email: repA.email.toUpperCase() }) }));
        expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "input.email" });
        expect(error.message).toContain(repA.email);
      });

      it("lists every problem at once, the first in extensions.field", async () => {
        const error = await expectRefused(() =>
          asAdmin(CREATE_USER, { input: newUserInput({ email: "nope", password: "short", teamId: null }) }),
        );
        expect(error.extensions?.field).toBe("input.email");
        expect((error.extensions?.fields as { field: string }[]).map((f) => f.field)).toEqual([
          "input.email",
          "input.password",
          "input.teamId",
        ]);
      });
    });

    describe("resetUserPassword (issue 10, finding 4)", () => {
      const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { user { id } } }`;
      const login = (email: string, password: string) => api.graphql<{ login: { user: { id: string } } }>(LOGIN, { email, password });

      it("sets the password: it works at once, even on an account locked by failed logins; the old one stops; audited without the password", async () => {
        const user = await createUser(db(), { role: "REP", teamId: teamA.id });
        for (let i = 0; i < 5; i++) expect(firstError(await login(user.email, "not-the-password-1")).extensions?.code).toBe("UNAUTHENTICATED");
        expect(firstError(await login(user.email, FIXTURE_PASSWORD)).extensions?.code).toBe("TOO_MANY_ATTEMPTS");

        const res = await asAdmin<{ resetUserPassword: UserView }>(RESET_PASSWORD, { userId: user.id, newPassword: "river-stone-0427" });
        expect(res.errors).toBeUndefined();
        expect(res.data!.resetUserPassword).toMatchObject({ id: user.id, email: user.email, active: true });
        expect((await login(user.email, "river-stone-0427")).data?.login.user.id).toBe(user.id);
        expect(firstError(await login(user.email, FIXTURE_PASSWORD)).extensions?.code).toBe("UNAUTHENTICATED");
        expect(await auditOf(user.id)).toEqual([
          { entityType: "USER", action: "USER_PASSWORD_RESET", actorId: admin.id, before: null, after: null },
        ]);
      });

      it.each([
        ["a weak password", () => ({ userId: repA.id, newPassword: "Password2026!" }), "BAD_USER_INPUT", "newPassword"],
        ["a password made of the user's own email", () => ({ userId: repA.id, newPassword: `${repA.email}!` }), "BAD_USER_INPUT", "newPassword"],
        ["a user that does not exist", () => ({ userId: MISSING_ID, newPassword: "river-stone-0427" }), "NOT_FOUND", "userId"],
        ["a malformed user id", () => ({ userId: "rep-a", newPassword: "river-stone-0427" }), "NOT_FOUND", "userId"],
      ])("refuses %s, naming the field, and the password stays as it was", async (_case, variables, code, field) => {
        const [before] = await db().select().from(users).where(eq(users.id, repA.id));
        const error = await expectRefused(() => asAdmin(RESET_PASSWORD, variables()));
        expect(error.extensions).toMatchObject({ code, field });
        expect(await db().select().from(users).where(eq(users.id, repA.id))).toEqual([before]);
      });
    });

    describe("deactivateUser and reactivateUser", () => {
      it("an admin cannot deactivate themselves: BAD_USER_INPUT naming id", async () => {
        const error = await expectRefused(() => asAdmin(DEACTIVATE, { id: admin.id }));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "id" });
        expect((await api.graphql<{ viewer: { active: boolean } }>(`{ viewer { active } }`, {}, { as: admin })).data!.viewer.active).toBe(true);
      });

      it.each([[MISSING_ID], ["not-an-id"]])("an unknown user id (%s) is NOT_FOUND naming id", async (id) => {
        for (const mutation of [DEACTIVATE, REACTIVATE]) {
          const error = await expectRefused(() => asAdmin(mutation, { id }));
          expect(error.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
        }
      });

      it("deactivating twice changes nothing the second time; reactivating lets them log in again, revoked API tokens stay revoked", async () => {
        const user = await createUser(db(), { role: "REP", teamId: teamA.id });
        const created = await api.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
          `mutation { createApiToken(name: "phone app") { token apiToken { id } } }`,
          {},
          { as: user },
        );
        const apiToken = { id: created.data!.createApiToken.apiToken.id, token: created.data!.createApiToken.token };

        expect((await asAdmin<{ deactivateUser: UserView }>(DEACTIVATE, { id: user.id })).data!.deactivateUser.active).toBe(false);
        const again = await asAdmin<{ deactivateUser: UserView }>(DEACTIVATE, { id: user.id });
        expect(again.data!.deactivateUser.active).toBe(false);
        const reactivated = await asAdmin<{ reactivateUser: UserView }>(REACTIVATE, { id: user.id });
        expect(reactivated.data!.reactivateUser.active).toBe(true);

        // A new login works (one from before the deactivation stays ended: the auth suite shows it).
        const [current] = await db().select().from(users).where(eq(users.id, user.id));
        expect((await api.graphql<{ viewer: { id: string } }>(`{ viewer { id } }`, {}, { as: current! })).data!.viewer.id).toBe(user.id);
        const withApiToken = await api.graphql(`{ viewer { id } }`, {}, { as: apiToken.token });
        expect(firstError(withApiToken).extensions?.code).toBe("UNAUTHENTICATED");
        expect((await auditOf(user.id)).map((e) => e.action)).toEqual(["USER_DEACTIVATED", "USER_REACTIVATED"]);
        expect((await auditOf(apiToken.id)).map((e) => e.action)).toEqual(["API_TOKEN_CREATED", "API_TOKEN_REVOKED"]);
      });
    });

    describe("setUserTeam", () => {
      // What a move does to the rep's work (it stays with the old team) is team-move.suite.ts's.
      it("moves a rep who holds no work to another team; audited", async () => {
        const rep = await createUser(db(), { role: "REP", teamId: teamA.id });

        const res = await asAdmin<{ setUserTeam: UserView }>(SET_TEAM, { userId: rep.id, teamId: teamB.id });
        expect(res.errors).toBeUndefined();
        expect(res.data!.setUserTeam.team).toEqual({ id: teamB.id });

        const seen = await api.graphql<{ viewer: { team: { id: string } } }>(`{ viewer { team { id } } }`, {}, { as: rep });
        expect(seen.data).toEqual({ viewer: { team: { id: teamB.id } } });
        expect(await auditOf(rep.id)).toEqual([
          { entityType: "USER", action: "USER_TEAM_CHANGED", actorId: admin.id, before: { teamId: teamA.id }, after: { teamId: teamB.id } },
        ]);
      });

      it("moving a user to the team they are in changes nothing", async () => {
        const rep = await createUser(db(), { role: "REP", teamId: teamA.id });
        const res = await asAdmin<{ setUserTeam: UserView }>(SET_TEAM, { userId: rep.id, teamId: teamA.id });
        expect(res.data!.setUserTeam.team).toEqual({ id: teamA.id });
        expect(await auditOf(rep.id)).toEqual([]);
      });

      it.each([
        ["an analyst, who works across teams", () => ({ userId: analyst.id, teamId: teamA.id }), "BAD_USER_INPUT", "teamId"],
        ["a team that does not exist", () => ({ userId: repA.id, teamId: MISSING_ID }), "NOT_FOUND", "teamId"],
        ["a user who does not exist", () => ({ userId: MISSING_ID, teamId: teamB.id }), "NOT_FOUND", "userId"],
      ])("refuses %s, naming the field, and writes nothing", async (_case, variables, code, field) => {
        const error = await expectRefused(() => asAdmin(SET_TEAM, variables()));
        expect(error.extensions).toMatchObject({ code, field });
      });
    });

    describe("createTeam", () => {
      it("a team in Asia/Shanghai (the default) works by the maintained mainland China calendar and the default playbook", async () => {
        const name = uniqueName("华东销售部");
        const res = await asAdmin<{ createTeam: TeamView }>(CREATE_TEAM_DEFAULT_ZONE, { name });
        expect(res.errors).toBeUndefined();
        const team = res.data!.createTeam;
        expect(team).toMatchObject({ name, timeZone: "Asia/Shanghai", usesDefaultCalendar: true, usesDefaultPlaybook: true });
        expect(team.calendar!.coverage).toEqual(CHINA_MAINLAND_CALENDAR_SPEC.coverage);
        expect(team.calendar!.makeUpWorkdays.length).toBeGreaterThan(0);
        expect(team.playbook).toEqual(DEFAULT_PLAYBOOK);
        const [row] = await db().select().from(teams).where(eq(teams.id, team.id));
        expect(row!.calendar).toBeNull();
        expect(await auditOf(team.id)).toEqual([
          { entityType: "TEAM", action: "TEAM_CREATED", actorId: admin.id, before: null, after: { name, calendar: null } },
        ]);
      });

      it("a team in another zone gets Saturday and Sunday off, no holidays, covering the current year", async () => {
        const res = await asAdmin<{ createTeam: TeamView }>(CREATE_TEAM, { name: uniqueName("Berlin"), timeZone: "Europe/Berlin" });
        expect(res.errors).toBeUndefined();
        expect(res.data!.createTeam).toMatchObject({
          timeZone: "Europe/Berlin",
          usesDefaultCalendar: false,
          calendar: { timeZone: "Europe/Berlin", weekendDays: [6, 7], holidays: [], makeUpWorkdays: [], coverage: { from: "2026-01-01", through: "2026-12-31" } },
        });
      });

      it("SOP-3.5 the current year is the team's: at 2026-12-31 16:00 UTC it is already 2027 in Auckland", async () => {
        now = new Date("2026-12-31T16:00:00.000Z");
        const res = await asAdmin<{ createTeam: TeamView }>(CREATE_TEAM, { name: uniqueName("Auckland"), timeZone: "Pacific/Auckland" });
        expect(res.data!.createTeam.calendar!.coverage).toEqual({ from: "2027-01-01", through: "2027-12-31" });
      });

      it.each([
        ["an empty name", () => ({ name: "  " }), "BAD_USER_INPUT", "name"],
        ["a name of 101 characters", () => ({ name: "x".repeat(101) }), "BAD_USER_INPUT", "name"],
        ["a name another team has", () => ({ name: teamA.name }), "CONFLICT", "name"],
        ["an unknown time zone", () => ({ name: uniqueName("Mars"), timeZone: "Mars/Olympus_Mons" }), "BAD_USER_INPUT", "timeZone"],
      ])("refuses %s, naming the field, and writes nothing", async (_case, variables, code, field) => {
        const error = await expectRefused(() => asAdmin(CREATE_TEAM, variables()));
        expect(error.extensions).toMatchObject({ code, field });
      });
    });

    describe("users and teams queries", () => {
      it("an admin lists every user, filtered by team, role and active", async () => {
        const inactive = await createUser(db(), { role: "REP", teamId: teamB.id, active: false });
        const all = await asAdmin<{ users: UserView[] }>(USERS);
        expect(all.data!.users.map((u) => u.id)).toEqual(expect.arrayContaining([admin.id, analyst.id, repA.id, inactive.id]));

        const repsOfA = await asAdmin<{ users: UserView[] }>(USERS, { teamId: teamA.id, role: "REP" });
        expect(repsOfA.data!.users.every((u) => u.role === "REP" && u.team?.id === teamA.id)).toBe(true);
        expect(repsOfA.data!.users.map((u) => u.id)).toContain(repA.id);

        const inactiveOfB = await asAdmin<{ users: UserView[] }>(USERS, { teamId: teamB.id, active: false });
        expect(inactiveOfB.data!.users.map((u) => u.id)).toEqual([inactive.id]);
      });

      it("a manager lists the users of their own team, and another team's id is NOT_FOUND naming teamId", async () => {
        const own = await api.graphql<{ users: UserView[] }>(USERS, {}, { as: managerA });
        expect(own.errors).toBeUndefined();
        expect(own.data!.users.map((u) => u.id)).toEqual(expect.arrayContaining([managerA.id, repA.id, reviewerA.id]));
        expect(own.data!.users.every((u) => u.team?.id === teamA.id)).toBe(true);

        const other = await api.graphql(USERS, { teamId: teamB.id }, { as: managerA });
        expect(firstError(other).extensions).toMatchObject({ code: "NOT_FOUND", field: "teamId" });
      });

      it("an admin asking for an unknown team's users gets NOT_FOUND naming teamId", async () => {
        const res = await asAdmin(USERS, { teamId: MISSING_ID });
        expect(firstError(res).extensions).toMatchObject({ code: "NOT_FOUND", field: "teamId" });
      });

      it.each([["REP"], ["ANALYST"], ["REVIEWER"]] as const)("role %s may not list users: FORBIDDEN", async (role) => {
        const user = { REP: repA, ANALYST: analyst, REVIEWER: reviewerA }[role];
        const res = await api.graphql(USERS, {}, { as: user });
        expect(firstError(res).extensions?.code).toBe("FORBIDDEN");
      });

      it("reps and managers see their own team; analysts, reviewers and admins see every team", async () => {
        for (const user of [repA, managerA]) {
          const res = await api.graphql<{ teams: TeamView[] }>(TEAMS, {}, { as: user });
          expect(res.errors).toBeUndefined();
          expect(res.data!.teams.map((t) => t.id)).toEqual([teamA.id]);
        }
        for (const user of [analyst, admin]) {
          const res = await api.graphql<{ teams: TeamView[] }>(TEAMS, {}, { as: user });
          expect(res.errors).toBeUndefined();
          expect(res.data!.teams.map((t) => t.id)).toEqual(expect.arrayContaining([teamA.id, teamB.id]));
        }
      });

      it("a team's settings are read by its members, analysts and admins; anyone else gets FORBIDDEN for them", async () => {
        const own = await api.graphql<{ teams: TeamView[] }>(TEAMS, {}, { as: repA });
        expect(own.data!.teams[0]).toMatchObject({ usesDefaultPlaybook: true, playbook: DEFAULT_PLAYBOOK, usesDefaultCalendar: true });

        const res = await api.graphql<{ teams: TeamView[] }>(
          `{ teams { id name playbook calendar { timeZone } } }`,
          {},
          { as: reviewerA },
        );
        const other = res.data!.teams.find((t) => t.id === teamB.id)!;
        expect(other).toMatchObject({ name: teamB.name, playbook: null, calendar: null });
        expect(res.data!.teams.find((t) => t.id === teamA.id)!.playbook).toEqual(DEFAULT_PLAYBOOK);
        expect(res.errors!.every((e) => e.extensions?.code === "FORBIDDEN")).toBe(true);
        expect(res.errors!.length).toBeGreaterThanOrEqual(2);
      });
    });

    describe("team playbook (architecture.md: the playbook is data)", () => {
      it("SOP-3.1 an admin sets a team's playbook; the team's members and analysts read it back; unknown keys are dropped", async () => {
        const team = await createTeam(db());
        const rep = await createUser(db(), { role: "REP", teamId: team.id });
        const custom = playbookWith((p) => {
          p.followUp.A.cadence.every = { unit: "BUSINESS_DAYS", amount: 3 };
          p.followUp.C.firstContact.within = { unit: "DAYS", amount: 10 };
        });
        const res = await asAdmin<{ updateTeamPlaybook: TeamView }>(UPDATE_PLAYBOOK, {
          teamId: team.id,
          playbook: { ...custom, comment: "not part of a playbook" },
        });
        expect(res.errors).toBeUndefined();
        expect(res.data!.updateTeamPlaybook).toMatchObject({ usesDefaultPlaybook: false, playbook: custom });

        for (const reader of [rep, analyst]) {
          const read = await api.graphql<{ teams: TeamView[] }>(TEAMS, {}, { as: reader });
          expect(read.data!.teams.find((t) => t.id === team.id)).toMatchObject({ usesDefaultPlaybook: false, playbook: custom });
        }
        expect(await auditOf(team.id)).toEqual([
          { entityType: "TEAM", action: "TEAM_PLAYBOOK_UPDATED", actorId: admin.id, before: { playbook: null }, after: { playbook: custom } },
        ]);
      });

      it("an inconsistent playbook gets every problem named under playbook., the first in extensions.field, and nothing is stored", async () => {
        const bad = playbookWith((p) => {
          loose(p.tiering).unknownCountsAs = "MAYBE";
          p.followUp.A.cadence.every.amount = 0;
          loose(p.followUp.B.firstContact).channel = "FAX";
          loose(p.followUp).D = p.followUp.C;
          delete loose(p).noAnswerRetry;
        });
        const error = await expectRefused(() => asAdmin(UPDATE_PLAYBOOK, { teamId: teamA.id, playbook: bad }));
        const fields = (error.extensions?.fields as { field: string; code: string }[]).map(({ field, code }) => ({ field, code }));
        expect(fields).toEqual([
          { field: "playbook.tiering.unknownCountsAs", code: "UNKNOWN_VALUE" },
          { field: "playbook.followUp.A.cadence.every.amount", code: "NOT_POSITIVE_INTEGER" },
          { field: "playbook.followUp.B.firstContact.channel", code: "UNKNOWN_VALUE" },
          { field: "playbook.followUp.D", code: "UNKNOWN_VALUE" },
          { field: "playbook.noAnswerRetry", code: "REQUIRED" },
        ]);
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "playbook.tiering.unknownCountsAs" });
      });

      it("an interval longer than the playbook allows is named down to its amount", async () => {
        const bad = playbookWith((p) => {
          p.followUp.B.cadence.every = { unit: "MONTHS", amount: 13 };
        });
        const error = await expectRefused(() => asAdmin(UPDATE_PLAYBOOK, { teamId: teamA.id, playbook: bad }));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "playbook.followUp.B.cadence.every.amount" });
      });

      it("resetTeamPlaybook brings the default back, audited; resetting a team on the default changes nothing", async () => {
        const team = await createTeam(db());
        await asAdmin(UPDATE_PLAYBOOK, { teamId: team.id, playbook: playbookWith((p) => (p.opportunity.minDistinctSignals = 3)) });
        const res = await asAdmin<{ resetTeamPlaybook: TeamView }>(RESET_PLAYBOOK, { teamId: team.id });
        expect(res.errors).toBeUndefined();
        expect(res.data!.resetTeamPlaybook).toMatchObject({ usesDefaultPlaybook: true, playbook: DEFAULT_PLAYBOOK });
        await asAdmin(RESET_PLAYBOOK, { teamId: team.id });
        const events = await auditOf(team.id);
        expect(events.map((e) => e.action)).toEqual(["TEAM_PLAYBOOK_UPDATED", "TEAM_PLAYBOOK_RESET"]);
        expect(events[1]!.after).toEqual({ playbook: null });
      });

      describe("the pipeline section (issue 9: forecast, stalled and at-risk reports)", () => {
        const ownPipeline = {
          winProbabilityPercent: { OPPORTUNITY: 5, PROPOSAL: 20, IN_REVIEW: 50, NEGOTIATION: 80 },
          stalledAfterDays: { OPPORTUNITY: 30, PROPOSAL: 14, IN_REVIEW: 7, NEGOTIATION: 28 },
          reviewWaitDays: 4,
          decisionWaitDays: 1,
        };

        it("an admin sets it through updateTeamPlaybook; the team's members read it back, and the reports' rules use it", async () => {
          const team = await createTeam(db());
          const rep = await createUser(db(), { role: "REP", teamId: team.id });
          const custom = playbookWith((p) => (p.pipeline = ownPipeline));
          const res = await asAdmin<{ updateTeamPlaybook: TeamView }>(UPDATE_PLAYBOOK, { teamId: team.id, playbook: custom });
          expect(res.errors).toBeUndefined();
          expect(res.data!.updateTeamPlaybook.playbook).toEqual(custom);
          const read = await api.graphql<{ teams: TeamView[] }>(TEAMS, {}, { as: rep });
          expect(read.data!.teams[0]!.playbook!.pipeline).toEqual(ownPipeline);
          expect((await loadTeamRules(db(), team.id)).playbook.pipeline).toEqual(ownPipeline);
          expect((await auditOf(team.id)).at(-1)!.after).toEqual({ playbook: custom });
        });

        it.each([[120], [12.5], [-1], ["70"]])(
          "a win probability of %j is BAD_USER_INPUT naming playbook.pipeline.winProbabilityPercent.NEGOTIATION; the stored playbook stays",
          async (probability) => {
            const team = await createTeam(db());
            const stored = playbookWith((p) => (p.pipeline = ownPipeline));
            await asAdmin(UPDATE_PLAYBOOK, { teamId: team.id, playbook: stored });
            const bad = playbookWith((p) => (loose(p.pipeline.winProbabilityPercent).NEGOTIATION = probability));
            const error = await expectRefused(() => asAdmin(UPDATE_PLAYBOOK, { teamId: team.id, playbook: bad }));
            expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "playbook.pipeline.winProbabilityPercent.NEGOTIATION" });
            const [row] = await db().select().from(teams).where(eq(teams.id, team.id));
            expect(row!.playbook).toEqual(stored);
          },
        );

        it("every pipeline problem is named, an unknown stage like an unknown tier", async () => {
          const bad = playbookWith((p) => {
            loose(p.pipeline.stalledAfterDays).WON = 10;
            p.pipeline.stalledAfterDays.IN_REVIEW = 0;
            delete loose(p.pipeline).reviewWaitDays;
          });
          const error = await expectRefused(() => asAdmin(UPDATE_PLAYBOOK, { teamId: teamA.id, playbook: bad }));
          const fields = (error.extensions?.fields as { field: string; code: string }[]).map(({ field, code }) => ({ field, code }));
          expect(fields).toEqual([
            { field: "playbook.pipeline.stalledAfterDays.IN_REVIEW", code: "OUT_OF_RANGE" },
            { field: "playbook.pipeline.stalledAfterDays.WON", code: "UNKNOWN_VALUE" },
            { field: "playbook.pipeline.reviewWaitDays", code: "REQUIRED" },
          ]);
        });

        it("a client that predates the section may still send a playbook without it: it is stored with the default section", async () => {
          const team = await createTeam(db());
          const { pipeline: _left, ...withoutPipeline } = playbookWith((p) => (p.opportunity.minDistinctSignals = 3));
          const res = await asAdmin<{ updateTeamPlaybook: TeamView }>(UPDATE_PLAYBOOK, { teamId: team.id, playbook: withoutPipeline });
          expect(res.errors).toBeUndefined();
          expect(res.data!.updateTeamPlaybook.playbook).toEqual({ ...withoutPipeline, pipeline: DEFAULT_PLAYBOOK.pipeline });
        });

        it("a team whose stored playbook predates the section reads the default section, its own settings kept", async () => {
          const { pipeline: _left, ...storedBefore } = playbookWith((p) => (p.opportunity.minDistinctSignals = 3));
          const team = await createTeam(db(), { playbook: storedBefore });
          const res = await asAdmin<{ teams: TeamView[] }>(TEAMS);
          const read = res.data!.teams.find((t) => t.id === team.id)!;
          expect(read).toMatchObject({ usesDefaultPlaybook: false, playbook: { ...storedBefore, pipeline: DEFAULT_PLAYBOOK.pipeline } });
          const rules = await loadTeamRules(db(), team.id);
          expect(rules.playbook.pipeline).toEqual(DEFAULT_PLAYBOOK.pipeline);
          expect(rules.playbook.opportunity.minDistinctSignals).toBe(3);
        });
      });

      it.each([[MISSING_ID], ["team-a"]])("a team id that does not exist (%s) is NOT_FOUND naming teamId", async (teamId) => {
        for (const [query, variables] of [
          [UPDATE_PLAYBOOK, { teamId, playbook: DEFAULT_PLAYBOOK }],
          [RESET_PLAYBOOK, { teamId }],
          [UPDATE_CALENDAR, { teamId, input: BERLIN_2026 }],
        ] as const) {
          const error = await expectRefused(() => asAdmin(query, variables));
          expect(error.extensions).toMatchObject({ code: "NOT_FOUND", field: "teamId" });
        }
      });
    });

    describe("team calendar (SOP-3.5)", () => {
      it("SOP-3.5 an admin replaces a team's calendar; it reads back sorted, with its time zone; audited", async () => {
        const team = await createTeam(db());
        const res = await asAdmin<{ updateTeamCalendar: TeamView }>(UPDATE_CALENDAR, { teamId: team.id, input: BERLIN_2026 });
        expect(res.errors).toBeUndefined();
        const expected: CalendarView = {
          ...BERLIN_2026,
          holidays: [
            { date: "2026-01-01", name: null },
            { date: "2026-12-25", name: "Weihnachten" },
          ],
        };
        expect(res.data!.updateTeamCalendar).toMatchObject({ timeZone: "Europe/Berlin", usesDefaultCalendar: false, calendar: expected });

        const read = await api.graphql<{ viewer: { team: TeamView } }>(`{ viewer { team { ${TEAM_SETTINGS} } } }`, {}, {
          as: await createUser(db(), { role: "MANAGER", teamId: team.id }),
        });
        expect(read.data!.viewer.team.calendar).toEqual(expected);
        const [event] = await auditOf(team.id);
        expect(event).toMatchObject({ entityType: "TEAM", action: "TEAM_CALENDAR_UPDATED", actorId: admin.id, before: { calendar: null } });
        expect((event!.after as { calendar: CalendarView }).calendar.timeZone).toBe("Europe/Berlin");
      });

      it("leaving out weekendDays and the day lists means Saturday and Sunday off and no special days", async () => {
        const team = await createTeam(db());
        const res = await asAdmin<{ updateTeamCalendar: TeamView }>(UPDATE_CALENDAR, {
          teamId: team.id,
          input: { timeZone: "Asia/Tokyo", coverage: { from: "2026-01-01", through: "2026-12-31" } },
        });
        expect(res.data!.updateTeamCalendar.calendar).toEqual({
          timeZone: "Asia/Tokyo",
          weekendDays: [6, 7],
          holidays: [],
          makeUpWorkdays: [],
          coverage: { from: "2026-01-01", through: "2026-12-31" },
        });
      });

      it.each([
        ["a day both holiday and make-up working day", "input.makeUpWorkdays[0].date", "CONFLICT", { holidays: [{ date: "2026-12-27" }] }],
        ["an unknown time zone", "input.timeZone", "INVALID_TIME_ZONE", { timeZone: "Europe/Atlantis" }],
        ["a coverage that ends before it starts", "input.coverage.from", "INVALID_RANGE", { coverage: { from: "2026-12-31", through: "2026-01-01" } }],
        ["a date that does not exist", "input.holidays[0].date", "INVALID_DATE", { holidays: [{ date: "2026-02-30" }] }],
        ["a holiday outside the coverage", "input.holidays[0].date", "OUTSIDE_COVERAGE", { holidays: [{ date: "2027-01-01" }] }],
        ["a holiday listed twice", "input.holidays[1].date", "DUPLICATE", { holidays: [{ date: "2026-05-01" }, { date: "2026-05-01" }] }],
        ["a make-up working day that is a weekday anyway", "input.makeUpWorkdays[0].date", "NOT_A_WEEKEND_DAY", { makeUpWorkdays: [{ date: "2026-12-28" }] }],
        ["a weekday number 0", "input.weekendDays[0]", "OUT_OF_RANGE", { weekendDays: [0, 7] }],
        ["every weekday off", "input.weekendDays", "OUT_OF_RANGE", { weekendDays: [1, 2, 3, 4, 5, 6, 7] }],
        ["a holiday name over 100 characters", "input.holidays[0].name", "INVALID_TYPE", { holidays: [{ date: "2026-05-01", name: "节".repeat(101) }] }],
      ])("SOP-3.5 refuses %s, naming %s (%s), and writes nothing", async (_case, field, reason, change) => {
        const input = { ...BERLIN_2026, ...change };
        const error = await expectRefused(() => asAdmin(UPDATE_CALENDAR, { teamId: teamA.id, input }));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
        expect(error.extensions?.fields).toContainEqual(expect.objectContaining({ field, code: reason }));
      });

      it("refuses a holiday name with a NUL character, which the database cannot store, naming it", async () => {
        const input = { ...BERLIN_2026, holidays: [{ date: "2026-12-25", name: "Weih\u0000nachten" }] };
        const error = await expectRefused(() => asAdmin(UPDATE_CALENDAR, { teamId: teamA.id, input }));
        expect(error.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.holidays[0].name" });
      });
    });

    describe("only admins administer", () => {
      const attempts: [string, string, () => Record<string, unknown>][] = [
        ["createUser", CREATE_USER, () => ({ input: newUserInput() })],
        ["deactivateUser", DEACTIVATE, () => ({ id: repA.id })],
        ["reactivateUser", REACTIVATE, () => ({ id: repA.id })],
        ["setUserTeam", SET_TEAM, () => ({ userId: repA.id, teamId: teamB.id })],
        ["resetUserPassword", RESET_PASSWORD, () => ({ userId: repA.id, newPassword: "river-stone-0427" })],
        ["createTeam", CREATE_TEAM, () => ({ name: uniqueName("Shadow"), timeZone: "Asia/Shanghai" })],
        ["updateTeamPlaybook", UPDATE_PLAYBOOK, () => ({ teamId: teamA.id, playbook: DEFAULT_PLAYBOOK })],
        ["resetTeamPlaybook", RESET_PLAYBOOK, () => ({ teamId: teamA.id })],
        ["updateTeamCalendar", UPDATE_CALENDAR, () => ({ teamId: teamA.id, input: BERLIN_2026 })],
      ];
      it.each(attempts.flatMap(([name, query, variables]) => (["MANAGER", "REP", "ANALYST", "REVIEWER"] as const).map((role) => [name, role, query, variables] as const)))(
        "%s by role %s is FORBIDDEN and writes nothing",
        async (_name, role, query, variables) => {
          const user = { MANAGER: managerA, REP: repA, ANALYST: analyst, REVIEWER: reviewerA }[role];
          const error = await expectRefused(() => api.graphql(query, variables(), { as: user }));
          expect(error.extensions).toEqual({ code: "FORBIDDEN" });
        },
      );

      it("an anonymous caller is UNAUTHENTICATED", async () => {
        const error = await expectRefused(() => api.graphql(CREATE_TEAM, { name: uniqueName("Anon") }));
        expect(error.extensions?.code).toBe("UNAUTHENTICATED");
      });
    });
  });

  describe(`what a browser on another site and a prober learn (issue 10, finding 11) on ${database.driver}`, () => {
    const development = startTestServer(database, { now: NOW, corsOrigins: ["https://crm.example.com"] });
    const production = startTestServer(database, { now: NOW, production: true });
    const TYPO = `{ leadz(first: 1) { totalCount } }`;

    it("suggests field names in development but not in production, where introspection is off too", async () => {
      const viewer = await createUser(database.handle.db, { role: "ANALYST" });
      const told = await development.graphql(TYPO, {}, { as: viewer });
      expect(told.errors?.[0]?.message).toMatch(/Did you mean .*"leads"/);
      const hidden = await production.graphql(TYPO, {}, { as: viewer });
      expect(hidden.errors?.[0]?.message).toMatch(/Cannot query field "leadz"/);
      expect(JSON.stringify(hidden)).not.toMatch(/Did you mean|"leads"/);
    });

    it.each([
      ["a configured origin", () => development.url, "https://crm.example.com", "https://crm.example.com"],
      ["an origin not configured", () => development.url, "https://evil.example", null],
      ["any origin when none is configured", () => production.url, "https://crm.example.com", null],
    ])("answers %s with CORS headers only when it is allowed", async (_case, url, origin, allowed) => {
      const post = await fetch(`${url()}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", origin },
        body: JSON.stringify({ query: "{ __typename }" }),
      });
      expect(post.headers.get("access-control-allow-origin")).toBe(allowed);
      const preflight = await fetch(`${url()}/graphql`, {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "content-type, authorization" },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBe(allowed);
    });
  });

  describe(`unexpected errors in production on ${database.driver}`, () => {
    const log = captureLog({ production: true });
    const api = startTestServer(database, { now: NOW, production: true, logger: log.logger });
    const db = () => database.handle.db;

    // The database failing under a request is the real source of unexpected errors; renaming a
    // table away for the length of one request makes it fail the same way, with no test-only code.
    it("are masked for the client, logged with the request id, and leave nothing written", async () => {
      const admin = await createUser(db(), { role: "ADMIN" });
      const auditBefore = (await db().select({ n: countRows() }).from(auditEvents))[0]!.n;

      await db().execute(sql`alter table api_tokens rename to api_tokens_away`);
      const res = await api
        .graphql(`mutation { createApiToken(name: "CRM sync") { token } }`, {}, { as: admin })
        .finally(() => db().execute(sql`alter table api_tokens_away rename to api_tokens`));

      expect(res.errors).toEqual([
        { message: "Internal server error", locations: expect.any(Array), path: ["createApiToken"], extensions: { code: "INTERNAL_SERVER_ERROR" } },
      ]);
      expect(JSON.stringify(res)).not.toMatch(/stack|relation|api_tokens|postgres|\.ts/i);
      const failed = await vi.waitFor(() => {
        const lines = log.lines().filter((line) => line.level === "error");
        expect(lines).toHaveLength(1);
        return lines[0]!;
      });
      expect(failed.requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(failed.errorCodes).toEqual(["INTERNAL_SERVER_ERROR"]);
      expect(failed.errors).toEqual([expect.objectContaining({ path: "createApiToken", cause: expect.objectContaining({ pgCode: "42P01" }) })]);
      expect((await db().select({ n: countRows() }).from(auditEvents))[0]!.n).toBe(auditBefore);
    });
  });
}
