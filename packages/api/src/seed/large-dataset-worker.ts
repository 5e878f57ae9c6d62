// The worker thread of large-dataset-source.ts: generates batches ahead of the COPY loop and
// hands their buffers over without copying them.
import { parentPort, workerData } from "node:worker_threads";
import { LARGE_TABLES, LargeDatasetGenerator } from "./large-dataset.ts";
import type { LargeWorkerData, LargeWorkerMessage } from "./large-dataset-source.ts";

const data = workerData as LargeWorkerData;
const port = parentPort!;
const generator = new LargeDatasetGenerator({ leadCount: data.leadCount, now: new Date(data.nowMs), teams: data.teams });
let credit = data.ahead;
let waiting: (() => void) | null = null;
port.on("message", () => {
  credit++;
  waiting?.();
  waiting = null;
});

for (let batch = generator.next(data.batchLeads); batch; batch = generator.next(data.batchLeads)) {
  while (credit === 0) await new Promise<void>((resolve) => (waiting = resolve));
  credit--;
  const transfer = LARGE_TABLES.flatMap((table) => batch!.chunks[table].map((chunk) => chunk.buffer as ArrayBuffer));
  port.postMessage({ kind: "batch", batch } satisfies LargeWorkerMessage, transfer);
}
port.postMessage({ kind: "done" } satisfies LargeWorkerMessage);

