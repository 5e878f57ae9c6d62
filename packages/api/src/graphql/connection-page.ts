/**
 * An edge whose cursor is encoded only when the query reads it: most pages ask for their nodes
 * alone, and encoding every row's cursor was 2 % of the leads page's CPU (issue 13).
 */
class Edge<Node> {
  constructor(
    readonly node: Node,
    private readonly cursorOf: (node: Node) => string,
  ) {}

  get cursor(): string {
    return this.cursorOf(this.node);
  }
}

/** A connection's edges and pageInfo for a page of nodes; the end cursor is the last node's. */
export function connectionPage<Node>(nodes: readonly Node[], hasNextPage: boolean, cursorOf: (node: Node) => string) {
  const edges = nodes.map((node) => new Edge(node, cursorOf));
  return { edges, pageInfo: { hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
}
