import { getNamedType, getNullableType, isObjectType, type GraphQLOutputType, type GraphQLResolveInfo } from "graphql";
import type { JsonSelection } from "../db/json-projection.ts";
import { fieldNodesAt, fieldsOf, keptWithQuery } from "./selected-fields.ts";

/**
 * What a query reads of a value served as JSON as it is stored (a version's priced content,
 * whose GraphQL types are plain data named like its keys), at `path` below the field being
 * resolved: an object is narrowed to the fields asked for of it, and a list or a leaf is read
 * whole. Fragments and aliases count as in `selectedFieldNames`; `__typename` reads no key.
 */
export function selectedJson(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments" | "returnType">, path: readonly string[]): JsonSelection {
  return keptWithQuery(selections, info.fieldNodes, path, () => {
    let type: GraphQLOutputType = info.returnType;
    for (const name of path) {
      // Lists on the way are walked through (a review in the review queue's list).
      const named = getNamedType(type);
      const field = isObjectType(named) ? named.getFields()[name] : undefined;
      if (!field) throw new Error(`No field ${name} on ${named.name}`);
      type = field.type;
    }
    if (!objectFields(type)) throw new Error(`${path.join(".")} is not one object: only an object's keys can be narrowed`);
    return selectionOf(fieldNodesAt(info, path), type, info.fragments);
  });
}

const selections = new WeakMap<GraphQLResolveInfo["fieldNodes"], Map<string, JsonSelection>>();

function selectionOf(nodes: GraphQLResolveInfo["fieldNodes"], type: GraphQLOutputType, fragments: GraphQLResolveInfo["fragments"]): JsonSelection {
  const fields = objectFields(type)!;
  const selection: Record<string, JsonSelection | true> = {};
  const asked = fieldsOf(nodes, fragments);
  for (const name of new Set(asked.map((node) => node.name.value))) {
    if (name.startsWith("__")) continue;
    const fieldType = fields[name]!.type;
    selection[name] = objectFields(fieldType)
      ? selectionOf(
          asked.filter((node) => node.name.value === name),
          fieldType,
          fragments,
        )
      : true;
  }
  return selection;
}

/** The fields of an object type (nullable or not); undefined for a list, a scalar or an enum. */
function objectFields(type: GraphQLOutputType) {
  const nullable = getNullableType(type);
  return isObjectType(nullable) ? nullable.getFields() : undefined;
}
