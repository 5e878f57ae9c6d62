import { like } from "drizzle-orm";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { login } from "../../src/auth/auth.service.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { users } from "../../src/users/user.table.ts";
import { TEST_AUTH_SECRET } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";

const apiDir = fileURLToPath(new URL("../..", import.meta.url));
const NOW = new Date("2026-11-27T08:00:00.000Z");

/**
 * What an operator runs on a real database (issue 10, finding 4): the seed command, which must
 * keep demo accounts out of it, and create-admin, which makes the first account instead. Each
 * runs as its own process, as from a terminal, against this file's database (PostgreSQL by
 * DATABASE_URL, or an embedded database in a folder of its own).
 */
export function operatorCliSuite(database: TestDatabase) {
  describe(`operator commands on ${database.driver}`, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sales-operator-"));
    afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

    /** As a shell would start it: without the NODE_ENV=test Vitest sets, on this file's database. */
    function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
      const { NODE_ENV: _test, DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, SEED_DEMO: _seed, ...inherited } = process.env;
      return { ...inherited, ...(database.driver === "postgres" ? { DATABASE_URL: database.url! } : { PGLITE_DATA_DIR: dataDir }), ...extra };
    }

    /** The database the commands wrote to, opened after they exited (an embedded one takes one process at a time). */
    async function withCommandDatabase<T>(work: (db: Database) => Promise<T>): Promise<T> {
      if (database.driver === "postgres") return work(database.handle.db);
      const handle = openDatabase({ driver: "pglite", dataDir });
      try {
        return await work(handle.db);
      } finally {
        await handle.close();
      }
    }

    const demoAccounts = () => withCommandDatabase((db) => db.select({ email: users.email }).from(users).where(like(users.email, "%@demo.example.com")));

    describe("the demo seed", () => {
      it.each([
        ["pnpm db:seed", [], {}],
        ["pnpm db:seed --demo", ["--demo"], {}],
        ["pnpm start's seed step with SEED_DEMO=1", ["--on-start"], { SEED_DEMO: "1" }],
      ])("%s under NODE_ENV=production refuses with exit code 1 and seeds nothing", async (_case, args, extra) => {
        const seeded = await run(["src/seed/seed-cli.ts", "--leads", "5", ...args], env({ NODE_ENV: "production", ...extra }));
        expect(seeded.output).toMatch(/Refusing to seed demo data under NODE_ENV=production/);
        expect(seeded.code).toBe(1);
        if (database.driver === "pglite") expect(existsSync(path.join(dataDir, "PG_VERSION"))).toBe(false);
        else expect(await demoAccounts()).toEqual([]);
      });

      it("pnpm start's seed step under NODE_ENV=production says it seeds nothing and lets the API start", async () => {
        const seeded = await run(["src/seed/seed-cli.ts", "--on-start"], env({ NODE_ENV: "production" }));
        expect(seeded).toEqual({ code: 0, output: "NODE_ENV=production: no demo data is seeded.\n" });
      });

      it.runIf(database.driver === "postgres")("into PostgreSQL only with --demo: pnpm db:seed refuses, pnpm start's seed step skips", async () => {
        const explicit = await run(["src/seed/seed-cli.ts", "--leads", "5"], env());
        expect(explicit.code).toBe(1);
        expect(explicit.output).toMatch(/Refusing to seed: demo data goes into PostgreSQL only when asked for with --demo or SEED_DEMO=1/);
        const onStart = await run(["src/seed/seed-cli.ts", "--leads", "5", "--on-start"], env());
        expect(onStart.code).toBe(0);
        expect(onStart.output).toMatch(/^Not seeding: /);
        expect(await demoAccounts()).toEqual([]);
      });
    });

    describe("create-admin", () => {
      const createAdmin = (args: string[], stdin: string) => run(["src/users/create-admin-cli.ts", ...args], env(), stdin);
      const logIn = (email: string, password: string) =>
        withCommandDatabase((db) =>
          login(db, { email, password }, { auth: { secret: TEST_AUTH_SECRET, sessionTtlMs: 3_600_000 }, now: NOW, clientAddress: null }),
        );

      it("creates an admin from a password piped on stdin, who can then log in", async () => {
        const created = await createAdmin(["--email", "Ops.Lead@Example.com", "--name", "王芳"], "river-stone-0427\n");
        expect(created.output).toContain("Created the admin ops.lead@example.com");
        expect(created.output).not.toContain("river-stone-0427");
        expect(created.code).toBe(0);
        const session = await logIn("ops.lead@example.com", "river-stone-0427");
        expect(session.user).toMatchObject({ email: "ops.lead@example.com", displayName: "王芳", role: "ADMIN", teamId: null, active: true });
      });

      it.each([
        ["a weak password", ["--email", "weak.admin@example.com", "--name", "Weak"], "Password2026!\n", /^password: is one of the passwords guessed first/m],
        ["a password given as an argument", ["--email", "arg.admin@example.com", "--name", "Arg", "--password", "river-stone-0427"], "", /The password is never an argument/],
        ["an email that is taken", ["--email", "ops.lead@example.com", "--name", "Again"], "another-river-0427\n", /ops\.lead@example\.com is already used by another user/],
        ["a missing --name", ["--email", "nameless@example.com"], "river-stone-0427\n", /^Usage: pnpm create-admin/m],
      ])("refuses %s with exit code 1 and creates nobody", async (_case, args, stdin, message) => {
        const before = await withCommandDatabase((db) => db.select({ email: users.email }).from(users));
        const refused = await createAdmin(args, stdin);
        expect(refused.output).toMatch(message);
        expect(refused.code).toBe(1);
        expect(await withCommandDatabase((db) => db.select({ email: users.email }).from(users))).toEqual(before);
      });
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv, stdin = ""): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: apiDir, env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
    // A command that refuses before reading its input closes stdin early; that is no failure here.
    child.stdin.on("error", () => {});
    child.stdin.end(stdin);
  });
}
