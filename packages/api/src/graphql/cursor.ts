import { CURRENCY_CODES, inSupportedYears, isIsoDate, isOneOf } from "@sales/domain";
import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";

/** A keyset position: the sort value and the id that breaks ties. Opaque to clients. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

/**
 * The kinds of value a cursor may carry. Each is checked on the way in, because a cursor comes
 * back from the client and a malformed value would make Postgres raise instead of the API
 * naming `after`; a cursor of another sort order fails the same check.
 */
const CURSOR_PARTS = {
  timestamp: (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)) && inSupportedYears(value),
  date: (value: string) => isIsoDate(value) && inSupportedYears(value),
  wholeNumber: (value: string) => /^\d{1,18}$/.test(value),
  currency: (value: string) => isOneOf(CURRENCY_CODES, value),
  uuid: isUuid,
} satisfies Record<string, (value: string) => boolean>;
export type CursorPart = keyof typeof CURSOR_PARTS;

/** The sort values of the last row of a page, the tie-breaking id last. */
export function encodeCursorValues(values: readonly string[]): string {
  return Buffer.from(JSON.stringify(values)).toString("base64url");
}

/** The values `encodeCursorValues` wrote, checked against the parts the sort order expects. */
export function decodeCursorValues(cursor: string, field: string, parts: readonly CursorPart[]): string[] {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (
      Array.isArray(values) &&
      values.length === parts.length &&
      values.every((value, i) => typeof value === "string" && CURSOR_PARTS[parts[i]!](value))
    ) {
      return values as string[];
    }
  } catch {
    // falls through to the error below
  }
  throw AppError.badInput([{ field, message: "is not a cursor this API returned" }]);
}

export function encodeCursor(position: KeysetPosition): string {
  return encodeCursorValues([position.at.toISOString(), position.id]);
}

export function decodeCursor(cursor: string, field: string): KeysetPosition {
  const [at, id] = decodeCursorValues(cursor, field, ["timestamp", "uuid"]);
  return { at: new Date(at!), id: id! };
}
