// How a report's statements are run: in one transaction, planned without parallel workers.
import { sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";

/**
 * Runs `work` (a report's statements) in a transaction whose statements PostgreSQL plans without
 * parallel workers. A report's statement reads tens of thousands of index entries for one team:
 * 5 to 50 ms of work, on a database server of a few cores that also serves every other request.
 * Starting workers for it, and sharing those cores with them, cost more than they saved: on the
 * 1M-lead database with the two cores busy elsewhere, the one-team follow-up discipline statement
 * took 178 ms p50 with workers and 61 ms without, the company-wide one 678 and 392 ms (issue 9).
 * `set local` ends with the transaction, so nothing else on the connection is affected.
 */
export function withoutParallelWorkers<T>(db: Executor, work: (tx: Executor) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return work(tx);
  });
}
