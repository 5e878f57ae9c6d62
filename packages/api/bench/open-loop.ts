// Open-loop load at a fixed rate: request i is due at start + i / rate whatever happened to the
// ones before, and its latency counts from when it was due. A closed loop (autocannon) waits
// for an answer before sending more, so a slow server is sent less and its queueing never shows
// ("coordinated omission"); here a server that cannot keep up sees its backlog in the latency.
import { Agent, request } from "node:http";
import { answeredWithoutErrors } from "./closed-loop.ts";
import { latencyPercentiles, type LatencyPercentiles } from "./percentiles.ts";

export interface OpenLoopOptions {
  /** One or more servers, taken in turn. */
  urls: readonly string[];
  body: string;
  headers: Record<string, string>;
  ratePerSecond: number;
  seconds: number;
  /** Keep-alive connections per server; a request due while all are busy waits for one (and that wait counts). */
  connections: number;
  /** A request not answered this long after it was due is given up and counted as dropped. */
  timeoutMs: number;
}

export interface OpenLoopResult {
  due: number;
  answered: number;
  /** Not answered within the timeout, or still unanswered when the run ended plus the timeout. */
  dropped: number;
  errors: number;
  /** Sent more than LATE_SEND_MS after due because this generator fell behind: if many, the generator, not the server, was the limit. */
  sentLate: number;
  /** Of the answered requests, from when each was due. */
  latency: LatencyPercentiles;
}

const LATE_SEND_MS = 5;

export async function openLoop(options: OpenLoopOptions): Promise<OpenLoopResult> {
  const agents = options.urls.map(() => new Agent({ keepAlive: true, maxSockets: options.connections }));
  const targets = options.urls.map((url, i) => ({ url: new URL("/graphql", url), agent: agents[i]! }));
  const intervalMs = 1000 / options.ratePerSecond;
  const total = Math.round(options.ratePerSecond * options.seconds);
  const latencies: number[] = [];
  const result = { due: total, answered: 0, dropped: 0, errors: 0, sentLate: 0 };
  const pending = new Set<Promise<void>>();

  const send = (index: number, dueAt: number) => {
    const target = targets[index % targets.length]!;
    if (performance.now() - dueAt > LATE_SEND_MS) result.sentLate++;
    const finished = new Promise<void>((resolve) => {
      let settled = false;
      const settle = (outcome: "answered" | "dropped" | "errors") => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (outcome === "answered") latencies.push(performance.now() - dueAt);
        result[outcome]++;
        resolve();
      };
      const outgoing = request(target.url, { method: "POST", agent: target.agent, headers: options.headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => settle(response.statusCode === 200 && answeredWithoutErrors(Buffer.concat(chunks)) ? "answered" : "errors"));
        response.on("error", () => settle("errors"));
      });
      const timer = setTimeout(() => {
        settle("dropped");
        outgoing.destroy();
      }, Math.max(0, dueAt + options.timeoutMs - performance.now()));
      outgoing.on("error", () => settle("errors"));
      outgoing.end(options.body);
    });
    pending.add(finished);
    void finished.then(() => pending.delete(finished));
  };

  const start = performance.now();
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (next < total && start + next * intervalMs <= now) {
        send(next, start + next * intervalMs);
        next++;
      }
      if (next >= total) {
        resolve();
        return;
      }
      // Wake for the next due request; timers fire late by a millisecond or so, which the
      // loop above catches up on, and each request's latency still counts from its due time.
      setTimeout(tick, Math.max(0, start + next * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  for (const agent of agents) agent.destroy();
  return { ...result, latency: latencyPercentiles(latencies) };
}
