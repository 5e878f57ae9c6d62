import type { FieldProblem } from "../errors/app-error.ts";

// Control characters (NUL above all, which Postgres cannot store in text) never belong in a name.
const CONTROL_CHARACTER = /\p{Cc}/u;

/**
 * A required one-line name, trimmed, of 1 to `maxLength` characters (counted as code points,
 * so 华为 is two). Adds a problem naming `field` and returns null when it is not acceptable.
 */
export function readName(raw: string, field: string, maxLength: number, problems: FieldProblem[]): string | null {
  const value = raw.trim();
  const length = [...value].length;
  if (length === 0 || length > maxLength) {
    problems.push({ field, message: `must be 1 to ${maxLength} characters` });
    return null;
  }
  if (CONTROL_CHARACTER.test(value)) {
    problems.push({ field, message: "must not contain control characters such as line breaks" });
    return null;
  }
  return value;
}
