import { and, eq, inArray, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { rawRows } from "../../src/db/raw-rows.ts";
import { users, type UserRow } from "../../src/users/user.table.ts";
import { apiTokens } from "../../src/auth/api-token.table.ts";
import { endedSessions } from "../../src/auth/ended-session.table.ts";
import { FIXTURE_PASSWORD, createTeam, createUser, tokenFor } from "../support/fixtures.ts";
import type { RecordedStatement, TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const T0 = new Date("2026-11-27T08:00:00.000Z");
const HOUR = 3_600_000;
/** startTestServer signs login tokens for 12 hours. */
const SESSION_TTL_MS = 12 * HOUR;

const LOGIN = /* GraphQL */ `
  mutation($email: String!, $password: String!) {
    login(email: $email, password: $password) { token expiresAt user { id email role } }
  }
`;
const VIEWER = `{ viewer { id email displayName role active team { id name } } }`;

interface LoginData {
  login: { token: string; expiresAt: string; user: { id: string; email: string; role: string } };
}
interface ViewerData {
  viewer: { id: string; email: string; displayName: string; role: string; active: boolean; team: { id: string } | null } | null;
}

function firstError<T>(res: GraphqlResponse<T>) {
  expect(res.errors, "expected the request to fail").toBeDefined();
  return res.errors![0]!;
}

export function authSuite(database: TestDatabase) {
  describe(`login, tokens and roles over HTTP on ${database.driver}`, () => {
    let now = T0;
    const api = startTestServer(database, { now: () => now });
    const db = () => database.handle.db;
    beforeEach(() => {
      now = T0;
    });

    async function rep(): Promise<UserRow> {
      const team = await createTeam(db());
      return createUser(db(), { role: "REP", teamId: team.id });
    }

    async function login(email: string, password = FIXTURE_PASSWORD) {
      return api.graphql<LoginData>(LOGIN, { email, password });
    }

    async function loginToken(user: UserRow): Promise<string> {
      const res = await login(user.email);
      expect(res.errors).toBeUndefined();
      return res.data!.login.token;
    }

    describe("login", () => {
      it("exchanges the right email and password for a token that expires after the session time", async () => {
        const user = await rep();
        const res = await login(user.email);
        expect(res.errors).toBeUndefined();
        expect(res.data!.login.user).toEqual({ id: user.id, email: user.email, role: "REP" });
        expect(new Date(res.data!.login.expiresAt).getTime()).toBe(T0.getTime() + SESSION_TTL_MS);
      });

      it("gives the same UNAUTHENTICATED answer, with HTTP 401, for a wrong password and for an unknown email", async () => {
        const user = await rep();
        const wrongPassword = await login(user.email, "not-the-password-1");
        const unknownEmail = await login("nobody-here@example.test");
        for (const res of [wrongPassword, unknownEmail]) {
          expect(res.status).toBe(401);
          expect(res.data ?? null).toBeNull();
          expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
        }
        expect(firstError(wrongPassword).message).toBe(firstError(unknownEmail).message);
      });

      it("matches the email whatever its case and surrounding spaces", async () => {
        const user = await rep();
        const res = await login(`  ${user.email.toUpperCase()} `);
        expect(res.errors).toBeUndefined();
        expect(res.data!.login.user.id).toBe(user.id);
      });

      it("refuses a deactivated user with the right password exactly as a wrong password, so the answer does not confirm the password (issue 10, finding 5)", async () => {
        const user = await createUser(db(), { role: "ANALYST", active: false });
        const res = await login(user.email);
        const wrong = await login(user.email, "not-the-password-1");
        for (const answer of [res, wrong]) {
          expect(answer.status).toBe(401);
          expect(firstError(answer).extensions?.code).toBe("UNAUTHENTICATED");
        }
        expect(firstError(res).message).toBe(firstError(wrong).message);
      });
    });

    describe("bearer tokens", () => {
      it("the login token signs requests in as its user: viewer returns them", async () => {
        const user = await rep();
        const token = await loginToken(user);
        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: token });
        expect(res.errors).toBeUndefined();
        expect(res.data!.viewer).toEqual({
          id: user.id,
          email: user.email,
          displayName: user.displayName,
          role: "REP",
          active: true,
          team: { id: user.teamId!, name: expect.any(String) },
        });
      });

      it("the login token works until it expires, then gets UNAUTHENTICATED with HTTP 401", async () => {
        const user = await rep();
        const token = await loginToken(user);
        now = new Date(T0.getTime() + SESSION_TTL_MS - 1);
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: token })).data?.viewer?.id).toBe(user.id);
        now = new Date(T0.getTime() + SESSION_TTL_MS);
        const expired = await api.graphql<ViewerData>(VIEWER, {}, { as: token });
        expect(expired.status).toBe(401);
        expect(firstError(expired).extensions?.code).toBe("UNAUTHENTICATED");
        expect(firstError(expired).message).toMatch(/expired/);
      });

      it("a token whose payload was changed to name another user is refused", async () => {
        const user = await rep();
        const victim = await createUser(db(), { role: "ADMIN" });
        const [, signature] = (await loginToken(user)).split(".");
        const forgedPayload = Buffer.from(JSON.stringify({ sub: victim.id, exp: T0.getTime() + HOUR })).toString("base64url");
        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: `${forgedPayload}.${signature}` });
        expect(res.status).toBe(401);
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
      });

      it("a correctly signed token whose subject is not a user id is UNAUTHENTICATED, not an internal error (issue 10, finding 8)", async () => {
        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: { id: "not-a-uuid" } });
        expect(res.status).toBe(401);
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
      });

      it("a token with a changed signature is refused", async () => {
        const token = await loginToken(await rep());
        const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: tampered });
        expect(res.status).toBe(401);
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
      });

      it.each([
        ["a scheme other than Bearer", "Basic dXNlcjpwYXNz"],
        ["Bearer with no token", "Bearer"],
        ["two tokens", "Bearer abc def"],
        ["a token that is not one", "Bearer not-a-token"],
        ["an API token with no secret", "Bearer sk_00000000-0000-4000-8000-000000000000_"],
      ])("a malformed Authorization header (%s) is UNAUTHENTICATED with HTTP 401", async (_case, header) => {
        const response = await fetch(`${api.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: header },
          body: JSON.stringify({ query: VIEWER }),
        });
        const body = (await response.json()) as GraphqlResponse<ViewerData>;
        expect(response.status).toBe(401);
        expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
      });
    });

    describe("anonymous callers and roles", () => {
      it("an anonymous caller's viewer is null", async () => {
        const res = await api.graphql<ViewerData>(VIEWER);
        expect(res.errors).toBeUndefined();
        expect(res.data!.viewer).toBeNull();
      });

      it("an anonymous caller asking for leads is UNAUTHENTICATED", async () => {
        const res = await api.graphql(`{ leads(first: 5) { edges { cursor } } }`);
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
        expect(firstError(res).message).toMatch(/Bearer/);
      });

      it("a REVIEWER asking for leads is FORBIDDEN (type-graphql's authorization error, mapped)", async () => {
        const reviewer = await createUser(db(), { role: "REVIEWER", teamId: (await createTeam(db())).id });
        const res = await api.graphql(`{ leads(first: 5) { edges { cursor } } }`, {}, { as: reviewer });
        expect(res.data ?? null).toBeNull();
        expect(firstError(res).extensions).toEqual({ code: "FORBIDDEN" });
        expect(firstError(res).message).toBe("You are not allowed to do this");
      });
    });

    describe("API tokens", () => {
      const CREATE = `mutation($name: String!) { createApiToken(name: $name) { token apiToken { id name createdAt revokedAt } } }`;
      const REVOKE = `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`;
      const LIST = `{ apiTokens { id name createdAt revokedAt } }`;
      interface Created {
        createApiToken: { token: string; apiToken: { id: string; name: string; createdAt: string; revokedAt: string | null } };
      }

      async function createToken(user: UserRow, name = "trade-show importer") {
        const res = await api.graphql<Created>(CREATE, { name }, { as: user });
        expect(res.errors).toBeUndefined();
        return res.data!.createApiToken;
      }

      it("createApiToken shows the secret once; apiTokens lists the token without it; the token signs requests in", async () => {
        const user = await rep();
        const created = await createToken(user);
        expect(created.token).toMatch(new RegExp(`^sk_${created.apiToken.id}_.{20,}$`));
        expect(created.apiToken).toMatchObject({ name: "trade-show importer", revokedAt: null });
        expect(new Date(created.apiToken.createdAt)).toEqual(T0);

        const listed = await api.graphql<{ apiTokens: unknown[] }>(LIST, {}, { as: user });
        expect(listed.data!.apiTokens).toEqual([created.apiToken]);
        const secret = created.token.slice(`sk_${created.apiToken.id}_`.length);
        expect(JSON.stringify(listed)).not.toContain(secret);
        const fields = await api.graphql<{ __type: { fields: { name: string }[] } }>(`{ __type(name: "ApiToken") { fields { name } } }`);
        expect(fields.data!.__type.fields.map((f) => f.name).sort()).toEqual(["createdAt", "id", "name", "revokedAt"]);

        const viewer = await api.graphql<ViewerData>(VIEWER, {}, { as: created.token });
        expect(viewer.data!.viewer?.id).toBe(user.id);
      });

      it("an API token with a wrong secret is UNAUTHENTICATED", async () => {
        const created = await createToken(await rep());
        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: `sk_${created.apiToken.id}_wrong-secret` });
        expect(res.status).toBe(401);
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
      });

      it("revokeApiToken stops the token on the very next request and is audited", async () => {
        const user = await rep();
        const created = await createToken(user);
        const revoked = await api.graphql<{ revokeApiToken: { id: string; revokedAt: string } }>(
          REVOKE,
          { id: created.apiToken.id },
          { as: user },
        );
        expect(revoked.errors).toBeUndefined();
        expect(new Date(revoked.data!.revokeApiToken.revokedAt)).toEqual(T0);

        const res = await api.graphql<ViewerData>(VIEWER, {}, { as: created.token });
        expect(res.status).toBe(401);
        expect(firstError(res).message).toMatch(/revoked/);
        const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, created.apiToken.id));
        expect(events.map((e) => e.action).sort()).toEqual(["API_TOKEN_CREATED", "API_TOKEN_REVOKED"]);
      });

      it("another user's token id is NOT_FOUND naming id, and that token keeps working", async () => {
        const owner = await rep();
        const other = await rep();
        const created = await createToken(owner);
        const res = await api.graphql(REVOKE, { id: created.apiToken.id }, { as: other });
        expect(firstError(res).extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: created.token })).data!.viewer?.id).toBe(owner.id);
        const malformed = await api.graphql(REVOKE, { id: "not-an-id" }, { as: other });
        expect(firstError(malformed).extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
      });

      it("a name that is empty or over 100 characters is BAD_USER_INPUT naming name", async () => {
        const user = await rep();
        for (const name of ["   ", "x".repeat(101)]) {
          const res = await api.graphql(CREATE, { name }, { as: user });
          expect(firstError(res).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "name" });
        }
        expect((await api.graphql<{ apiTokens: unknown[] }>(LIST, {}, { as: user })).data!.apiTokens).toEqual([]);
      });
    });

    describe("sessions (issue 10, finding 5)", () => {
      const LOGOUT = `mutation { logout }`;

      it("a stale or garbage token does not stop login: the token is only checked by what needs a signed-in user", async () => {
        const user = await rep();
        for (const token of ["garbage", "a.b", tokenFor(user, new Date(T0.getTime() - 1))]) {
          const signedIn = await api.graphql<LoginData>(LOGIN, { email: user.email, password: FIXTURE_PASSWORD }, { as: token });
          expect(signedIn.errors, token).toBeUndefined();
          expect(signedIn.data!.login.user.id).toBe(user.id);
          const leads = await api.graphql(`{ leads(first: 1) { totalCount } }`, {}, { as: token });
          expect(leads.status, token).toBe(401);
          expect(firstError(leads).extensions?.code).toBe("UNAUTHENTICATED");
          expect(firstError(leads).message).toMatch(/not valid|expired/);
        }
      });

      it("logout ends this session on the very next request; another session of the same user keeps working", async () => {
        const user = await rep();
        const [phone, laptop] = [await loginToken(user), await loginToken(user)];
        for (const token of [phone, laptop]) expect((await api.graphql<ViewerData>(VIEWER, {}, { as: token })).data!.viewer?.id).toBe(user.id);
        const res = await api.graphql<{ logout: boolean }>(LOGOUT, {}, { as: phone });
        expect(res.errors).toBeUndefined();
        expect(res.data!.logout).toBe(true);
        const ended = await api.graphql<ViewerData>(VIEWER, {}, { as: phone });
        expect(ended.status).toBe(401);
        expect(firstError(ended)).toMatchObject({ message: "The session has ended: log in again", extensions: { code: "UNAUTHENTICATED" } });
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: laptop })).data!.viewer?.id).toBe(user.id);
      });

      it("logout with an API token is refused naming authorization: revokeApiToken ends those", async () => {
        const user = await rep();
        const created = await api.graphql<{ createApiToken: { token: string } }>(`mutation { createApiToken(name: "sync") { token } }`, {}, { as: user });
        const token = created.data!.createApiToken.token;
        expect(firstError(await api.graphql(LOGOUT, {}, { as: token })).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "authorization" });
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: token })).data!.viewer?.id).toBe(user.id);
      });

      it("a logout clears ended sessions whose tokens have expired anyway, and keeps the others", async () => {
        const user = await rep();
        const early = await loginToken(user);
        await api.graphql(LOGOUT, {}, { as: early });
        now = new Date(T0.getTime() + SESSION_TTL_MS - 1);
        const late = await loginToken(user);
        await api.graphql(LOGOUT, {}, { as: late });
        expect(await db().select().from(endedSessions).where(eq(endedSessions.userId, user.id))).toHaveLength(2);
        now = new Date(T0.getTime() + SESSION_TTL_MS + 1);
        await api.graphql(LOGOUT, {}, { as: await loginToken(user) });
        // The first expired with its token; the second and third still guard theirs.
        expect(await db().select().from(endedSessions).where(eq(endedSessions.userId, user.id))).toHaveLength(2);
      });

      async function post(body: string, headers: Record<string, string>) {
        const response = await fetch(`${api.url}/graphql`, { method: "POST", headers, body });
        const json = (await response.json().catch(() => null)) as { data?: Record<string, unknown> | null; errors?: { message: string }[] } | null;
        return { status: response.status, setCookie: response.headers.get("set-cookie"), json };
      }
      const cookieOf = (setCookie: string | null) => setCookie!.split(";")[0]!;
      const tokensOf = async (user: UserRow) => (await db().select().from(apiTokens).where(eq(apiTokens.userId, user.id))).length;

      it("login sets the session as an HttpOnly, SameSite=Strict cookie, which signs requests in without a header; logout ends and clears it (issue 11)", async () => {
        const user = await rep();
        const signedIn = await post(JSON.stringify({ query: LOGIN, variables: { email: user.email, password: FIXTURE_PASSWORD } }), { "content-type": "application/json" });
        expect(signedIn.setCookie).toMatch(/^sales_session=[^;]+; Path=\/; Expires=[^;]+; HttpOnly; SameSite=Strict$/);
        const cookie = cookieOf(signedIn.setCookie);
        const viewer = await post(JSON.stringify({ query: VIEWER }), { "content-type": "application/json", cookie });
        expect((viewer.json!.data!.viewer as { id: string }).id).toBe(user.id);
        const loggedOut = await post(JSON.stringify({ query: "mutation { logout }" }), { "content-type": "application/json", cookie });
        expect(loggedOut.json!.data).toEqual({ logout: true });
        expect(loggedOut.setCookie).toMatch(/^sales_session=; Path=\/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Strict$/);
        const after = await post(JSON.stringify({ query: VIEWER }), { "content-type": "application/json", cookie });
        expect(after.status).toBe(401);
      });

      it("a cross-site form post carrying the session cookie cannot run a mutation; the same mutation as JSON can", async () => {
        const user = await rep();
        const cookie = cookieOf((await post(JSON.stringify({ query: LOGIN, variables: { email: user.email, password: FIXTURE_PASSWORD } }), { "content-type": "application/json" })).setCookie);
        const mutation = `mutation { createApiToken(name: "from a form") { apiToken { id } } }`;
        const asJson = await post(JSON.stringify({ query: mutation }), { "content-type": "application/json", cookie });
        expect(asJson.json!.data).toMatchObject({ createApiToken: { apiToken: { id: expect.any(String) } } });
        expect(await tokensOf(user)).toBe(1);
        for (const [contentType, body] of [
          ["application/x-www-form-urlencoded", new URLSearchParams({ query: mutation }).toString()],
          ["text/plain", JSON.stringify({ query: mutation })],
        ] as const) {
          const forged = await post(body, { "content-type": contentType, cookie, origin: "https://evil.example" });
          // Apollo's CSRF prevention: a body a form can send is refused before anything runs.
          expect(forged.status, contentType).toBe(400);
          expect(forged.json?.data ?? null, contentType).toBeNull();
          expect(forged.json?.errors?.[0]?.message, contentType).toMatch(/Cross-Site Request Forgery/);
        }
        expect(await tokensOf(user)).toBe(1);
      });

      it("a login token from before a deactivation stays ended after the user is reactivated; a new login works", async () => {
        const admin = await createUser(db(), { role: "ADMIN" });
        const user = await rep();
        const before = await loginToken(user);
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: before })).data!.viewer?.id).toBe(user.id);
        for (const mutation of ["deactivateUser", "reactivateUser"]) {
          const res = await api.graphql(`mutation($id: ID!) { ${mutation}(id: $id) { id } }`, { id: user.id }, { as: admin });
          expect(res.errors, mutation).toBeUndefined();
        }
        const after = await api.graphql<ViewerData>(VIEWER, {}, { as: before });
        expect(firstError(after)).toMatchObject({ message: "The session has ended: log in again", extensions: { code: "UNAUTHENTICATED" } });
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: await loginToken(user) })).data!.viewer?.id).toBe(user.id);
      });
    });

    describe("deactivation", () => {
      it("deactivating a user stops their login token and their API token on the very next request, with audit events", async () => {
        const admin = await createUser(db(), { role: "ADMIN" });
        const user = await rep();
        const loginTokenBefore = await loginToken(user);
        const created = await api.graphql<{ createApiToken: { token: string; apiToken: { id: string } } }>(
          `mutation { createApiToken(name: "crm sync") { token apiToken { id } } }`,
          {},
          { as: user },
        );
        const apiToken = { id: created.data!.createApiToken.apiToken.id, token: created.data!.createApiToken.token };
        for (const token of [loginTokenBefore, apiToken.token]) {
          expect((await api.graphql<ViewerData>(VIEWER, {}, { as: token })).data!.viewer?.id).toBe(user.id);
        }

        const res = await api.graphql<{ deactivateUser: { id: string; active: boolean } }>(
          `mutation($id: ID!) { deactivateUser(id: $id) { id active } }`,
          { id: user.id },
          { as: admin },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.deactivateUser).toEqual({ id: user.id, active: false });

        for (const token of [loginTokenBefore, apiToken.token]) {
          const after = await api.graphql<ViewerData>(VIEWER, {}, { as: token });
          expect(after.status).toBe(401);
          expect(firstError(after).extensions?.code).toBe("UNAUTHENTICATED");
        }
        const events = await db()
          .select()
          .from(auditEvents)
          .where(and(inArray(auditEvents.entityId, [user.id, apiToken.id]), eq(auditEvents.actorId, admin.id)));
        expect(events.map(({ entityType, action, before, after }) => ({ entityType, action, before, after }))).toEqual(
          expect.arrayContaining([
            { entityType: "USER", action: "USER_DEACTIVATED", before: { active: true }, after: { active: false } },
            {
              entityType: "API_TOKEN",
              action: "API_TOKEN_REVOKED",
              before: { revokedAt: null },
              after: { revokedAt: T0.toISOString(), reason: "USER_DEACTIVATED" },
            },
          ]),
        );
        expect(events).toHaveLength(2);
      });
    });

    describe("sessions kept between requests (issue 13)", () => {
      /** The statement that reads a session's user and whether the session has ended. */
      const sessionReads = (statements: RecordedStatement[]) => statements.filter(({ query }) => /from "users" left join "ended_sessions"/.test(query)).length;
      const sessionIdOf = (token: string) => (JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString()) as { sid: string }).sid;

      /** A signed-in user whose session this server has read once and now keeps. */
      async function keptSession(): Promise<{ user: UserRow; token: string }> {
        const user = await rep();
        const token = await loginToken(user);
        const first = await database.recordStatements(() => api.graphql<ViewerData>(VIEWER, {}, { as: token }));
        expect(sessionReads(first.statements)).toBe(1);
        const second = await database.recordStatements(() => api.graphql<ViewerData>(VIEWER, {}, { as: token }));
        expect(second.result.data!.viewer?.id).toBe(user.id);
        expect(sessionReads(second.statements)).toBe(0);
        return { user, token };
      }

      /**
       * The server hears of a change made elsewhere when PostgreSQL delivers its NOTIFY, a moment
       * after the commit (PGlite: as it commits). Well under the 30 s a session is kept at most.
       */
      async function firstAnswerWhere(token: string, done: (res: GraphqlResponse<ViewerData>) => boolean): Promise<GraphqlResponse<ViewerData>> {
        const deadline = Date.now() + 2_000;
        for (;;) {
          const res = await api.graphql<ViewerData>(VIEWER, {}, { as: token });
          if (done(res) || Date.now() > deadline) return res;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      }

      it("reads a session's user on its first request only", async () => {
        await keptSession();
      });

      describe("a change made through this server, while the database's announcements are slow to arrive", () => {
        // The server's own mutations forget the sessions they end: the same client's next
        // request must not depend on the NOTIFY getting back first.
        const slowApi = startTestServer(database, {
          now: () => now,
          handle: (handle) => ({
            ...handle,
            listen: (channel, handlers) => handle.listen(channel, { ...handlers, onNotify: (payload) => void setTimeout(() => handlers.onNotify(payload), 1_000) }),
          }),
        });

        async function keptOnSlowApi(): Promise<{ user: UserRow; token: string }> {
          const user = await rep();
          const login = await slowApi.graphql<LoginData>(LOGIN, { email: user.email, password: FIXTURE_PASSWORD });
          const token = login.data!.login.token;
          for (let i = 0; i < 2; i++) expect((await slowApi.graphql<ViewerData>(VIEWER, {}, { as: token })).data!.viewer?.id).toBe(user.id);
          return { user, token };
        }

        it.each([
          ["logout", (_admin: UserRow, _user: UserRow, token: string) => slowApi.graphql(`mutation { logout }`, {}, { as: token })],
          [
            "changePassword",
            (_admin: UserRow, _user: UserRow, token: string) =>
              slowApi.graphql(`mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) { id } }`, { c: FIXTURE_PASSWORD, n: "river-stone-0427" }, { as: token }),
          ],
          ["deactivateUser", (admin: UserRow, user: UserRow) => slowApi.graphql(`mutation($id: ID!) { deactivateUser(id: $id) { id } }`, { id: user.id }, { as: admin })],
          [
            "resetUserPassword",
            (admin: UserRow, user: UserRow) =>
              slowApi.graphql(`mutation($id: ID!, $p: String!) { resetUserPassword(userId: $id, newPassword: $p) { id } }`, { id: user.id, p: "river-stone-0427" }, { as: admin }),
          ],
        ])("%s ends the session on the very next request", async (_mutation, change) => {
          const admin = await createUser(db(), { role: "ADMIN" });
          const { user, token } = await keptOnSlowApi();
          expect((await change(admin, user, token)).errors).toBeUndefined();
          const after = await slowApi.graphql<ViewerData>(VIEWER, {}, { as: token });
          expect(after.status).toBe(401);
        });

        it("setUserTeam: the very next request sees the user in the new team", async () => {
          const admin = await createUser(db(), { role: "ADMIN" });
          const { user, token } = await keptOnSlowApi();
          const teamB = await createTeam(db());
          const moved = await slowApi.graphql(`mutation($u: ID!, $t: ID!) { setUserTeam(userId: $u, teamId: $t) { id } }`, { u: user.id, t: teamB.id }, { as: admin });
          expect(moved.errors).toBeUndefined();
          expect((await slowApi.graphql<ViewerData>(VIEWER, {}, { as: token })).data!.viewer?.team?.id).toBe(teamB.id);
        });
      });

      it.each([
        ["deactivated", (user: UserRow) => db().update(users).set({ active: false }).where(eq(users.id, user.id))],
        ["every session ended (a password reset)", (user: UserRow) => db().update(users).set({ sessionGeneration: user.sessionGeneration + 1 }).where(eq(users.id, user.id))],
      ])("a user %s by another process (a replica, the operator CLI, SQL) is refused on a kept session at once", async (_change, change) => {
        const { user, token } = await keptSession();
        await change(user);
        const after = await firstAnswerWhere(token, (res) => res.status === 401);
        expect(after.status).toBe(401);
        expect(firstError(after).extensions?.code).toBe("UNAUTHENTICATED");
      });

      it("a session ended by another process is refused at once; the user's other session keeps working", async () => {
        const { user, token } = await keptSession();
        const other = await loginToken(user);
        await db().insert(endedSessions).values({ id: sessionIdOf(token), userId: user.id, expiresAt: new Date(T0.getTime() + SESSION_TTL_MS) });
        const after = await firstAnswerWhere(token, (res) => res.status === 401);
        expect(firstError(after)).toMatchObject({ message: "The session has ended: log in again", extensions: { code: "UNAUTHENTICATED" } });
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: other })).data!.viewer?.id).toBe(user.id);
      });

      it("a user renamed by another process is answered with the new name on a kept session", async () => {
        const { user, token } = await keptSession();
        await db().update(users).set({ displayName: "改名 Renamed" }).where(eq(users.id, user.id));
        const after = await firstAnswerWhere(token, (res) => res.data?.viewer?.displayName === "改名 Renamed");
        expect(after.data!.viewer).toMatchObject({ id: user.id, displayName: "改名 Renamed" });
      });

      it("a change that is rolled back changes nothing: the session is still kept", async () => {
        const { user, token } = await keptSession();
        await expect(
          db().transaction(async (tx) => {
            await tx.update(users).set({ active: false }).where(eq(users.id, user.id));
            throw new Error("changed my mind");
          }),
        ).rejects.toThrow("changed my mind");
        const after = await database.recordStatements(() => api.graphql<ViewerData>(VIEWER, {}, { as: token }));
        expect(after.result.data!.viewer?.id).toBe(user.id);
        expect(sessionReads(after.statements)).toBe(0);
      });

      it.runIf(database.driver === "postgres")("after its listening connection is cut, the server listens again and hears the next change", async () => {
        const { user, token } = await keptSession();
        const listeners = () =>
          rawRows<{ pid: number }>(db(), sql`select pid from pg_stat_activity where datname = current_database() and query = 'listen "sales_auth_changed"'`);
        const [listener] = await listeners();
        expect(listener).toBeDefined();
        await db().execute(sql`select pg_terminate_backend(${listener!.pid})`);
        const deadline = Date.now() + 5_000;
        while (!(await listeners()).some(({ pid }) => pid !== listener!.pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        // Announcements may have been missed meanwhile, so the kept session was dropped and is read again.
        const reread = await database.recordStatements(() => api.graphql<ViewerData>(VIEWER, {}, { as: token }));
        expect(reread.result.data!.viewer?.id).toBe(user.id);
        expect(sessionReads(reread.statements)).toBe(1);
        await db().update(users).set({ active: false }).where(eq(users.id, user.id));
        expect((await firstAnswerWhere(token, (res) => res.status === 401)).status).toBe(401);
      });
    });
  });

  describe(`password guessing and password changes (issue 10, findings 3 and 4) on ${database.driver}`, () => {
    let now = T0;
    // Behind a trusted proxy (the loopback), so each test can be its own client address.
    const api = startTestServer(database, { now: () => now, trustProxy: ["loopback"] });
    const second = startTestServer(database, { now: () => now, trustProxy: ["loopback"] });
    const db = () => database.handle.db;
    let addresses = 0;
    let address = "";
    beforeEach(() => {
      now = T0;
      address = `203.0.113.${++addresses}`;
    });
    const later = (ms: number) => (now = new Date(now.getTime() + ms));

    async function rep(): Promise<UserRow> {
      return createUser(db(), { role: "REP", teamId: (await createTeam(db())).id });
    }

    function login(email: string, password: string, options: { from?: string; server?: typeof api } = {}) {
      return (options.server ?? api).graphql<LoginData>(LOGIN, { email, password }, { from: options.from ?? address });
    }

    async function expectWrong(res: GraphqlResponse<LoginData>) {
      expect(res.status).toBe(401);
      expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
    }

    function expectThrottled(res: GraphqlResponse<unknown>, retryAfterSeconds: number) {
      expect(res.status).toBe(429);
      expect(res.data ?? null).toBeNull();
      expect(firstError(res).extensions).toMatchObject({ code: "TOO_MANY_ATTEMPTS", retryAfterSeconds });
      expect(firstError(res).message).toMatch(/^Too many failed logins: try again in \d+ seconds?$/);
    }

    async function failTimes(email: string, times: number, options: { from?: string } = {}) {
      for (let i = 0; i < times; i++) await expectWrong(await login(email, "not-the-password-1", options));
    }

    it("refuses the 6th wrong password in a row as TOO_MANY_ATTEMPTS, then even the right one until the lock passes; a success starts the count again", async () => {
      const user = await rep();
      await failTimes(user.email, 5);
      expectThrottled(await login(user.email, "not-the-password-1"), 1);
      expectThrottled(await login(user.email, FIXTURE_PASSWORD), 1);
      later(999);
      expectThrottled(await login(user.email, FIXTURE_PASSWORD), 1);
      later(1);
      const res = await login(user.email, FIXTURE_PASSWORD);
      expect(res.errors).toBeUndefined();
      expect(res.data!.login.user.id).toBe(user.id);
      await failTimes(user.email, 5);
      expectThrottled(await login(user.email, FIXTURE_PASSWORD), 1);
    });

    it("each further failure doubles the lock, up to 15 minutes; after an hour without failures the count starts again", async () => {
      const user = await rep();
      await failTimes(user.email, 5);
      const locks: number[] = [];
      for (let i = 0; i < 12; i++) {
        const refused = await login(user.email, FIXTURE_PASSWORD);
        const seconds = firstError(refused).extensions?.retryAfterSeconds as number;
        locks.push(seconds);
        later(seconds * 1000);
        await expectWrong(await login(user.email, "not-the-password-1"));
      }
      expect(locks).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900]);
      later(3_600_000);
      await failTimes(user.email, 4);
      expect((await login(user.email, FIXTURE_PASSWORD)).data?.login.user.id).toBe(user.id);
    });

    it("throttles an unknown email exactly like a known one, so the lock does not tell which accounts exist", async () => {
      const user = await rep();
      await failTimes(user.email, 5);
      await failTimes("nobody-here@example.test", 5);
      const known = await login(user.email, "not-the-password-1");
      const unknown = await login("nobody-here@example.test", "not-the-password-1");
      expectThrottled(known, 1);
      expectThrottled(unknown, 1);
      expect(firstError(known).message).toBe(firstError(unknown).message);
    });

    it("20 failures from one address, spread over accounts none of which is locked, lock that address for every account; another address is not affected", async () => {
      const guessed = await Promise.all([rep(), rep(), rep(), rep(), rep()]);
      for (const user of guessed) await failTimes(user.email, 4);
      const victim = await rep();
      expectThrottled(await login(victim.email, FIXTURE_PASSWORD), 1);
      const elsewhere = await login(victim.email, FIXTURE_PASSWORD, { from: "198.51.100.7" });
      expect(elsewhere.data?.login.user.id).toBe(victim.id);
    });

    it("a successful login neither counts against its address nor clears the address's failures", async () => {
      const users = await Promise.all([rep(), rep(), rep(), rep(), rep()]);
      for (const [i, user] of users.entries()) await failTimes(user.email, i === 0 ? 3 : 4);
      expect((await login(users[0]!.email, FIXTURE_PASSWORD)).data?.login.user.id).toBe(users[0]!.id);
      await expectWrong(await login(users[0]!.email, "not-the-password-1"));
      expectThrottled(await login(users[0]!.email, FIXTURE_PASSWORD), 1);
    });

    it("counts in the database: failures on one server lock the account on another over the same database", async () => {
      const user = await rep();
      await failTimes(user.email, 3);
      for (let i = 0; i < 2; i++) await expectWrong(await login(user.email, "not-the-password-1", { server: second }));
      expectThrottled(await login(user.email, FIXTURE_PASSWORD, { server: second }), 1);
      expectThrottled(await login(user.email, FIXTURE_PASSWORD), 1);
    });

    it("marks the session cookie Secure when the request came over https through a trusted proxy", async () => {
      const user = await rep();
      const body = JSON.stringify({ query: LOGIN, variables: { email: user.email, password: FIXTURE_PASSWORD } });
      const cookieOver = async (proto: string) =>
        (await fetch(`${api.url}/graphql`, { method: "POST", headers: { "content-type": "application/json", "x-forwarded-proto": proto }, body })).headers.get("set-cookie");
      expect(await cookieOver("http")).not.toMatch(/Secure/);
      expect(await cookieOver("https")).toMatch(/; HttpOnly; Secure; SameSite=Strict$/);
    });

    describe("changePassword", () => {
      const CHANGE = `mutation($currentPassword: String!, $newPassword: String!) {
        changePassword(currentPassword: $currentPassword, newPassword: $newPassword) { id email } }`;
      const NEW_PASSWORD = "river-stone-0427";

      it("sets the new password: it logs in, the old one no longer does, and the audit event holds no password", async () => {
        const user = await rep();
        const res = await api.graphql<{ changePassword: { id: string } }>(
          CHANGE,
          { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD },
          { as: user, from: address },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.changePassword.id).toBe(user.id);
        await expectWrong(await login(user.email, FIXTURE_PASSWORD));
        expect((await login(user.email, NEW_PASSWORD)).data?.login.user.id).toBe(user.id);
        const events = await db().select().from(auditEvents).where(eq(auditEvents.entityId, user.id));
        expect(events.map(({ action, actorId, before, after }) => ({ action, actorId, before, after }))).toEqual([
          { action: "USER_PASSWORD_CHANGED", actorId: user.id, before: null, after: null },
        ]);
      });

      it("a wrong current password is BAD_USER_INPUT naming currentPassword, changes nothing, and counts as a failed login", async () => {
        const user = await rep();
        for (let i = 0; i < 5; i++) {
          const res = await api.graphql(CHANGE, { currentPassword: "not-the-password-1", newPassword: NEW_PASSWORD }, { as: user, from: address });
          expect(firstError(res).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currentPassword" });
        }
        expectThrottled(await api.graphql(CHANGE, { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD }, { as: user, from: address }), 1);
        expectThrottled(await login(user.email, FIXTURE_PASSWORD), 1);
        later(1000);
        expect((await login(user.email, FIXTURE_PASSWORD)).data?.login.user.id).toBe(user.id);
      });

      it.each([
        ["too short", "Lotus9pon"],
        ["one kind of character", "bluelotuspondwater"],
        ["commonly guessed", "Password2026!"],
        ["the same as the current one", FIXTURE_PASSWORD],
      ])("a new password that is %s is BAD_USER_INPUT naming newPassword, and the old one still works", async (_case, newPassword) => {
        const user = await rep();
        const res = await api.graphql(CHANGE, { currentPassword: FIXTURE_PASSWORD, newPassword }, { as: user, from: address });
        expect(firstError(res).extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "newPassword" });
        expect((await login(user.email, FIXTURE_PASSWORD)).data?.login.user.id).toBe(user.id);
      });

      const sessionToken = async (user: UserRow) => (await login(user.email, FIXTURE_PASSWORD)).data!.login.token;

      it("ends every login session of the user, the one that changed it included; API tokens keep working", async () => {
        const user = await rep();
        const [current, other] = [await sessionToken(user), await sessionToken(user)];
        const created = await api.graphql<{ createApiToken: { token: string } }>(`mutation { createApiToken(name: "sync") { token } }`, {}, { as: current });
        const res = await api.graphql(CHANGE, { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD }, { as: current, from: address });
        expect(res.errors).toBeUndefined();
        for (const token of [current, other]) {
          expect(firstError(await api.graphql(VIEWER, {}, { as: token })).message).toBe("The session has ended: log in again");
        }
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: created.data!.createApiToken.token })).data!.viewer?.id).toBe(user.id);
        const fresh = await login(user.email, NEW_PASSWORD);
        expect((await api.graphql<ViewerData>(VIEWER, {}, { as: fresh.data!.login.token })).data!.viewer?.id).toBe(user.id);
      });

      it("an admin's reset ends every login session of the user", async () => {
        const admin = await createUser(db(), { role: "ADMIN" });
        const user = await rep();
        const token = await sessionToken(user);
        const res = await api.graphql(`mutation($userId: ID!, $newPassword: String!) { resetUserPassword(userId: $userId, newPassword: $newPassword) { id } }`, { userId: user.id, newPassword: NEW_PASSWORD }, { as: admin });
        expect(res.errors).toBeUndefined();
        expect(firstError(await api.graphql(VIEWER, {}, { as: token })).message).toBe("The session has ended: log in again");
      });

      it("needs a signed-in user", async () => {
        const res = await api.graphql(CHANGE, { currentPassword: FIXTURE_PASSWORD, newPassword: NEW_PASSWORD }, { from: address });
        expect(firstError(res).extensions?.code).toBe("UNAUTHENTICATED");
      });
    });
  });
}
