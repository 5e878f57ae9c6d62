import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  Kind,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from "graphql";
import { LIST_SIZES, VALUE_TYPES, type ListSize } from "./list-sizes.ts";

/** What the limits are checked against: one walk of the operation as it would execute. */
export interface OperationShape {
  /** Objects the operation may return: each object field counts once per item it can return. */
  cost: number;
  /** The deepest chain of nested fields (`leads { edges { node { id } } }` is 4). */
  depth: number;
  aliases: number;
  directives: number;
}

export interface ShapeBounds {
  /** The walk stops counting once either is past its limit: the answer is "too much" already. */
  maxCost: number;
  maxDepth: number;
}

interface Walk {
  schema: GraphQLSchema;
  fragments: Map<string, FragmentDefinitionNode>;
  variables: Record<string, unknown>;
  bounds: ShapeBounds;
  shape: OperationShape;
  /** Fields looked at so far; past MAX_FIELD_VISITS the operation counts as too costly. */
  visits: number;
}

/**
 * Fields selected under a list of nothing (`first: 0`) cost nothing, so neither the cost nor
 * the depth would stop a walk through a document that repeats them; this does.
 */
const MAX_FIELD_VISITS = 20_000;

/** The fields enclosing the one being walked, nearest first, for a page size given further up. */
interface Enclosing {
  field: GraphQLField<unknown, unknown>;
  node: FieldNode;
  outer: Enclosing | null;
}

/**
 * Walks an operation against the schema, following fragments, and measures what the limits
 * check. The cost is GitHub's and Shopify's kind: every object the operation may return counts
 * one (but VALUE_TYPES), and a list multiplies what is selected under it by the most items it can return (its
 * `first`, or its bound in LIST_SIZES), so the figure bounds the rows a request can make the
 * server read before any of it runs. Scalars are free. The walk stops as soon as the cost or
 * the depth is past its bound: the answer is "too much" already.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  variables: Record<string, unknown>,
  bounds: ShapeBounds,
): OperationShape {
  const walk: Walk = { schema, fragments, variables, bounds, shape: { cost: 0, depth: 0, aliases: 0, directives: 0 }, visits: 0 };
  const root = operation.operation === "mutation" ? schema.getMutationType() : operation.operation === "subscription" ? schema.getSubscriptionType() : schema.getQueryType();
  walk.shape.directives += operation.directives?.length ?? 0;
  if (root) walkSelections(walk, operation.selectionSet, root, null, 1, 1, new Set());
  return walk.shape;
}

/**
 * `spreadHere` holds the fragments already spread into this selection set: like graphql-js's
 * own field collection, a fragment spread twice at one level runs once, so a document of
 * fragments that each spread the next twice is not walked 2^n times.
 */
function walkSelections(
  walk: Walk,
  selectionSet: SelectionSetNode,
  parentType: GraphQLCompositeType,
  enclosing: Enclosing | null,
  multiplier: number,
  depth: number,
  spreadHere: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (overBounds(walk)) return;
    walk.shape.directives += selection.directives?.length ?? 0;
    if (selection.kind === Kind.FIELD) {
      walkField(walk, selection, parentType, enclosing, multiplier, depth);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const type = selection.typeCondition ? compositeType(walk, selection.typeCondition.name.value, parentType) : parentType;
      walkSelections(walk, selection.selectionSet, type, enclosing, multiplier, depth, spreadHere);
    } else {
      const name = selection.name.value;
      const fragment = walk.fragments.get(name);
      if (!fragment || spreadHere.has(name)) continue;
      spreadHere.add(name);
      walkSelections(walk, fragment.selectionSet, compositeType(walk, fragment.typeCondition.name.value, parentType), enclosing, multiplier, depth, spreadHere);
    }
  }
}

function walkField(walk: Walk, node: FieldNode, parentType: GraphQLCompositeType, enclosing: Enclosing | null, multiplier: number, depth: number): void {
  if (++walk.visits > MAX_FIELD_VISITS) {
    walk.shape.cost = Number.POSITIVE_INFINITY;
    return;
  }
  if (node.alias) walk.shape.aliases++;
  walk.shape.depth = Math.max(walk.shape.depth, depth);
  if (node.name.value.startsWith("__") || !isObjectType(parentType)) return;
  const field = parentType.getFields()[node.name.value];
  if (!field || !node.selectionSet) return;
  const returned = getNamedType(field.type);
  if (isLeafType(returned)) return;
  const here: Enclosing = { field, node, outer: enclosing };
  const items = isListType(getNullableType(field.type)) ? listSize(walk, `${parentType.name}.${field.name}`, here) : 1;
  if (!VALUE_TYPES.has(returned.name)) walk.shape.cost += multiplier * items;
  walkSelections(walk, node.selectionSet, returned as GraphQLCompositeType, here, multiplier * items, depth + 1, new Set());
}

function compositeType(walk: Walk, name: string, fallback: GraphQLCompositeType): GraphQLCompositeType {
  return (walk.schema.getType(name) as GraphQLCompositeType | undefined) ?? fallback;
}

function overBounds(walk: Walk): boolean {
  return walk.shape.cost > walk.bounds.maxCost || walk.shape.depth > walk.bounds.maxDepth;
}
/** A list with no entry counts as large: the schema test makes sure none is left without one. */
const UNDECLARED_LIST_SIZE = 1_000;

function listSize(walk: Walk, coordinate: string, here: Enclosing): number {
  const size: ListSize | undefined = LIST_SIZES[coordinate];
  if (!size) return UNDECLARED_LIST_SIZE;
  if ("atMost" in size) return size.atMost;
  if ("argument" in size) return argumentNumber(walk, here, size.argument) ?? UNDECLARED_LIST_SIZE;
  if ("enclosingListArgument" in size) return enclosingListLength(walk, here, size.enclosingListArgument, size.longest);
  for (let outer = here.outer; outer; outer = outer.outer) {
    const value = argumentNumber(walk, outer, size.enclosingArgument);
    if (value !== null) return value;
  }
  return UNDECLARED_LIST_SIZE;
}

/** The argument's value as the request gives it (literal or variable), else its default; null when the field has no such argument. */
function argumentNumber(walk: Walk, at: Enclosing, name: string): number | null {
  const argument: GraphQLArgument | undefined = at.field.args.find((arg) => arg.name === name);
  if (!argument) return null;
  const given = at.node.arguments?.find((arg) => arg.name.value === name)?.value;
  const value = given ? valueOf(given, walk.variables) : undefined;
  const number = typeof value === "number" ? value : typeof argument.defaultValue === "number" ? argument.defaultValue : null;
  // Out-of-range sizes are refused by the field itself; here they only must not make the cost small.
  return number === null ? null : Math.max(0, Math.trunc(number));
}

/** How many elements the nearest enclosing field's list argument holds, at most `longest` (also when not known). */
function enclosingListLength(walk: Walk, here: Enclosing, name: string, longest: number): number {
  for (let outer = here.outer; outer; outer = outer.outer) {
    if (!outer.field.args.some((arg) => arg.name === name)) continue;
    const given = outer.node.arguments?.find((arg) => arg.name.value === name)?.value;
    const value = given === undefined ? undefined : given.kind === Kind.VARIABLE ? walk.variables[given.name.value] : given.kind === Kind.LIST ? given.values : given;
    // A single value where a list is expected is coerced to a list of one.
    const length = Array.isArray(value) ? value.length : value === undefined || value === null ? longest : 1;
    return Math.min(length, longest);
  }
  return longest;
}

function valueOf(node: ValueNode, variables: Record<string, unknown>): unknown {
  if (node.kind === Kind.INT) return Number(node.value);
  if (node.kind === Kind.VARIABLE) return variables[node.name.value];
  return undefined;
}
