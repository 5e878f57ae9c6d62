import { eq, like } from "drizzle-orm";
import { mkdtempSync, rmSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { openDatabase, type Database } from "../../src/db/database.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { startApiProcess, type ApiProcess } from "../support/api-process.ts";
import { createTeam, createUser, FIXTURE_PASSWORD, TEST_AUTH_SECRET } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";

const CAPTURE = `mutation($input: CaptureLeadInput!) { captureLead(input: $input) { lead { id } } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`;
const IMPORT = `mutation ShutdownImport($batchId: String!, $rows: [ImportLeadRowInput!]!) {
  importLeads(batchId: $batchId, rows: $rows, defaults: { channel: TRADE_SHOW }) { createdCount invalidCount duplicateCount }
}`;

/** Rows of the import held in flight: real work for the server once the rows arrive. */
const IMPORT_ROWS = 2000;

/**
 * How the API process stops (issue 10, faults): on SIGTERM it finishes the requests it is
 * serving, refuses new connections, closes its database and exits 0; and an embedded database
 * killed with SIGKILL mid-work opens again with every committed write. Each runs `pnpm start`'s
 * API as a process of its own on this file's database: PostgreSQL by DATABASE_URL, or an
 * embedded database in a folder of its own.
 */
export function shutdownSuite(database: TestDatabase) {
  describe(`the API process stopping, on ${database.driver}`, () => {
    const dataDirs: string[] = [];
    let api: ApiProcess | undefined;
    afterEach(() => {
      api?.child.kill("SIGKILL");
      api = undefined;
    });
    afterAll(() => {
      for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
    });

    /** A database for one API process, holding a rep to log in as; an embedded one is a new folder. */
    async function prepare(): Promise<{ env: Record<string, string>; email: string; withDb: <T>(work: (db: Database) => Promise<T>) => Promise<T> }> {
      const dataDir = mkdtempSync(path.join(tmpdir(), "sales-shutdown-"));
      dataDirs.push(dataDir);
      // The embedded database is opened by one process at a time: here before the API starts and after it ended.
      const withDb = async <T,>(work: (db: Database) => Promise<T>): Promise<T> => {
        if (database.driver === "postgres") return work(database.handle.db);
        const handle = openDatabase({ driver: "pglite", dataDir });
        try {
          await handle.migrate();
          return await work(handle.db);
        } finally {
          await handle.close();
        }
      };
      const rep = await withDb(async (db) => createUser(db, { role: "REP", teamId: (await createTeam(db)).id }));
      const env = {
        NODE_ENV: "production",
        AUTH_SECRET: TEST_AUTH_SECRET,
        ...(database.driver === "postgres" ? { DATABASE_URL: database.url! } : { PGLITE_DATA_DIR: dataDir }),
      };
      return { env, email: rep.email, withDb };
    }

    async function logIn(started: ApiProcess, email: string): Promise<string> {
      const login = await started.graphql<{ login: { token: string } }>(LOGIN, { email, password: FIXTURE_PASSWORD });
      if (!login.data) throw new Error(`Login failed: ${JSON.stringify(login.errors)}`);
      return login.data.login.token;
    }

    it("on SIGTERM finishes the requests in flight, refuses new connections, closes the database and exits 0", async () => {
      const { env, email, withDb } = await prepare();
      api = await startApiProcess(env);
      const running = api;
      const token = await logIn(running, email);
      const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => ({ rowId: `row-${i}`, companyName: `停机测试${i}号有限公司`, contactName: "李娜", phone: `+86 137 ${String(i).padStart(8, "0")}` }));
      // An import in flight: the client has sent its headers and the server taken the request
      // (it answered 100 Continue), but its rows are still on the way when the signal comes.
      const held = await holdRequest(running.url, token, { query: IMPORT, variables: { batchId: `shutdown-${database.driver}`, rows } });
      running.child.kill("SIGTERM");

      await until("a new connection to be refused", () => connectionRefused(running.url));
      const imported = await held.finish();
      expect(imported).toMatchObject({ status: 200, body: { data: { importLeads: { createdCount: IMPORT_ROWS, invalidCount: 0, duplicateCount: 0 } } } });
      expect(imported.body.errors).toBeUndefined();
      expect(await running.exited).toEqual({ code: 0, signal: null });

      // In this order: the signal, the import answered, then the database closed.
      const messages = logLines(running.output()).map((line) => (line.operationName === "ShutdownImport" ? "import answered" : line.msg));
      expect(messages.slice(messages.findIndex((msg) => msg.startsWith("SIGTERM received")))).toEqual([
        "SIGTERM received: finishing open requests, then stopping",
        "import answered",
        "stopped: open requests finished, database closed",
      ]);
      // Reopened (the embedded one by this process, now that the API's is closed): every row is there.
      expect(await withDb(async (db) => (await db.select({ n: countRows() }).from(leads).where(like(leads.companyName, "停机测试%")))[0]!.n)).toBe(IMPORT_ROWS);
    });

    // Only the embedded database lives in the API's process; PostgreSQL's recovery is its own.
    it.runIf(database.driver === "pglite")("killed with SIGKILL mid-import, its data folder opens again with every acknowledged write and none half done", async () => {
      const { env, email, withDb } = await prepare();
      api = await startApiProcess(env);
      const running = api;
      const token = await logIn(running, email);
      const captured = await running.graphql<{ captureLead: { lead: { id: string } } }>(CAPTURE, { input: { companyName: "断电测试有限公司", contactName: "赵敏", phone: "+86 138 0000 0001", channel: "SEMINAR" } }, token);
      const leadId = captured.data!.captureLead.lead.id;
      const rows = Array.from({ length: IMPORT_ROWS }, (_, i) => ({ rowId: `row-${i}`, companyName: `断电导入${i}号有限公司`, contactName: "李娜", phone: `+86 137 ${String(i).padStart(8, "0")}` }));
      const held = await holdRequest(running.url, token, { query: IMPORT, variables: { batchId: "killed", rows } });
      const answer = held.finish().catch(() => null);
      // The import's transaction is under way (or about to be) when the process is killed.
      await new Promise((resolve) => setTimeout(resolve, 200));
      running.child.kill("SIGKILL");
      expect(await running.exited).toEqual({ code: null, signal: "SIGKILL" });
      expect(await answer).toBeNull();

      const reopened = await withDb(async (db) => ({
        lead: await db.select({ id: leads.id, companyName: leads.companyName }).from(leads).where(eq(leads.id, leadId)),
        imported: (await db.select({ n: countRows() }).from(leads).where(like(leads.companyName, "断电导入%")))[0]!.n,
      }));
      expect(reopened.lead).toEqual([{ id: leadId, companyName: "断电测试有限公司" }]);
      // One transaction: all of the import or none of it.
      expect([0, IMPORT_ROWS]).toContain(reopened.imported);
    });
  });
}

/** Whether a new TCP connection to the API is refused (one that is served proves it is still listening). */
function connectionRefused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once("connect", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface HeldRequest {
  /** Sends the rest of the body and resolves with the answer. */
  finish(): Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }>;
}

/**
 * A GraphQL POST on a connection of its own, stopped half way: its headers sent with
 * `Expect: 100-continue`, resolved once the server has taken the request (answered 100 Continue),
 * its body held back until `finish`.
 */
function holdRequest(url: string, token: string, payload: unknown): Promise<HeldRequest> {
  const body = Buffer.from(JSON.stringify(payload));
  return new Promise((resolve, reject) => {
    const request = http.request(`${url}/graphql`, {
      method: "POST",
      agent: false,
      headers: { "content-type": "application/json", "content-length": body.length, authorization: `Bearer ${token}`, expect: "100-continue" },
    });
    const answer = new Promise<{ status: number; body: { data?: unknown; errors?: unknown[] } }>((resolveAnswer, rejectAnswer) => {
      request.on("response", (response) => {
        let text = "";
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolveAnswer({ status: response.statusCode ?? 0, body: JSON.parse(text) as { data?: unknown; errors?: unknown[] } }));
      });
      request.on("error", rejectAnswer);
    });
    request.on("error", reject);
    request.on("continue", () =>
      resolve({
        finish: () => {
          request.end(body);
          return answer;
        },
      }),
    );
    request.flushHeaders();
  });
}

function logLines(output: string): { msg: string; operationName?: string | null }[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg: string; operationName?: string | null });
}
