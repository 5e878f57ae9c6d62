import { expect } from "vitest";
import { pgErrorOf } from "../../src/db/pg-error.ts";

/** Asserts that the database refused the write because of the named constraint. */
export async function expectConstraintViolation(write: Promise<unknown>, constraint: string): Promise<void> {
  const error = await write.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, `expected ${constraint} to refuse the write`).not.toBeNull();
  expect(pgErrorOf(error)?.constraint).toBe(constraint);
}
