import type { ApolloServerPlugin } from "@apollo/server";
import { visit, type DocumentNode } from "graphql";
import { AppError, ErrorCode } from "../errors/app-error.ts";

/**
 * PostgreSQL cannot store the NUL character in text or jsonb, so a string carrying one would
 * fail deep inside a transaction as an unexpected error. Every request is checked once, before
 * it runs: its variables and the string literals in its document. Such input is a
 * BAD_USER_INPUT naming where it was found (`input.contactName`, `rows[3].companyName`).
 */
export function rejectNulCharacters(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const field = nulInVariables(request.variables ?? {}) ?? nulInLiterals(document);
          if (field) {
            const problem = { field, message: "must not contain the NUL character" };
            throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${field} ${problem.message}`, [problem], 400);
          }
        },
      };
    },
  };
}

function nulInVariables(variables: Record<string, unknown>): string | null {
  for (const [name, value] of Object.entries(variables)) {
    const found = nulPath(value, name);
    if (found) return found;
  }
  return null;
}

function nulPath(value: unknown, path: string): string | null {
  if (typeof value === "string") return value.includes("\u0000") ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = nulPath(item, `${path}[${index}]`);
      if (found) return found;
    }
  } else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const found = nulPath(item, `${path}.${key}`);
      if (found) return found;
    }
  }
  return null;
}

/** The argument path of the first string literal with a NUL, e.g. `input.contactName`. */
function nulInLiterals(document: DocumentNode): string | null {
  const path: string[] = [];
  let found: string | null = null;
  visit(document, {
    Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
    ObjectField: { enter: (node) => void path.push(`.${node.name.value}`), leave: () => void path.pop() },
    // Inside a list the visitor's key is the item's index.
    ObjectValue: { enter: (_node, key) => void path.push(typeof key === "number" ? `[${key}]` : ""), leave: () => void path.pop() },
    StringValue(node, key) {
      if (found === null && node.value.includes("\u0000")) found = path.join("") + (typeof key === "number" ? `[${key}]` : "");
    },
  });
  return found;
}
