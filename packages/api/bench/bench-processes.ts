// The processes the benchmark measures: the API as an operator runs it (production mode, its
// real entry), and the raw baseline. Each in its own process, on a port of its own.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { API_PROCESS_ENV, apiCommand } from "../scripts/build-api.ts";

export interface BenchServer {
  url: string;
  process: ChildProcess;
  pid: number;
  /** performance.now() just before the process was started. */
  startedAt: number;
}

const RAW_ENTRY = fileURLToPath(new URL("./raw-server.ts", import.meta.url));
const BARE_ENTRY = fileURLToPath(new URL("./bare-server.ts", import.meta.url));

const healthz = (url: string) => fetch(`${url}/healthz`);

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The API as `pnpm start` runs it (built into dist/main.js, run by plain node), in
 * production mode with only warnings logged, so the figures are not the logger's. Every API
 * process gets the same AUTH_SECRET, so a token signed by one is accepted by the others.
 */
export async function startApi(options: { databaseUrl: string; authSecret: string; cpuProfileDir?: string }): Promise<BenchServer> {
  const port = await freePort();
  const startedAt = performance.now();
  const profiling = options.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${options.cpuProfileDir}`] : [];
  const child = spawn(process.execPath, [...profiling, ...(await apiCommand())], {
    env: {
      ...API_PROCESS_ENV,
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      NODE_ENV: "production",
      AUTH_SECRET: options.authSecret,
      PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return waitUntilHealthy(child, `http://127.0.0.1:${port}`, "The API", startedAt, healthz);
}

/** The raw baseline (raw-server.ts), answering for `viewerEmail`. */
export async function startRawServer(options: { databaseUrl: string; viewerEmail: string }): Promise<BenchServer> {
  return startBaseline(RAW_ENTRY, options, "The raw baseline", healthz);
}

/** The bare stack (bare-server.ts), answering for `viewerEmail`; Apollo's standalone server has no health route, so it is asked for `__typename`. */
export async function startBareServer(options: { databaseUrl: string; viewerEmail: string }): Promise<BenchServer> {
  return startBaseline(BARE_ENTRY, options, "The bare stack", (url) =>
    fetch(`${url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) }),
  );
}

async function startBaseline(entry: string, options: { databaseUrl: string; viewerEmail: string }, label: string, probe: (url: string) => Promise<Response>): Promise<BenchServer> {
  const port = await freePort();
  const startedAt = performance.now();
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { ...process.env, DATABASE_URL: options.databaseUrl, PORT: String(port), RAW_VIEWER_EMAIL: options.viewerEmail, NODE_ENV: "production" },
    stdio: ["ignore", "inherit", "inherit"],
  });
  return waitUntilHealthy(child, `http://127.0.0.1:${port}`, label, startedAt, probe);
}

async function waitUntilHealthy(
  child: ChildProcess,
  url: string,
  label: string,
  startedAt: number,
  probe: (url: string) => Promise<Response>,
): Promise<BenchServer> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    try {
      if ((await probe(url)).ok) return { url, process: child, pid: child.pid!, startedAt };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill("SIGTERM");
  throw new Error(`${label} did not answer within a minute`);
}

/** SIGTERM, then waits for the process to finish its shutdown (SIGKILL after 20 s); resolves with its exit code. */
export async function stopServer(server: BenchServer): Promise<number | null> {
  const child = server.process;
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill("SIGTERM");
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await exited;
  clearTimeout(killer);
  return code;
}
