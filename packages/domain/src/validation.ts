// Helpers shared by the validators that turn `unknown` input into typed values.
import { fieldError, type FieldError } from "./result.ts";
import { isOneOf } from "./vocabulary.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Renders a rejected value for an error message without echoing huge or odd input. */
export function preview(value: unknown): string {
  if (value === undefined) return "nothing";
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function joinPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** Collects every problem so a form can show them all at once instead of one per submit. */
export class FieldErrorList {
  readonly errors: FieldError[] = [];

  add(field: string, code: string, message: string): void {
    this.errors.push(fieldError(field, code, message));
  }

  get isEmpty(): boolean {
    return this.errors.length === 0;
  }

  /** Reports a missing or non-object value and returns the object when there is one. */
  requireRecord(value: unknown, field: string): Record<string, unknown> | null {
    if (isRecord(value)) return value;
    if (value === undefined) this.add(field, "REQUIRED", `${field || "input"} is required`);
    else this.add(field, "INVALID_TYPE", `${field || "input"} must be an object, got ${preview(value)}`);
    return null;
  }

  requireArray(value: unknown, field: string): unknown[] | null {
    if (Array.isArray(value)) return value;
    if (value === undefined) this.add(field, "REQUIRED", `${field} is required`);
    else this.add(field, "INVALID_TYPE", `${field} must be a list, got ${preview(value)}`);
    return null;
  }

  requireOneOf<const T extends readonly string[]>(values: T, value: unknown, field: string): T[number] | null {
    if (isOneOf(values, value)) return value;
    if (value === undefined) this.add(field, "REQUIRED", `${field} is required`);
    else this.add(field, "UNKNOWN_VALUE", `${field} must be one of ${values.join(", ")}, got ${preview(value)}`);
    return null;
  }
}
