import type { AnyVariables, CombinedError, TypedDocumentNode } from "@urql/core";
import { useCallback, useEffect, useRef, useState } from "react";
import { useClient } from "urql";

export interface Connection<Node> {
  edges: readonly { node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

export interface PagedConnection<Node> {
  /** Every node loaded so far, pages in order; null until the first page is in. */
  nodes: Node[] | null;
  /** The latest page's totalCount, when the query asks for it. */
  totalCount: number | undefined;
  hasNextPage: boolean;
  /** True while the first page or the next one is on its way. */
  fetching: boolean;
  error: CombinedError | undefined;
  loadMore(): void;
}

interface State<Node> {
  nodes: Node[] | null;
  totalCount?: number;
  endCursor: string | null;
  hasNextPage: boolean;
  fetching: boolean;
  error?: CombinedError;
}

/**
 * A keyset-paged list with "load more": the first page for `variables`, then each next page
 * from the connection's `pageInfo.endCursor`, appended. New variables (another team, a filter)
 * start again from the first page, and an answer for variables no longer current is dropped.
 * `variables` null waits (until the viewer is known, say). The query must take `$after: String`;
 * `connectionOf` picks the connection out of its result.
 */
export function usePagedConnection<Data, Variables extends AnyVariables & { after?: string | null }, Node>(
  query: TypedDocumentNode<Data, Variables>,
  variables: Omit<Variables, "after"> | null,
  connectionOf: (data: Data) => Connection<Node>,
): PagedConnection<Node> {
  const client = useClient();
  const key = variables === null ? null : JSON.stringify(variables);
  const [state, setState] = useState<State<Node>>({ nodes: null, endCursor: null, hasNextPage: false, fetching: key !== null });
  const currentKey = useRef(key);
  currentKey.current = key;
  const pick = useRef(connectionOf);
  pick.current = connectionOf;

  const fetchPage = useCallback(
    async (after: string | null) => {
      if (key === null) return;
      setState((s) => ({ ...s, fetching: true, error: undefined }));
      const pageVariables = { ...(JSON.parse(key) as object), after } as Variables;
      // Each page straight from the API: "load more" is asked for fresh rows.
      const result = await client.query(query, pageVariables, { requestPolicy: "network-only" }).toPromise();
      if (currentKey.current !== key) return;
      if (result.error || result.data === undefined) {
        setState((s) => ({ ...s, fetching: false, error: result.error }));
        return;
      }
      const connection = pick.current(result.data);
      const pageNodes = connection.edges.map((edge) => edge.node);
      setState((s) => ({
        nodes: after === null || s.nodes === null ? pageNodes : [...s.nodes, ...pageNodes],
        totalCount: connection.totalCount,
        endCursor: connection.pageInfo.endCursor,
        hasNextPage: connection.pageInfo.hasNextPage,
        fetching: false,
      }));
    },
    [client, query, key],
  );

  useEffect(() => {
    setState({ nodes: null, endCursor: null, hasNextPage: false, fetching: key !== null });
    void fetchPage(null);
  }, [fetchPage, key]);

  const { fetching, hasNextPage, endCursor } = state;
  const loadMore = useCallback(() => {
    if (!fetching && hasNextPage) void fetchPage(endCursor);
  }, [fetchPage, fetching, hasNextPage, endCursor]);

  return { nodes: state.nodes, totalCount: state.totalCount, hasNextPage, fetching, error: state.error, loadMore };
}
