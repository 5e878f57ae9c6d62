// Issue 13: graphql-js walks every field of every row through its generic executor (paths,
// promises and result maps per field); graphql-jit compiles each document once into a function
// that does the same work for that document only. Apollo Server 5 takes a custom executor only
// through its `gateway` option, so this is a gateway with a fixed schema: Apollo still parses,
// validates, runs the plugins and formats errors; only execution changes.
import { execute, getOperationAST, GraphQLError, Kind, type DocumentNode, type ExecutionResult, type GraphQLSchema, type SelectionSetNode } from "graphql";
import { compileQuery, isCompiledQuery, type CompiledQuery } from "graphql-jit";
import { fragmentsOf } from "./fragments-of.ts";

interface ExecutorRequest {
  document: DocumentNode;
  operationName?: string | null;
  request: { variables?: Record<string, unknown> };
  context: unknown;
}

/** What Apollo Server's `gateway` option needs (@apollo/server-gateway-interface), for one schema. */
export interface JitGateway {
  onSchemaLoadOrUpdate(callback: (schema: { apiSchema: GraphQLSchema; coreSupergraphSdl: string }) => void): () => void;
  load(): Promise<{ executor: (request: ExecutorRequest) => Promise<ExecutionResult> }>;
  stop(): Promise<void>;
}

/**
 * graphql-jit writes code for every field of the operation with each fragment spread in full
 * wherever it is spread (graphql-js runs a fragment spread twice in one selection set once). A
 * document of 40 fragments each spreading the next twice would be 2^40 fields of code: past this
 * many, the operation runs on graphql-js instead. The portal's largest page has a few hundred.
 */
const MAX_COMPILED_SELECTIONS = 5_000;

export function jitGateway(schema: GraphQLSchema): JitGateway {
  // Keyed by the parsed document: Apollo's document store hands back the same object for the same
  // query text, so a hot document compiles once, and a compiled query goes when its document does.
  const compiled = new WeakMap<DocumentNode, Map<string, CompiledQuery | ExecutionResult | "graphql-js">>();
  const compiledFor = (document: DocumentNode, operationName: string | null | undefined) => {
    let ofDocument = compiled.get(document);
    if (!ofDocument) compiled.set(document, (ofDocument = new Map()));
    const key = operationName ?? "";
    let query = ofDocument.get(key);
    if (!query) {
      query =
        expandedSelections(document, operationName) > MAX_COMPILED_SELECTIONS
          ? "graphql-js"
          : // Apollo's own JSON.stringify writes the response: the compiled serializer is not used.
            compileQuery(schema, document, operationName ?? undefined, { customJSONSerializer: false, disablingCapturingStackErrors: true });
      ofDocument.set(key, query);
    }
    return query;
  };
  return {
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: "" });
      return () => {};
    },
    async load() {
      return {
        executor: async ({ document, operationName, request, context }) => {
          const query = compiledFor(document, operationName);
          const byGraphqlJs = () => execute({ schema, document, operationName, contextValue: context, variableValues: request.variables });
          if (query === "graphql-js") return byGraphqlJs();
          const result = isCompiledQuery(query) ? await query.query(undefined, context, request.variables ?? {}) : query;
          // No data at all: the variables did not coerce. graphql-js answers those, so the errors
          // point at the variable's definition as Apollo expects (it answers them 400, BAD_USER_INPUT).
          if (result.data === undefined) return byGraphqlJs();
          return result.errors ? { ...result, errors: result.errors.map(asGraphQLError) } : result;
        },
      };
    },
    async stop() {},
  };
}

/**
 * graphql-jit's errors only look like graphql-js's: no `extensions` unless the thrown error had
 * some (Apollo reads `extensions.code`), and `locations` without `nodes`. Remade as graphql-js
 * errors, they are formatted like any other.
 */
function asGraphQLError(error: GraphQLError): GraphQLError {
  const remade = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined, extensions: error.extensions });
  return Object.assign(remade, { locations: error.locations });
}

/** The operation's selections with every fragment spread in full, counted without spreading them (up to just past the limit). */
function expandedSelections(document: DocumentNode, operationName: string | null | undefined): number {
  const operation = getOperationAST(document, operationName);
  if (!operation) return 0;
  const fragments = fragmentsOf(document);
  // Validation has refused fragment cycles, so every fragment's size is finite and computed once.
  const fragmentSize = new Map<string, number>();
  const size = (selectionSet: SelectionSetNode | undefined): number => {
    let count = 0;
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === Kind.FIELD) count += 1 + size(selection.selectionSet);
      else if (selection.kind === Kind.INLINE_FRAGMENT) count += size(selection.selectionSet);
      else {
        const name = selection.name.value;
        if (!fragmentSize.has(name)) fragmentSize.set(name, size(fragments.get(name)?.selectionSet));
        count += fragmentSize.get(name)!;
      }
      if (count > MAX_COMPILED_SELECTIONS) return count;
    }
    return count;
  };
  return size(operation.selectionSet);
}
