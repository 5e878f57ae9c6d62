import { and, eq, inArray, lte, sql } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Actor } from "../access/actor.ts";
import type { Transaction } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { idempotencyKeys } from "./idempotency-key.table.ts";

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/**
 * How long a key answers retries: 24 hours, as Stripe documents for its keys. Long enough for
 * a client that was offline overnight to retry, short enough that the table stays small; after
 * that the key is new again.
 */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;

/**
 * Expired keys deleted whenever a key is claimed: more than one, so the table shrinks however
 * busy the API is, and a bounded few, so no request pays for a backlog.
 */
const EXPIRED_KEYS_DELETED_PER_CLAIM = 20;

/** What every mutation taking a key tells its clients about it (one wording for all). */
export const IDEMPOTENCY_KEY_DESCRIPTION =
  `Send the same key when retrying: a retry with the same arguments returns the first result and writes nothing; ` +
  `the key with other arguments is BAD_USER_INPUT. Keys are yours, 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters, and new again after ${IDEMPOTENCY_KEY_TTL_MS / 3_600_000} h`;

export interface IdempotentRequest {
  /** The client's key; without one the work simply runs. */
  key: string | null | undefined;
  /** The mutation's name. */
  operation: string;
  /** Every argument of the mutation but the key, as the client sent them. */
  arguments: Record<string, unknown>;
}

/**
 * Runs `work` once per (user, key). Call it first thing inside the mutation's transaction: the
 * key's row is inserted before the work, so a concurrent retry waits on it and then returns
 * what the first request stored. `work` must return plain JSON (ids, not rows), which the
 * resolver turns back into objects, so a replay answers exactly like the original.
 *
 * The key is bound to the mutation and its arguments: reusing it for a different request is
 * refused before anything is written, since answering with the first request's result would
 * silently drop the second. A key older than IDEMPOTENCY_KEY_TTL_MS is claimed afresh.
 */
export async function idempotent<T>(tx: Transaction, actor: Actor, request: IdempotentRequest, work: () => Promise<T>): Promise<T> {
  const { key, operation } = request;
  if (key === null || key === undefined) return work();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw AppError.badInput([{ field: "idempotencyKey", message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters` }]);
  }
  const requestHash = hashRequest(operation, request.arguments);
  const expiredBefore = new Date(actor.now.getTime() - IDEMPOTENCY_KEY_TTL_MS);
  // An expired key's row is overwritten. ON CONFLICT DO UPDATE locks the row whether or not it
  // is expired, so of two concurrent requests with an expired key one claims it and the other
  // waits, then finds it fresh: the same as for a new key.
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ actorId: actor.user.id, key, operation, requestHash, createdAt: actor.now })
    .onConflictDoUpdate({
      target: [idempotencyKeys.actorId, idempotencyKeys.key],
      set: { operation, requestHash, result: null, createdAt: actor.now },
      setWhere: lte(idempotencyKeys.createdAt, expiredBefore),
    })
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [stored] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorId, actor.user.id), eq(idempotencyKeys.key, key)));
    if (stored!.requestHash !== requestHash) throw keyReused(stored!.operation, operation);
    return stored!.result as T;
  }
  await deleteExpiredKeys(tx, expiredBefore);
  const result = await work();
  await tx
    .update(idempotencyKeys)
    .set({ result: result as object })
    .where(and(eq(idempotencyKeys.actorId, actor.user.id), eq(idempotencyKeys.key, key)));
  return result;
}

/**
 * SHA-256 over the mutation and its arguments as canonical JSON (object keys sorted, list
 * order kept), so a retry hashes alike however the client ordered its fields.
 */
function hashRequest(operation: string, args: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify({ operation, arguments: args }, withSortedKeys)).digest("hex");
}

function withSortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function keyReused(storedOperation: string, operation: string): AppError {
  const first = storedOperation === operation ? `a ${operation} request with other arguments` : storedOperation;
  return AppError.badInput([
    { field: "idempotencyKey", message: `was already used for ${first}; a retry must repeat the first request exactly, and a new request needs a new key` },
  ]);
}

/** Skips rows another transaction holds, so cleaning up never waits. */
async function deleteExpiredKeys(tx: Transaction, expiredBefore: Date): Promise<void> {
  const expired = tx
    .select({ actorId: idempotencyKeys.actorId, key: idempotencyKeys.key })
    .from(idempotencyKeys)
    .where(lte(idempotencyKeys.createdAt, expiredBefore))
    .limit(EXPIRED_KEYS_DELETED_PER_CLAIM)
    .for("update", { skipLocked: true });
  await tx.delete(idempotencyKeys).where(inArray(sql`(${idempotencyKeys.actorId}, ${idempotencyKeys.key})`, expired));
}
