import type { MiddlewareFn } from "type-graphql";
import { AppError } from "../errors/app-error.ts";

/**
 * PostgreSQL cannot store the NUL character in text or jsonb, so a string carrying one would
 * fail deep inside a transaction as an unexpected error. Every argument of every field is
 * checked here, once, so such input is a BAD_USER_INPUT naming where it was found.
 */
export const rejectNulCharacters: MiddlewareFn = ({ args }, next) => {
  for (const [name, value] of Object.entries(args)) {
    const path = nulPath(value, name);
    if (path) throw AppError.badInput([{ field: path, message: "must not contain the NUL character" }]);
  }
  return next();
};

function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value !== null && typeof value === "object" && !(value instanceof Date)) {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}
