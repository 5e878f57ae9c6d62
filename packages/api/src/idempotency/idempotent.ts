import { and, eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import type { Transaction } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import { idempotencyKeys } from "./idempotency-key.table.ts";

export const IDEMPOTENCY_KEY_MAX_LENGTH = 200;

/**
 * Runs `work` once per (user, key). Call it first thing inside the mutation's transaction: the
 * key's row is inserted before the work, so a concurrent retry waits on it and then returns
 * what the first request stored. `work` must return plain JSON (ids, not rows), which the
 * resolver turns back into objects, so a replay answers exactly like the original.
 */
export async function idempotent<T>(
  tx: Transaction,
  actor: Actor,
  request: { key: string | null | undefined; operation: string },
  work: () => Promise<T>,
): Promise<T> {
  const { key, operation } = request;
  if (key === null || key === undefined) return work();
  if (key.length === 0 || key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw AppError.badInput([{ field: "idempotencyKey", message: `must be 1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} characters` }]);
  }
  const claimed = await tx
    .insert(idempotencyKeys)
    .values({ actorId: actor.user.id, key, operation, createdAt: actor.now })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });
  if (claimed.length === 0) {
    const [stored] = await tx
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.actorId, actor.user.id), eq(idempotencyKeys.key, key)));
    if (stored?.operation !== operation) {
      throw AppError.badInput([{ field: "idempotencyKey", message: `was already used for ${stored?.operation ?? "another request"}` }]);
    }
    return stored.result as T;
  }
  const result = await work();
  await tx
    .update(idempotencyKeys)
    .set({ result: result as object })
    .where(and(eq(idempotencyKeys.actorId, actor.user.id), eq(idempotencyKeys.key, key)));
  return result;
}
