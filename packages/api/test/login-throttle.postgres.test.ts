import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { FREE_FAILURES } from "../src/auth/login-throttle.ts";
import { loginAttempts } from "../src/auth/login-attempt.table.ts";
import { FIXTURE_PASSWORD, createTeam, createUser } from "./support/fixtures.ts";
import { useTestDatabase } from "./support/test-database.ts";
import { startTestServer } from "./support/test-server.ts";

// Parallel guessing on real PostgreSQL only: PGlite runs one transaction at a time, so no two
// guesses can race there (issue 10, finding 3).

const NOW = new Date("2026-11-27T08:00:00.000Z");
const PARALLEL = 30;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { user { id } } }`;

describe("parallel password guesses on postgres", () => {
  const database = useTestDatabase("postgres");
  const api = startTestServer(database, { now: NOW, trustProxy: ["loopback"] });
  const db = () => database.handle.db;

  async function failures(scope: "ACCOUNT" | "ADDRESS", key: string): Promise<number | undefined> {
    const [row] = await db().select().from(loginAttempts).where(and(eq(loginAttempts.scope, scope), eq(loginAttempts.key, key)));
    return row?.failures;
  }

  function codes(responses: { errors?: { extensions?: Record<string, unknown> }[] }[]) {
    const counted: Record<string, number> = {};
    for (const res of responses) {
      const code = String(res.errors?.[0]?.extensions?.code ?? "OK");
      counted[code] = (counted[code] ?? 0) + 1;
    }
    return counted;
  }

  it(`${PARALLEL} wrong passwords at once for one account: exactly ${FREE_FAILURES.ACCOUNT} are checked and counted, the rest refused unchecked`, async () => {
    const user = await createUser(db(), { role: "REP", teamId: (await createTeam(db())).id });
    const responses = await Promise.all(
      Array.from({ length: PARALLEL }, (_, i) => api.graphql(LOGIN, { email: user.email, password: `wrong-guess-${i}` }, { from: `192.0.2.${i + 1}` })),
    );
    expect(codes(responses)).toEqual({ UNAUTHENTICATED: FREE_FAILURES.ACCOUNT, TOO_MANY_ATTEMPTS: PARALLEL - FREE_FAILURES.ACCOUNT });
    expect(await failures("ACCOUNT", user.email)).toBe(FREE_FAILURES.ACCOUNT);
    const right = await api.graphql(LOGIN, { email: user.email, password: FIXTURE_PASSWORD }, { from: "192.0.2.200" });
    expect(right.errors?.[0]?.extensions?.code).toBe("TOO_MANY_ATTEMPTS");
  });

  it(`${PARALLEL} wrong passwords at once from one address, each for another account: exactly ${FREE_FAILURES.ADDRESS} are checked`, async () => {
    const team = await createTeam(db());
    const guessed = await Promise.all(Array.from({ length: PARALLEL }, () => createUser(db(), { role: "REP", teamId: team.id })));
    const address = "198.51.100.99";
    const responses = await Promise.all(guessed.map((user) => api.graphql(LOGIN, { email: user.email, password: "wrong-guess-0" }, { from: address })));
    expect(codes(responses)).toEqual({ UNAUTHENTICATED: FREE_FAILURES.ADDRESS, TOO_MANY_ATTEMPTS: PARALLEL - FREE_FAILURES.ADDRESS });
    expect(await failures("ADDRESS", address)).toBe(FREE_FAILURES.ADDRESS);
    // A refused attempt counts nowhere: only the accounts whose guess was checked have a failure.
    const counted = await Promise.all(guessed.map((user) => failures("ACCOUNT", user.email)));
    expect(counted.filter((n) => n === 1)).toHaveLength(FREE_FAILURES.ADDRESS);
    expect(counted.filter((n) => n === undefined)).toHaveLength(PARALLEL - FREE_FAILURES.ADDRESS);
  });
});
