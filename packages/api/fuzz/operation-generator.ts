import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLSchema,
} from "graphql";
import type { Random } from "../src/seed/random.ts";
import { invalidValueFor, valueFor, type ValueContext } from "./argument-values.ts";
import type { FuzzPools } from "./fuzz-pools.ts";

export type OperationType = "query" | "mutation";

/** A root field to fuzz: `Query.leads`, `Mutation.captureLead`. */
export interface RootField {
  operationType: OperationType;
  field: GraphQLField<unknown, unknown>;
  /** `Query.leads` */
  coordinate: string;
}

export interface FuzzOperation {
  rootField: string;
  query: string;
  variables: Record<string, unknown>;
  /** Whether some argument was made invalid on purpose (a refusal is then the right answer). */
  invalid: boolean;
}

/** Every field of Query and Mutation, in schema order. */
export function rootFields(schema: GraphQLSchema): RootField[] {
  const of = (operationType: OperationType, type: GraphQLObjectType | null | undefined): RootField[] =>
    Object.values(type?.getFields() ?? {}).map((field) => ({ operationType, field, coordinate: `${type!.name}.${field.name}` }));
  return [...of("query", schema.getQueryType()), ...of("mutation", schema.getMutationType())];
}

/**
 * Nested objects selected below the root field. Connections spend two on `edges { node }`, so
 * this reaches a lead's owner or next follow-up: far inside the depth limit (12), and the cost
 * stays in the thousands with the small pages generated, though a REQUEST_TOO_COMPLEX now and
 * then is an answer like any other.
 */
const SELECTION_LEVELS = 4;
/** Fields whose only purpose is to hold the objects of a page: selected more often. */
const PAGE_WRAPPERS = new Set(["edges", "node", "nodes", "items"]);

/**
 * One operation on `root`: arguments generated from their types (valid-looking, or with some
 * made invalid when `invalid`), passed as variables or written inline, and a small random
 * selection of the field's type.
 */
export function generateOperation(
  schema: GraphQLSchema,
  root: RootField,
  options: { random: Random; pools: FuzzPools; invalid: boolean; viewerId: string | null },
): FuzzOperation {
  const { random } = options;
  const ctx: ValueContext = {
    schema,
    random,
    pools: options.pools,
    fieldName: root.field.name,
    invalidChance: options.invalid ? 0.15 : 0,
    invalidCount: 0,
    viewerId: root.operationType === "query" ? options.viewerId : null,
  };
  const given = new Map<string, { type: GraphQLInputType; value: unknown }>();
  for (const arg of root.field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!required && random.chance(0.5)) continue;
    if (required && options.invalid && random.chance(0.05)) {
      ctx.invalidCount++; // a required argument left out
      continue;
    }
    given.set(arg.name, { type: arg.type, value: valueFor(arg.type, arg.name, ctx) });
  }
  const unknownArgument = options.invalid && ctx.invalidCount === 0 && root.field.args.length === 0;
  if (options.invalid && ctx.invalidCount === 0 && root.field.args.length > 0) {
    const arg = random.pick(root.field.args);
    given.set(arg.name, { type: arg.type, value: invalidValueFor(arg.type, arg.name, ctx) });
  }

  if (!options.invalid) inOrder(given.get("from"), given.get("to"));

  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const written: string[] = [];
  for (const [name, { type, value }] of given) {
    // Mostly as variables (how clients send them; wrong types reach coercion), sometimes inline.
    const literal = random.chance(0.3) ? printLiteral(value, type) : null;
    if (literal !== null) {
      written.push(`${name}: ${literal}`);
    } else {
      const variable = `v${definitions.length}`;
      definitions.push(`$${variable}: ${String(type)}`);
      variables[variable] = value;
      written.push(`${name}: $${variable}`);
    }
  }
  if (unknownArgument) written.push("fuzzUnknownArgument: 1");

  const nested: ValueContext = { ...ctx, invalidChance: options.invalid ? 0.05 : 0 };
  const selection = selectionOf(root.field, nested, SELECTION_LEVELS);
  const args = written.length > 0 ? `(${written.join(", ")})` : "";
  const alias = random.chance(0.1) ? "fuzzAlias: " : "";
  const header = definitions.length > 0 ? `${root.operationType} Fuzz(${definitions.join(", ")})` : `${root.operationType} Fuzz`;
  return {
    rootField: root.coordinate,
    query: `${header} { ${alias}${root.field.name}${args}${selection} }`,
    variables,
    invalid: options.invalid && (ctx.invalidCount > 0 || nested.invalidCount > 0 || unknownArgument),
  };
}

/** A valid-looking period starts before it ends: `from` and `to` swapped when they are not. */
function inOrder(from: { value: unknown } | undefined, to: { value: unknown } | undefined): void {
  if (!from || !to || typeof from.value !== "string" || typeof to.value !== "string") return;
  if (Date.parse(from.value) >= Date.parse(to.value)) [from.value, to.value] = [to.value, from.value];
}

/** ` { … }` for an object-typed field, "" for a scalar one. */
function selectionOf(field: GraphQLField<unknown, unknown>, ctx: ValueContext, levels: number): string {
  const type = getNamedType(field.type);
  if (isLeafType(type)) return "";
  return ` { ${selectFields(type as GraphQLObjectType, ctx, levels - 1).join(" ")} }`;
}

function selectFields(type: GraphQLObjectType, ctx: ValueContext, levels: number): string[] {
  const { random } = ctx;
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((field) => isLeafType(getNamedType(field.type)));
  const objects = fields.filter((field) => isObjectType(getNamedType(field.type)));
  const chosen: string[] = [];
  const leafCount = Math.min(leaves.length, random.int(1, 4));
  for (const field of shuffled(leaves, random).slice(0, leafCount)) chosen.push(`${field.name}${fieldArguments(field, ctx)}`);
  if (levels > 0) {
    let picked = 0;
    for (const field of shuffled(objects, random)) {
      if (picked === 3) break;
      if (!random.chance(PAGE_WRAPPERS.has(field.name) ? 0.85 : 0.25)) continue;
      picked++;
      const sub = { ...ctx, fieldName: field.name };
      chosen.push(`${field.name}${fieldArguments(field, sub)}${selectionOf(field, sub, levels)}`);
      ctx.invalidCount = sub.invalidCount;
    }
  }
  if (chosen.length === 0) chosen.push("__typename");
  else if (random.chance(0.1)) chosen.push("__typename");
  return chosen;
}

/** Arguments of a nested field (`history(last: 5)`, `diff(againstVersionId: "…")`), always inline. */
function fieldArguments(field: GraphQLField<unknown, unknown>, ctx: ValueContext): string {
  const written: string[] = [];
  for (const arg of field.args) {
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (!required && ctx.random.chance(0.6)) continue;
    const literal = printLiteral(valueFor(arg.type, arg.name, ctx), arg.type);
    if (literal !== null) written.push(`${arg.name}: ${literal}`);
  }
  return written.length > 0 ? `(${written.join(", ")})` : "";
}

export function shuffled<T>(items: readonly T[], random: Random): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
/** Deeper values go in variables: the document's token limit would refuse them first anyway. */
const MAX_LITERAL_DEPTH = 40;

/**
 * `value` written as a GraphQL literal for an argument of `type`, or null when it cannot be
 * (an object key that is not a name, nesting too deep to print): it then goes in a variable.
 */
export function printLiteral(value: unknown, type: GraphQLInputType | null, depth = 0): string | null {
  if (depth > MAX_LITERAL_DEPTH) return null;
  const nullable = type ? getNullableType(type) : null;
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) {
    const itemType = nullable && isListType(nullable) ? (nullable.ofType as GraphQLInputType) : null;
    const items = value.map((item) => printLiteral(item, itemType, depth + 1));
    return items.includes(null) ? null : `[${items.join(", ")}]`;
  }
  if (typeof value === "object") {
    const fields = nullable && isInputObjectType(nullable) ? nullable.getFields() : {};
    const entries: string[] = [];
    for (const [key, inner] of Object.entries(value)) {
      if (!NAME.test(key)) return null;
      const printed = printLiteral(inner, fields[key]?.type ?? null, depth + 1);
      if (printed === null) return null;
      entries.push(`${key}: ${printed}`);
    }
    return `{${entries.join(", ")}}`;
  }
  if (typeof value === "string") {
    // An enum value is written bare; anything else as a string (JSON's escapes are GraphQL's).
    return nullable && isEnumType(nullable) && NAME.test(value) ? value : JSON.stringify(value);
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : null;
  return String(value);
}
