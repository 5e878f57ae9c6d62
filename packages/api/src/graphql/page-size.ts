import { AppError } from "../errors/app-error.ts";

/** A list's size argument (`first`, or `last` of a history): at least 1, at most the list's own bound; named when out of range. */
export function checkPageSize(size: number, max: number, argument = "first"): void {
  if (size < 1 || size > max) throw AppError.badInput([{ field: argument, message: `must be between 1 and ${max}` }]);
}
