import type { FieldError } from "@sales/domain";
import type { FieldProblem } from "./app-error.ts";

/**
 * A domain validator's problems as the API names them: its paths are relative to the value it
 * checked, so they get the argument's name in front (`followUp.A.cadence.every.amount` checked
 * as the `playbook` argument is `playbook.followUp.A.cadence.every.amount`).
 */
export function fieldProblems(errors: readonly FieldError[], prefix: string): FieldProblem[] {
  return errors.map((error) => ({ field: prefixPath(prefix, error.field), code: error.code, message: error.message }));
}

function prefixPath(prefix: string, field: string): string {
  if (prefix === "") return field;
  if (field === "") return prefix;
  return field.startsWith("[") ? `${prefix}${field}` : `${prefix}.${field}`;
}
