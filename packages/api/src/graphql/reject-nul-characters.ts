import type { ApolloServerPlugin } from "@apollo/server";
import { visit, type DocumentNode } from "graphql";
import { AppError, ErrorCode, type FieldProblem } from "../errors/app-error.ts";

/**
 * The deepest a variable may nest objects and lists. Every input of the schema fits in a few
 * levels (`rows[3].companyName`); deeper is an attack, and walking it blew the stack (issue 10,
 * finding 8).
 */
const MAX_VARIABLE_DEPTH = 32;

/**
 * PostgreSQL cannot store the NUL character in text or jsonb, so a string carrying one would
 * fail deep inside a transaction as an unexpected error. Every request is checked once, before
 * it runs: its variables and the string literals in its document. Such input is a
 * BAD_USER_INPUT naming where it was found (`input.contactName`, `rows[3].companyName`), and so
 * is a variable nested deeper than MAX_VARIABLE_DEPTH, and a variable holding half a surrogate
 * pair (below).
 */
export function rejectNulCharacters(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const problem = problemInVariables(request.variables ?? {}) ?? nulInLiteralsOf(document);
          if (problem) throw new AppError(ErrorCode.BAD_USER_INPUT, `Invalid input: ${problem.field} ${problem.message}`, [problem], 400);
        },
      };
    },
  };
}

const NUL_PROBLEM = "must not contain the NUL character";
const LONE_SURROGATE_PROBLEM = "must be well-formed Unicode: it holds half of a UTF-16 surrogate pair (\\uD800 to \\uDFFF) on its own";

/**
 * Half a surrogate pair is no character. JSON carries one (`"\ud800"`), but PostgreSQL refuses it
 * in jsonb, so writing an audit event failed as an internal error (found by `pnpm fuzz`: an API
 * token named "\ud800"), and text would silently store U+FFFD in its place. GraphQL's own parser
 * already refuses one in the document, so only variables are checked.
 */
const LONE_SURROGATE = /\p{Surrogate}/u;

function problemInText(value: string): string | null {
  if (value.includes("\u0000")) return NUL_PROBLEM;
  if (LONE_SURROGATE.test(value)) return LONE_SURROGATE_PROBLEM;
  return null;
}

/** The first string with a NUL or a lone surrogate, or the first value nested too deep, walked without recursion. */
function problemInVariables(variables: Record<string, unknown>): FieldProblem | null {
  const stack: { value: unknown; path: string; depth: number }[] = Object.entries(variables)
    .reverse()
    .map(([name, value]) => ({ value, path: name, depth: 0 }));
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (typeof value === "string") {
      const message = problemInText(value);
      if (message) return { field: path, message };
      continue;
    }
    if (value === null || typeof value !== "object") continue;
    if (depth >= MAX_VARIABLE_DEPTH) return { field: path, message: `is nested more than ${MAX_VARIABLE_DEPTH} levels deep` };
    const children = Array.isArray(value)
      ? value.map((item, index) => ({ value: item as unknown, path: `${path}[${index}]`, depth: depth + 1 }))
      : Object.entries(value).map(([key, item]) => ({ value: item as unknown, path: `${path}.${key}`, depth: depth + 1 }));
    // Pushed last first, so the first is looked at first; one by one, as a spread of a list of
    // 100,000 items would overflow the call stack itself.
    for (let index = children.length - 1; index >= 0; index--) stack.push(children[index]!);
  }
  return null;
}

/**
 * Apollo's document store hands back the same parsed document for the same query text, so a
 * document's literals are walked once, not on every request (issue 13: the walk was 4 % of the
 * bytes a pipeline page allocated).
 */
const literalsChecked = new WeakMap<DocumentNode, FieldProblem | null>();

function nulInLiteralsOf(document: DocumentNode): FieldProblem | null {
  let problem = literalsChecked.get(document);
  if (problem === undefined) literalsChecked.set(document, (problem = nulInLiterals(document)));
  return problem;
}

/** The first string literal with a NUL, named by its argument path, e.g. `input.contactName`. */
function nulInLiterals(document: DocumentNode): FieldProblem | null {
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
  return found === null ? null : { field: found, message: NUL_PROBLEM };
}
