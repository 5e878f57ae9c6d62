import { initGraphQLTada } from "gql.tada";
import type { introspection } from "./graphql-env.d.ts";

/**
 * Typed GraphQL documents: `graphql(\`query { … }\`)` parses the query at type level against
 * packages/api/schema.graphql (introspected into graphql-env.d.ts by `gql.tada generate output`,
 * which `pnpm typecheck` runs first), so a selection the schema no longer has fails typecheck.
 * Custom scalars arrive as JSON strings: instants as ISO-8601 with offset, calendar dates as
 * YYYY-MM-DD, money amounts are already strings inside the Money object.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: {
    DateTime: string;
    LocalDate: string;
    JSON: unknown;
    JSONObject: Record<string, unknown>;
  };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from "gql.tada";
export { readFragment } from "gql.tada";
