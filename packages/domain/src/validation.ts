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

  /** Optional free text: absent or null reads as "", anything else must be text of at most `maxLength` characters (trimmed). */
  optionalText(value: unknown, field: string, maxLength: number): string | null {
    if (value === undefined || value === null) return "";
    if (typeof value !== "string") {
      this.add(field, "INVALID_TYPE", `${field} must be text, got ${preview(value)}`);
      return null;
    }
    const text = value.trim();
    if (text.length > maxLength) {
      this.add(field, "TOO_LONG", `${field} may be at most ${maxLength} characters, got ${text.length}`);
      return null;
    }
    return text;
  }

  /** A whole number from `min` to `max`; a fraction or a non-number is INVALID_TYPE, a number outside the bounds OUT_OF_RANGE. */
  integerInRange(value: unknown, field: string, min: number, max: number): number | null {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      if (value === undefined) this.add(field, "REQUIRED", `${field} is required`);
      else this.add(field, "INVALID_TYPE", `${field} must be a whole number from ${min} to ${max}, got ${preview(value)}`);
      return null;
    }
    if (value < min || value > max) {
      this.add(field, "OUT_OF_RANGE", `${field} must be from ${min} to ${max}, got ${value}`);
      return null;
    }
    return value;
  }

  requireBoolean(value: unknown, field: string): boolean | null {
    if (typeof value === "boolean") return value;
    if (value === undefined) this.add(field, "REQUIRED", `${field} is required`);
    else this.add(field, "INVALID_TYPE", `${field} must be true or false, got ${preview(value)}`);
    return null;
  }

  /**
   * An optional list (absent or null reads as empty) of at most `maxItems` entries, each read by
   * `readItem` with its own path (`lines[2]`). Entries that fail are left out; their errors are recorded.
   */
  optionalList<T>(value: unknown, field: string, maxItems: number, readItem: (item: unknown, path: string) => T | null): T[] {
    if (value === undefined || value === null) return [];
    const list = this.requireArray(value, field);
    if (!list) return [];
    if (list.length > maxItems) {
      this.add(field, "TOO_LONG", `${field} may hold at most ${maxItems} entries, got ${list.length}`);
      return [];
    }
    const items: T[] = [];
    list.forEach((item, index) => {
      const read = readItem(item, joinPath(field, index));
      if (read !== null) items.push(read);
    });
    return items;
  }

  /** An optional list of short texts (strengths, pros, goals...). */
  optionalTextList(value: unknown, field: string, maxItems: number, maxLength: number): string[] {
    return this.optionalList(value, field, maxItems, (item, path) => this.optionalText(item, path, maxLength));
  }
}
