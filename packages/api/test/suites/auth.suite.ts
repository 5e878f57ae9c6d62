import { and, eq, inArray } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { FIXTURE_PASSWORD, createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
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
  });
}
