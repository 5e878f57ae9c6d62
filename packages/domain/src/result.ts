// Domain functions report bad user input as values, never as exceptions, so the API can turn
// every failure into a BAD_USER_INPUT error that names the offending field.

export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

/**
 * One problem with one input field. `field` is a dotted path from the root of the input
 * (`followUp.B.firstContact.within.amount`, `holidays[3].date`) so a form can highlight it.
 * `code` is stable and machine-readable (REQUIRED, INVALID_TYPE, INVALID_FORMAT, INVALID_DATE,
 * INVALID_TIME_ZONE, UNKNOWN_VALUE, NOT_POSITIVE_INTEGER, OUT_OF_RANGE, TOO_LONG, DUPLICATE,
 * CONFLICT, INVALID_RANGE, OUTSIDE_COVERAGE, NOT_A_WEEKEND_DAY, INVALID_CHECKSUM, CURRENCY_MISMATCH,
 * INVALID_SUM);
 * `message` is for people.
 */
export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export function fieldError(field: string, code: string, message: string): FieldError {
  return { field, code, message };
}
