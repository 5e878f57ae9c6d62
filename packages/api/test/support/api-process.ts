import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { API_PROCESS_ENV, apiCommand } from "../../scripts/build-api.ts";

const OUTPUT_KEPT = 64 * 1024;
/** Within the test hooks' time limit, so a process that never starts is killed, not left behind. */
const READY_WITHIN_MS = 45_000;
const apiDir = fileURLToPath(new URL("../..", import.meta.url));

export interface ApiProcess {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything it printed so far (its log lines, and a crash's stack trace). */
  output(): string;
  /** How it ended: its exit code, or the signal that killed it. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** POSTs a GraphQL operation; the parsed body and the HTTP status. */
  graphql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<ApiResponse<T>>;
}

export interface ApiResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  /** What the API adds to every answer, e.g. `cost`. */
  extensions?: Record<string, unknown>;
  status: number;
}

/**
 * `pnpm start`'s API (src/main.ts, built into dist/main.js) as a process of its own, started as an operator would: without
 * the NODE_ENV=test Vitest sets, on the database `env` names (DATABASE_URL or PGLITE_DATA_DIR).
 * Resolves once it answers HTTP.
 */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const { NODE_ENV: _test, DATABASE_URL: _url, PGLITE_DATA_DIR: _dir, ...inherited } = process.env;
  const port = await freePort();
  const child = spawn(process.execPath, await apiCommand(), {
    cwd: apiDir,
    env: { ...API_PROCESS_ENV, ...inherited, PORT: String(port), HOST: "127.0.0.1", ...env },
  });
  let output = "";
  // The last lines only: a load test's request lines would add up.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_KEPT));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const url = `http://127.0.0.1:${port}`;
  // Ready once it answers at all (whatever its log level lets it print); never left running unready.
  const deadline = Date.now() + READY_WITHIN_MS;
  for (let answered = false; !answered; ) {
    const finished = await Promise.race([exited, new Promise<null>((resolve) => setTimeout(() => resolve(null), 100))]);
    if (finished) throw new Error(`The API exited (${finished.code ?? finished.signal}) before it was ready:\n${output}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The API did not answer within ${READY_WITHIN_MS} ms:\n${output}`);
    }
    answered = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
  }
  return {
    url,
    child,
    output: () => output,
    exited,
    async graphql<T>(query: string, variables?: Record<string, unknown>, token?: string) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (token !== undefined) headers.authorization = `Bearer ${token}`;
      const response = await fetch(`${url}/graphql`, { method: "POST", headers, body: JSON.stringify({ query, variables }) });
      return { ...((await response.json()) as Omit<ApiResponse<T>, "status">), status: response.status };
    },
  };
}

/** A port nothing listens on right now (PORT=0 is refused by the API's config). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}
