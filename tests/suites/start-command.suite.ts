import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { API_PROCESS_ENV, apiCommand, type TestDatabase } from "@sales/api/testing";
import { afterAll, describe, expect, it } from "vitest";

const apiDir = fileURLToPath(new URL("../../packages/api", import.meta.url));

/**
 * What a new user does after `pnpm start`: the seed command fills demo data, the API process
 * starts on it, /healthz answers and a `leads` query returns the seeded leads.
 */
export function startCommandSuite(database: TestDatabase) {
  describe(`the start command's processes on ${database.driver}`, () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "sales-start-"));
    // As a user starts it: without the NODE_ENV=test Vitest sets, under which Apollo installs no
    // signal handlers of its own (which once raced main.ts's shutdown and hung it on SIGTERM).
    const env = () => {
      const { NODE_ENV: _test, ...inherited } = process.env;
      // Demo data goes into PostgreSQL only when asked for (issue 10, finding 4).
      return { ...API_PROCESS_ENV, ...inherited, ...(database.driver === "postgres" ? { DATABASE_URL: database.url!, SEED_DEMO: "1" } : { PGLITE_DATA_DIR: dataDir }) };
    };
    let api: ChildProcess | undefined;
    afterAll(() => {
      api?.kill("SIGKILL");
      rmSync(dataDir, { recursive: true, force: true });
    });

    it("seeds demo data, prints the demo logins, and seeding again adds nothing", async () => {
      const first = await run(["src/seed/seed-cli.ts", "--leads", "40"], env());
      expect(first.code).toBe(0);
      expect(first.output).toMatch(/Seeded 40 new leads/);
      const opened = first.output.match(/and (\d+) new opportunities \(0 were already there\)/);
      expect(Number(opened?.[1])).toBeGreaterThan(0);
      expect(first.output).toContain(`Seeding opportunities: ${opened![1]} / ${opened![1]} (100%)`);
      expect(first.output).toMatch(/manager\.east@demo\.example\.com/);
      expect(first.output).toMatch(/password for all: \S+/);
      const again = await run(["src/seed/seed-cli.ts", "--leads", "40"], env());
      expect(again.output).toMatch(/Seeded 0 new leads \(40 were already there\)/);
      expect(again.output).toContain(`and 0 new opportunities (${opened![1]} were already there)`);
    });

    it("serves /healthz and seeded leads over /graphql, and stops cleanly on SIGTERM", async () => {
      const port = await freePort();
      api = spawn(process.execPath, await apiCommand(), { cwd: apiDir, env: { ...env(), PORT: String(port), HOST: "127.0.0.1" } });
      const base = `http://127.0.0.1:${port}`;
      await waitFor(async () => (await fetch(`${base}/healthz`)).ok);

      const health = await (await fetch(`${base}/healthz`)).json();
      expect(health).toEqual({ status: "ok", database: database.driver });
      const post = async (query: string, token?: string) => {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (token) headers.authorization = `Bearer ${token}`;
        const res = await fetch(`${base}/graphql`, { method: "POST", headers, body: JSON.stringify({ query }) });
        return (await res.json()) as { data: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      };
      // The README's first steps: log in as the seeded analyst, then query with the token.
      const login = await post(`mutation { login(email: "analyst@demo.example.com", password: "demo-2026") { token } }`);
      const body = await post("{ leads(first: 5) { totalCount edges { node { companyName owner { email } } } } }", login.data.login.token);
      expect(body.data.leads.totalCount).toBe(40);
      expect(body.data.leads.edges).toHaveLength(5);

      const exited = new Promise<number | null>((resolve) => api!.on("exit", resolve));
      api.kill("SIGTERM");
      const hung = new Promise<string>((resolve) => setTimeout(() => resolve("still running 20 s after SIGTERM"), 20_000).unref());
      expect(await Promise.race([exited, hung])).toBe(0);
    });
  });
}

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: apiDir, env });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error("The API did not answer /healthz in time");
}
