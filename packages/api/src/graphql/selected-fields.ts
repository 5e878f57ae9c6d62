import type { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, SelectionSetNode } from "graphql";

/**
 * The names of the fields a query asks for at `path` below the field being resolved (e.g.
 * `["edges", "node"]` under a connection), through fragments and aliases alike, so a list can
 * read only the columns its answer needs. Directives (`@skip`, `@include`) are not evaluated:
 * a field they leave out is still counted, which reads a column too many, never one too few.
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, "fieldNodes" | "fragments">, path: readonly string[]): ReadonlySet<string> {
  // A compiled query (graphql/jit-gateway.ts) passes the same field nodes on every request, so a
  // hot page works its selection out once (issue 13).
  let ofNodes = selections.get(info.fieldNodes);
  if (!ofNodes) selections.set(info.fieldNodes, (ofNodes = new Map()));
  const key = path.join(".");
  let names = ofNodes.get(key);
  if (!names) {
    let level: readonly FieldNode[] = info.fieldNodes;
    for (const name of path) level = fieldsOf(level, info.fragments).filter((field) => field.name.value === name);
    ofNodes.set(key, (names = new Set(fieldsOf(level, info.fragments).map((field) => field.name.value))));
  }
  return names;
}

const selections = new WeakMap<readonly FieldNode[], Map<string, ReadonlySet<string>>>();

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
