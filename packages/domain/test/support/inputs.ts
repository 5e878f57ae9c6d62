// Helpers for tests that feed validators JSON-shaped input.
import type { FieldError, Money } from "../../src/index.ts";

export type Json = Record<string, unknown>;

/** `field:CODE` for each error, the compact form test tables compare. */
export const problems = (errors: FieldError[]) => errors.map((error) => `${error.field}:${error.code}`);

export const cny = (amountMinor: bigint): Money => ({ amountMinor, currency: "CNY" });

/**
 * `input` with the value at each path (`lines[2].unitPrice.amount`) replaced, or removed when the
 * value is `undefined`. Changes `input` in place and returns it.
 */
export function withChanges(input: Json, ...changes: [path: string, value: unknown][]): Json {
  for (const [path, value] of changes) {
    const keys = path.split(/\.|\[(\d+)\]/).filter((key) => key !== undefined && key !== "");
    const last = keys.pop() as string;
    const parent = keys.reduce<Json>((node, key) => node[key] as Json, input);
    if (value === undefined) delete parent[last];
    else parent[last] = value;
  }
  return input;
}
