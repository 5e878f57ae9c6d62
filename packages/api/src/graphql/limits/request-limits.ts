import type { ApolloServerPlugin } from "@apollo/server";
import { Kind, type OperationDefinitionNode } from "graphql";
import { fragmentsOf } from "../fragments-of.ts";
import { AppError, ErrorCode } from "../../errors/app-error.ts";
import { measureOperation, type OperationShape } from "./operation-shape.ts";

/**
 * What one request may ask of the server (issue 10, finding 2), of graphql-armor's kind and
 * beyond: a request past any of them is refused before anything runs. The README lists them
 * for clients. Chosen so the portal's and the explorer's largest screens fit with room to spare
 * (a leads page of 200 with owners, next follow-ups and possible duplicates with their leads
 * costs 2,801) while `possibleDuplicates { lead { possibleDuplicates … } }` is refused by its
 * fifth level.
 */
export const REQUEST_LIMITS = {
  /** Objects a request may return, lists counted at their page size. */
  maxCost: 25_000,
  /** Nested fields; a connection's `edges { node }` is two of them. */
  maxDepth: 12,
  maxAliases: 30,
  maxDirectives: 20,
  /** Tokens of the document, checked while parsing; an import's rows go in variables, not in the text. */
  maxTokens: 3_000,
} as const;

export type RequestLimit = "cost" | "depth" | "aliases" | "directives";

/** Refuses an operation past the limits, and reports every operation's cost in `extensions.cost`. */
export function requestLimits(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      let cost: number | null = null;
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          const shape = measureOperation(schema, operation, fragmentsOf(document), variablesWithDefaults(operation, request.variables ?? {}), REQUEST_LIMITS);
          const exceeded = firstExceeded(shape);
          if (exceeded) throw limitExceeded(exceeded, shape);
          cost = shape.cost;
        },
        async willSendResponse({ response }) {
          if (cost === null || response.body.kind !== "single") return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cost: { requested: cost, limit: REQUEST_LIMITS.maxCost } };
        },
      };
    },
  };
}

/** A variable left out takes its declared default, as it will when the operation runs. */
function variablesWithDefaults(operation: OperationDefinitionNode, given: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  for (const definition of operation.variableDefinitions ?? []) {
    const fallback = definition.defaultValue;
    if (fallback?.kind === Kind.INT) variables[definition.variable.name.value] = Number(fallback.value);
  }
  return { ...variables, ...given };
}

function firstExceeded(shape: OperationShape): RequestLimit | null {
  if (shape.depth > REQUEST_LIMITS.maxDepth) return "depth";
  if (shape.aliases > REQUEST_LIMITS.maxAliases) return "aliases";
  if (shape.directives > REQUEST_LIMITS.maxDirectives) return "directives";
  if (shape.cost > REQUEST_LIMITS.maxCost) return "cost";
  return null;
}

const MAXIMUM: Record<RequestLimit, number> = {
  cost: REQUEST_LIMITS.maxCost,
  depth: REQUEST_LIMITS.maxDepth,
  aliases: REQUEST_LIMITS.maxAliases,
  directives: REQUEST_LIMITS.maxDirectives,
};

const ADVICE: Record<RequestLimit, string> = {
  cost: "ask for smaller pages (`first`) or fewer nested lists",
  depth: "select fewer levels of nested fields",
  aliases: "send fewer aliased fields, or several requests",
  directives: "use fewer directives",
};

function limitExceeded(limit: RequestLimit, shape: OperationShape): AppError {
  const max = MAXIMUM[limit];
  // The walk stops once past a bound, so the figure it has is a lower bound of the whole.
  const actual = limit === "cost" ? shape.cost : shape[limit];
  const said = Number.isFinite(actual) ? `at least ${actual.toLocaleString("en")}` : "too many fields to count";
  return new AppError(
    ErrorCode.REQUEST_TOO_COMPLEX,
    `Request ${limit} is ${said}, over the limit of ${max.toLocaleString("en")}: ${ADVICE[limit]}`,
    [],
    400,
    { limit, max, ...(Number.isFinite(actual) && { actual }) },
  );
}
