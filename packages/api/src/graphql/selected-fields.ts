import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The names of the fields a query asks for at `path` below the field being resolved (e.g.
 * `["edges", "node"]` under a connection), through fragments and aliases alike, so a list can
 * read only the columns its answer needs. Directives (`@skip`, `@include`) are not evaluated:
 * a field they leave out is still counted, which reads a column too many, never one too few.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): ReadonlySet<string> {
  return keptWithQuery(names, info.fieldNodes, path, () => new Set(fieldsOf(fieldNodesAt(info, path), info.fragments).map((field) => field.name.value)));
}

const names = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

/**
 * What `work` makes of a query's selection at `path`, kept with the query's field nodes: a
 * compiled query (graphql/jit-gateway.ts) passes the same field nodes on every request, so a hot
 * page works its selection out once (issue 13), and the same object names its statement's shape
 * each time.
 */
export function keptWithQuery<T>(kept: WeakMap<readonly FieldNode[], Map<string, T>>, fieldNodes: readonly FieldNode[], path: readonly string[], work: () => T): T {
  let ofNodes = kept.get(fieldNodes);
  if (!ofNodes) kept.set(fieldNodes, (ofNodes = new Map()));
  const key = path.join(".");
  let value = ofNodes.get(key);
  if (value === undefined) ofNodes.set(key, (value = work()));
  return value;
}

/** The nodes of the field a query asks for at `path` below the field being resolved, through fragments and aliases alike. */
export function fieldNodesAt(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): readonly FieldNode[] {
  let level: readonly FieldNode[] = info.fieldNodes;
  for (const name of path) level = fieldsOf(level, info.fragments).filter((field) => field.name.value === name);
  return level;
}

/** The fields selected directly under `nodes`, through fragments (their own names, not aliases). */
export function fieldsOf(nodes: readonly FieldNode[], fragments: Record<string, FragmentDefinitionNode>): FieldNode[] {
  const fields: FieldNode[] = [];
  const visit = (selectionSet: SelectionSetNode | undefined) => {
    for (const selection of selectionSet?.selections ?? []) {
      if (selection.kind === "Field") fields.push(selection);
      else if (selection.kind === "InlineFragment") visit(selection.selectionSet);
      else visit(fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of nodes) visit(node.selectionSet);
  return fields;
}
