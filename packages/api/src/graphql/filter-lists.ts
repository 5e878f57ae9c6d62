import type { FieldProblem } from "../errors/app-error.ts";

/**
 * The most values one list of a filter takes. No screen needs more, and each value is a bound
 * parameter: tens of thousands of them would fail in the driver (PostgreSQL takes 65,535 a
 * statement) as an internal error instead of an answer (issue 10, finding 8).
 */
const MAX_FILTER_VALUES = 500;

/** A problem naming each of `filter`'s `fields` that lists more than MAX_FILTER_VALUES values. */
export function overlongFilterLists<F extends string>(filter: Partial<Record<F, readonly unknown[] | null>>, fields: readonly F[]): FieldProblem[] {
  return fields
    .filter((field) => (filter[field]?.length ?? 0) > MAX_FILTER_VALUES)
    .map((field) => ({ field: `filter.${field}`, message: `takes at most ${MAX_FILTER_VALUES} values` }));
}
