// Issue 10, "Faults and load": the fuzzer (fuzz/) must send requests that reach the resolvers.
// If its valid-looking operations stopped passing GraphQL validation, every one would be
// refused before running and the fuzz pass in CI would find nothing while staying green.
import { parse, validate, type GraphQLSchema, type OperationDefinitionNode } from "graphql";
import { getVariableValues } from "graphql/execution/values.js";
import { beforeAll, describe, expect, it } from "vitest";
import { stringifyDeep } from "../fuzz/deep-json.ts";
import { ID_KINDS, type FuzzPools } from "../fuzz/fuzz-pools.ts";
import { generateOperation, rootFields } from "../fuzz/operation-generator.ts";
import { buildAppSchema } from "../src/schema/build-schema.ts";
import { createRandom } from "../src/seed/random.ts";

const LEAD_ID = "6a1bb831-7f97-5b7c-9c34-da6e65d70f49";

function pools(): FuzzPools {
  const ids = Object.fromEntries(ID_KINDS.map((kind) => [kind, [] as string[]])) as FuzzPools["ids"];
  ids.lead.push(LEAD_ID);
  return { ids, emails: ["rep2.east@demo.example.com"], harvested: { drill: [], cursors: new Map() } };
}

/** What graphql-js says before any resolver runs: validation, then the variables' coercion. */
function refusals(schema: GraphQLSchema, query: string, variables: Record<string, unknown>): string[] {
  const document = parse(query);
  const invalid = validate(schema, document);
  if (invalid.length > 0) return invalid.map((error) => error.message);
  const operation = document.definitions[0] as OperationDefinitionNode;
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  return (coerced.errors ?? []).map((error) => error.message);
}

describe("the fuzzer's operations", () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it("covers every Query and Mutation field", () => {
    const coordinates = rootFields(schema).map((root) => root.coordinate);
    expect(coordinates).toContain("Query.leads");
    expect(coordinates).toContain("Mutation.captureLead");
    expect(coordinates).toHaveLength(Object.keys(schema.getQueryType()!.getFields()).length + Object.keys(schema.getMutationType()!.getFields()).length);
  });

  it("with valid-looking arguments pass GraphQL's validation and variable coercion, for every root field", () => {
    const random = createRandom(20261201);
    const refused: string[] = [];
    for (const root of rootFields(schema)) {
      for (let attempt = 0; attempt < 20; attempt++) {
        const operation = generateOperation(schema, root, { random, pools: pools(), invalid: false, viewerId: null });
        expect(operation.invalid).toBe(false);
        for (const message of refusals(schema, operation.query, operation.variables)) refused.push(`${root.coordinate}: ${message}\n  ${operation.query}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it("with invalid arguments are mostly refused by GraphQL or are left for the resolvers to refuse, and say so", () => {
    const random = createRandom(7);
    const withArguments = rootFields(schema).filter((root) => root.field.args.length > 0);
    const operations = withArguments.map((root) => generateOperation(schema, root, { random, pools: pools(), invalid: true, viewerId: null }));
    expect(operations.every((operation) => operation.invalid)).toBe(true);
    // Some invalid values only a resolver can see (a bad UUID is still an ID); most are refused up front.
    const refusedUpFront = operations.filter((operation) => {
      try {
        return refusals(schema, operation.query, operation.variables).length > 0;
      } catch {
        return true; // not even parsed
      }
    });
    expect(refusedUpFront.length).toBeGreaterThan(operations.length / 4);
    expect(refusedUpFront.length).toBeLessThan(operations.length);
  });

  it("are the same for the same seed, so a failure replays", () => {
    const generate = (seed: number) => {
      const random = createRandom(seed);
      return rootFields(schema).map((root) => generateOperation(schema, root, { random, pools: pools(), invalid: random.chance(0.5), viewerId: null }));
    };
    // Compared as text: some variables nest thousands of levels, past what toEqual can walk.
    expect(stringifyDeep(generate(42))).toBe(stringifyDeep(generate(42)));
    expect(stringifyDeep(generate(42))).not.toBe(stringifyDeep(generate(43)));
  });
});
