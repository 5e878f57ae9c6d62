// Where the COPY loop gets its batches: generated in a worker thread (the default), so the next
// batch is being built while the main thread streams the last one to PostgreSQL, or inline.
import { createRequire } from "node:module";
import { setImmediate as yieldToEventLoop } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { LargeTeam } from "./large-dataset-people.ts";
import { LARGE_TABLES, LargeDatasetGenerator, type LargeBatch } from "./large-dataset.ts";

export interface LargeSourceOptions {
  leadCount: number;
  now: Date;
  teams: readonly LargeTeam[];
  batchLeads: number;
  worker: boolean;
}

/** What the worker is started with (large-dataset-worker.ts). */
export interface LargeWorkerData {
  leadCount: number;
  nowMs: number;
  teams: readonly LargeTeam[];
  batchLeads: number;
  /** Batches the worker may have generated ahead of the main thread. */
  ahead: number;
}

export type LargeWorkerMessage = { kind: "batch"; batch: LargeBatch } | { kind: "done" };

export function largeBatches(options: LargeSourceOptions): AsyncIterable<LargeBatch> {
  return options.worker ? fromWorker(options) : inline(options);
}

async function* inline(options: LargeSourceOptions): AsyncIterable<LargeBatch> {
  const generator = new LargeDatasetGenerator(options);
  for (let batch = generator.next(options.batchLeads); batch; batch = generator.next(options.batchLeads)) {
    yield batch;
    await yieldToEventLoop();
  }
}

async function* fromWorker(options: LargeSourceOptions): AsyncIterable<LargeBatch> {
  const workerData: LargeWorkerData = { leadCount: options.leadCount, nowMs: options.now.getTime(), teams: options.teams, batchLeads: options.batchLeads, ahead: 2 };
  const worker = new Worker(bootstrap(new URL("./large-dataset-worker.ts", import.meta.url)), { eval: true, workerData });
  const queue: LargeWorkerMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  worker.on("message", (message: LargeWorkerMessage) => {
    queue.push(message);
    notify();
  });
  worker.on("error", (error) => {
    failure = error;
    notify();
  });
  worker.on("exit", (code) => {
    if (code !== 0) failure ??= new Error(`The data generator's worker stopped with exit code ${code}`);
    notify();
  });
  try {
    for (;;) {
      while (queue.length === 0 && failure === null) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift();
      if (!message) throw failure!;
      if (message.kind === "done") return;
      yield asBuffers(message.batch);
      worker.postMessage("more");
    }
  } finally {
    await worker.terminate();
  }
}

/** Buffers arrive from the worker as plain Uint8Arrays over the transferred memory. */
function asBuffers(batch: LargeBatch): LargeBatch {
  for (const table of LARGE_TABLES) {
    batch.chunks[table] = batch.chunks[table].map((chunk) => Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  }
  return batch;
}

/**
 * A worker's entry point is plain JavaScript: it registers tsx (which a worker does not inherit
 * from the parent on Node 20) and then loads the TypeScript module.
 */
function bootstrap(entry: URL): string {
  const require = createRequire(import.meta.url);
  const manifest = require("tsx/package.json") as { exports: Record<string, { import?: { default?: string } } | string> };
  const api = manifest.exports["./esm/api"];
  const path = typeof api === "object" ? api.import?.default : undefined;
  if (!path) throw new Error("tsx/esm/api was not found; run with the worker option off");
  const tsx = new URL(path, pathToFileURL(require.resolve("tsx/package.json"))).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); })`;
}
