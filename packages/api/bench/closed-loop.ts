// Closed-loop throughput with autocannon: each connection sends its next request as soon as the
// last is answered, so this measures how many requests a server can answer, not latency at a
// given load (open-loop.ts does that).
import autocannon from "autocannon";
import { latencyPercentiles, type LatencyPercentiles } from "./percentiles.ts";

export interface LoadResult {
  /** Answered with status 200 and no GraphQL errors. */
  answered: number;
  /** HTTP errors, GraphQL errors, timeouts and broken connections. */
  errors: number;
  seconds: number;
  reqPerSec: number;
  latency: LatencyPercentiles;
}

export interface ClosedLoopOptions {
  /** One or more servers; the connections are split evenly among them. */
  urls: readonly string[];
  connections: number;
  seconds: number;
  /** The same request again and again, or a cycle of requests (write-mix.ts). */
  requests: autocannon.Request[];
  headers?: Record<string, string>;
}

/** A GraphQL answer with errors still has status 200: this counts it as an error. */
export function answeredWithoutErrors(body: string | Buffer | undefined): boolean {
  return body !== undefined && !body.toString().includes('"errors":');
}

export async function closedLoop(options: ClosedLoopOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  const perServer = Math.max(1, Math.floor(options.connections / options.urls.length));
  const started = performance.now();
  const results = await Promise.all(
    options.urls.map(
      (url) =>
        new Promise<autocannon.Result>((resolve, reject) => {
          const instance = autocannon(
            {
              url: `${url}/graphql`,
              method: "POST",
              connections: perServer,
              duration: options.seconds,
              headers: { "content-type": "application/json", ...options.headers },
              requests: options.requests,
              verifyBody: answeredWithoutErrors,
            },
            (error, result) => (error ? reject(error) : resolve(result)),
          );
          instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
        }),
    ),
  );
  const seconds = (performance.now() - started) / 1000;
  const answered = results.reduce((sum, result) => sum + result["2xx"] - result.mismatches, 0);
  const errors = results.reduce((sum, result) => sum + result.non2xx + result.mismatches + result.errors + result.timeouts, 0);
  return { answered, errors, seconds, reqPerSec: answered / seconds, latency: latencyPercentiles(latencies) };
}
