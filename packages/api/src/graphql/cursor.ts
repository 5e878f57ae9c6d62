import { isUuid } from "../db/uuid.ts";
import { AppError } from "../errors/app-error.ts";

/** A keyset position: the sort value and the id that breaks ties. Opaque to clients. */
export interface KeysetPosition {
  at: Date;
  id: string;
}

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.at.toISOString(), position.id])).toString("base64url");
}

export function decodeCursor(cursor: string, field: string): KeysetPosition {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [unknown, unknown];
    if (typeof at === "string" && typeof id === "string" && isUuid(id) && !Number.isNaN(Date.parse(at))) {
      return { at: new Date(at), id };
    }
  } catch {
    // falls through to the error below
  }
  throw AppError.badInput([{ field, message: "is not a cursor this API returned" }]);
}
