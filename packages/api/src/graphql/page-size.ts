import { AppError } from "../errors/app-error.ts";

/** A list's `first` argument: at least 1, at most the list's own bound; named when out of range. */
export function checkPageSize(first: number, max: number): void {
  if (first < 1 || first > max) throw AppError.badInput([{ field: "first", message: `must be between 1 and ${max}` }]);
}
