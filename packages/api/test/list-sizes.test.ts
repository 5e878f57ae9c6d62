import {
  getNamedType,
  getNullableType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLObjectType,
  type OperationDefinitionNode,
} from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { LIST_SIZES, VALUE_TYPES } from "../src/graphql/limits/list-sizes.ts";
import { measureOperation } from "../src/graphql/limits/operation-shape.ts";
import { REQUEST_LIMITS } from "../src/graphql/limits/request-limits.ts";
import { MAX_IMPORT_ROWS } from "../src/imports/import.service.ts";
import { buildAppSchema } from "../src/schema/build-schema.ts";

type Schema = Awaited<ReturnType<typeof buildAppSchema>>;

function objectTypes(schema: Schema): GraphQLObjectType[] {
  return Object.values(schema.getTypeMap()).filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith("__"));
}

function fieldsOf(schema: Schema): { coordinate: string; owner: GraphQLObjectType; field: GraphQLField<unknown, unknown> }[] {
  return objectTypes(schema).flatMap((owner) => Object.values(owner.getFields()).map((field) => ({ coordinate: `${owner.name}.${field.name}`, owner, field })));
}

/** Issue 10, finding 2: the cost analysis knows how long every list of objects can be. */
describe("the list sizes the cost analysis counts", () => {
  let schema: Schema;
  beforeAll(async () => {
    schema = await buildAppSchema();
  });

  it("has a size for every list of objects in the schema, so no new list escapes the cost limit", () => {
    const lists = fieldsOf(schema)
      .filter(({ field }) => isListType(getNullableType(field.type)) && isObjectType(getNamedType(field.type)))
      .map(({ coordinate }) => coordinate);
    expect(lists.length).toBeGreaterThan(50);
    expect(lists.filter((coordinate) => !(coordinate in LIST_SIZES))).toEqual([]);
  });

  it("names only fields that exist and are lists", () => {
    const lists = new Set(fieldsOf(schema).filter(({ field }) => isListType(getNullableType(field.type))).map(({ coordinate }) => coordinate));
    expect(Object.keys(LIST_SIZES).filter((coordinate) => !lists.has(coordinate))).toEqual([]);
  });

  it("counts as values only object types that exist", () => {
    const names = new Set(objectTypes(schema).map((type) => type.name));
    expect([...VALUE_TYPES].filter((name) => !names.has(name))).toEqual([]);
  });

  it("sizes a list by an argument only when the field takes it as a whole number with a default", () => {
    const byCoordinate = new Map(fieldsOf(schema).map((entry) => [entry.coordinate, entry.field]));
    const wrong = Object.entries(LIST_SIZES).flatMap(([coordinate, size]) => {
      if (!("argument" in size)) return [];
      const argument = byCoordinate.get(coordinate)?.args.find((arg) => arg.name === size.argument);
      const fits = argument && isNonNullType(argument.type) && String(argument.type) === "Int!" && typeof argument.defaultValue === "number";
      return fits ? [] : [coordinate];
    });
    expect(wrong).toEqual([]);
  });

  it("sizes a list by an enclosing argument only where every way to reach it passes a field taking that argument", () => {
    const all = fieldsOf(schema);
    /** Every field returning `typeName` takes `argument`, or sits (within a few levels) under fields that do. */
    const providedOnEveryPath = (typeName: string, argument: string, levels: number): boolean => {
      const reachers = all.filter(({ field }) => getNamedType(field.type).name === typeName);
      return (
        reachers.length > 0 &&
        reachers.every(({ owner, field }) => field.args.some((arg) => arg.name === argument) || (levels > 0 && providedOnEveryPath(owner.name, argument, levels - 1)))
      );
    };
    const enclosing = (size: (typeof LIST_SIZES)[string]) =>
      "enclosingArgument" in size ? size.enclosingArgument : "enclosingListArgument" in size ? size.enclosingListArgument : null;
    const wrong = Object.entries(LIST_SIZES).flatMap(([coordinate, size]) => {
      const argument = enclosing(size);
      return argument !== null && !providedOnEveryPath(coordinate.split(".")[0]!, argument, 2) ? [coordinate] : [];
    });
    expect(wrong).toEqual([]);
  });

  describe("an import's results, one per row sent (SOP-1.3, SOP-1.4: whom to talk to about a duplicate)", () => {
    const IMPORT_WITH_OWNERS = `
      mutation ($rows: [ImportLeadRowInput!]!) {
        importLeads(batchId: "trade-show", rows: $rows) { results { rowId status duplicates { reasons owner { displayName } } } }
      }`;
    const cost = (document: string, variables: Record<string, unknown>) => {
      const parsed = parse(document);
      const operation = parsed.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)!;
      return measureOperation(schema, operation, new Map<string, FragmentDefinitionNode>(), variables, REQUEST_LIMITS).cost;
    };
    const rows = (count: number) => Array.from({ length: count }, (_, index) => ({ rowId: String(index + 1), companyName: "恒信精密机械有限公司" }));

    it("prices a 50-row import that selects each duplicate's owner within the limit", () => {
      // The payload, and each result's up to 10 duplicates' owners, users read: 1 + 50 × 10.
      expect(cost(IMPORT_WITH_OWNERS, { rows: rows(50) })).toBe(501);
    });

    it(`still refuses a ${MAX_IMPORT_ROWS.toLocaleString("en")}-row import that selects the owners, which would read up to 50,000 users`, () => {
      expect(cost(IMPORT_WITH_OWNERS, { rows: rows(MAX_IMPORT_ROWS) })).toBeGreaterThan(REQUEST_LIMITS.maxCost);
    });

    it("counts rows written into the document, and never more rows than an import takes", () => {
      const literal = `mutation { importLeads(batchId: "b", rows: [{ rowId: "1" }, { rowId: "2" }, { rowId: "3" }]) { results { duplicates { owner { id } } } } }`;
      expect(cost(literal, {})).toBe(1 + 3 * 10);
      expect(cost(IMPORT_WITH_OWNERS, { rows: rows(MAX_IMPORT_ROWS + 1) })).toBe(cost(IMPORT_WITH_OWNERS, { rows: rows(MAX_IMPORT_ROWS) }));
    });
  });
});
