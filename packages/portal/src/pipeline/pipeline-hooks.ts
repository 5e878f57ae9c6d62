import type { CombinedError, OperationResult } from "@urql/core";
import type { ResultOf } from "../graphql/graphql.ts";
import { useEffect, useMemo, useState } from "react";
import { useClient, useQuery } from "urql";
import { columnHeads, NO_FILTERS, OPEN_STAGES, opportunityFilter, type OpenStage, type OpportunityFilter, type StageTotal } from "./pipeline-data.ts";
import { BoardHeadsQuery, PipelineOwnersQuery, StalledIdsQuery, StalledQuery } from "./pipeline.query.ts";

export interface BoardHeads {
  /** Per open stage, the API's count and value per currency (byStage); null while loading or after an error. */
  totals: Record<OpenStage, StageTotal> | null;
  /** The API's totalCount for the same filter: the list view's "of M". */
  totalCount: number | null;
  error: CombinedError | undefined;
}

/**
 * The board's column heads and the list's total: one `opportunities(filter) { totalCount byStage }`
 * request for the filter, no walking of pages. While the answer for new filters is on its way
 * the heads are loading, never the old filters' figures.
 */
export function useBoardHeads(filter: OpportunityFilter): BoardHeads {
  const [result] = useQuery({ query: BoardHeadsQuery, variables: { filter }, requestPolicy: "network-only" });
  return useMemo(() => {
    const answer = result.fetching || result.stale ? undefined : result.data?.opportunities;
    return {
      totals: answer ? columnHeads(answer.byStage) : null,
      totalCount: answer ? answer.totalCount : null,
      error: result.error,
    };
  }, [result.fetching, result.stale, result.data, result.error]);
}

/**
 * The rep filter's choices for those who may not list users (analysts; admins too, as before):
 * the owners of the open deals they see in the team picked (or every team), by name, from a
 * lean walk of `opportunities` (owner only). Paused (null) when `enabled` is false: managers
 * list their reps with `users`, reps have no rep filter.
 */
export function useOwnerChoices(teamId: string, enabled: boolean): { id: string; displayName: string }[] | null {
  const client = useClient();
  const [owners, setOwners] = useState<{ id: string; displayName: string }[] | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let current = true;
    setOwners(null);
    void (async () => {
      const filter = opportunityFilter({ ...NO_FILTERS, teamId }, OPEN_STAGES);
      const byId = new Map<string, { id: string; displayName: string }>();
      let after: string | null = null;
      for (;;) {
        const result: OperationResult<ResultOf<typeof PipelineOwnersQuery>> = await client.query(PipelineOwnersQuery, { filter, after }, { requestPolicy: "network-only" }).toPromise();
        if (!current) return;
        if (result.error || !result.data) return;
        const page = result.data.opportunities;
        for (const { node } of page.edges) byId.set(node.owner.id, node.owner);
        if (!page.pageInfo.hasNextPage || !page.pageInfo.endCursor) break;
        after = page.pageInfo.endCursor;
      }
      setOwners([...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)));
    })();
    return () => {
      current = false;
    };
  }, [client, teamId, enabled]);
  return owners;
}

export interface StalledInfo {
  /** The playbook's threshold for the stage, when the API listed the deal inline (else null). */
  thresholdDays: number | null;
}

/**
 * The deals pipelineRisks calls stalled (SOP playbook pipeline.stalledAfterDays, decided by the
 * API), in the board's scope: the first 200 inline, the rest through the section's drill.
 */
export function useStalled(teamId: string | null, ownerId: string | null): { byId: Map<string, StalledInfo> | null; error: CombinedError | undefined } {
  const client = useClient();
  const [state, setState] = useState<{ byId: Map<string, StalledInfo> | null; error: CombinedError | undefined }>({ byId: null, error: undefined });
  useEffect(() => {
    let current = true;
    setState({ byId: null, error: undefined });
    void (async () => {
      const result = await client.query(StalledQuery, { teamId, ownerId }, { requestPolicy: "network-only" }).toPromise();
      if (!current) return;
      if (result.error || !result.data) {
        setState({ byId: null, error: result.error });
        return;
      }
      const section = result.data.pipelineRisks.stalled;
      const byId = new Map<string, StalledInfo>(section.items.map((item) => [item.opportunity.id, { thresholdDays: item.thresholdDays }]));
      let after: string | null = null;
      while (byId.size < section.totalCount) {
        const page: OperationResult<ResultOf<typeof StalledIdsQuery>> = await client.query(StalledIdsQuery, { drill: section.drill, after }, { requestPolicy: "network-only" }).toPromise();
        if (!current) return;
        if (page.error || !page.data) {
          setState({ byId: null, error: page.error });
          return;
        }
        for (const { node } of page.data.reportOpportunities.edges) if (!byId.has(node.id)) byId.set(node.id, { thresholdDays: null });
        if (!page.data.reportOpportunities.pageInfo.hasNextPage) break;
        after = page.data.reportOpportunities.pageInfo.endCursor;
      }
      setState({ byId, error: undefined });
    })();
    return () => {
      current = false;
    };
  }, [client, teamId, ownerId]);
  return state;
}
