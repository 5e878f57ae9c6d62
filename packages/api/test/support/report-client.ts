// What every report suite does around its own report: a server at the fixture's NOW over the
// shared fixture (and any rows of the suite's own), the report run as a user, and a figure's drill
// token turned back into the ids behind it, sorted, so expectations compare sets of rows.
import { beforeAll, expect } from "vitest";
import type { Executor } from "../../src/db/database.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { FIXTURE_NOW, loadReportFixture, type FixtureLead, type FixtureOpportunity, type ReportFixture } from "./report-fixture.ts";
import type { TestDatabase } from "./test-database.ts";
import { startTestServer, type TestServer } from "./test-server.ts";

export type DrillQuery = "reportLeads" | "reportOpportunities";
type Variables = Record<string, unknown>;

export interface ReportClient<Extra> {
  api: TestServer;
  /**
   * Filled in place in beforeAll, so a suite can destructure it when it registers its tests and
   * read it once they run.
   */
  fixture: ReportFixture;
  /** The suite's own rows (`loadExtra`), filled in place like `fixture`. */
  extra: Extra;
  /** Runs `query` as `as` with `defaults` under `variables`, expects no error and returns `data[field]`. */
  reportQuery<T>(query: string, field: string, defaults?: Variables): (as: UserRow, variables?: Variables, server?: TestServer) => Promise<T>;
  /** The ids behind a drill token as `as` may see them (the first 200), sorted. */
  drilled(as: UserRow, drill: string, query: DrillQuery, server?: TestServer): Promise<string[]>;
  drilledLeads(as: UserRow, drill: string, server?: TestServer): Promise<string[]>;
  drilledOpportunities(as: UserRow, drill: string, server?: TestServer): Promise<string[]>;
  /** The extensions of the first error of `query` run as `as`; undefined when it succeeds. */
  firstError(as: UserRow, query: string, variables?: Variables): Promise<Record<string, unknown> | undefined>;
  /** The extensions of the first error of drilling `drill` with `query` as `as`. */
  drillError(as: UserRow, drill: string, query: DrillQuery): Promise<Record<string, unknown> | undefined>;
  /** Fixture keys' ids, sorted as `drilled` returns them. */
  leadIds(...keys: FixtureLead[]): string[];
  opportunityIds(...keys: FixtureOpportunity[]): string[];
}

export function useReportClient(database: TestDatabase): ReportClient<Record<string, never>>;
export function useReportClient<Extra extends object>(database: TestDatabase, loadExtra: (db: Executor) => Promise<Extra>): ReportClient<Extra>;
export function useReportClient<Extra extends object>(database: TestDatabase, loadExtra?: (db: Executor) => Promise<Extra>): ReportClient<Extra> {
  const api = startTestServer(database, { now: FIXTURE_NOW });
  const fixture = {} as ReportFixture;
  const extra = {} as Extra;
  beforeAll(async () => {
    Object.assign(fixture, await loadReportFixture(database.handle.db));
    if (loadExtra) Object.assign(extra, await loadExtra(database.handle.db));
  });

  async function drilled(as: UserRow, drill: string, query: DrillQuery, server = api): Promise<string[]> {
    const response = await server.graphql<Record<string, { edges: { node: { id: string } }[] }>>(
      `query($drill: String!) { ${query}(drill: $drill, first: 200) { edges { node { id } } } }`,
      { drill },
      { as },
    );
    expect(response.errors).toBeUndefined();
    return response.data![query]!.edges.map((edge) => edge.node.id).sort();
  }
  async function firstError(as: UserRow, query: string, variables: Variables = {}) {
    const response = await api.graphql(query, variables, { as });
    return response.errors?.[0]?.extensions;
  }

  return {
    api,
    fixture,
    extra,
    reportQuery<T>(query: string, field: string, defaults: Variables = {}) {
      return async (as: UserRow, variables: Variables = {}, server = api) => {
        const response = await server.graphql<Record<string, T>>(query, { ...defaults, ...variables }, { as });
        expect(response.errors).toBeUndefined();
        return response.data![field]!;
      };
    },
    drilled,
    drilledLeads: (as, drill, server) => drilled(as, drill, "reportLeads", server),
    drilledOpportunities: (as, drill, server) => drilled(as, drill, "reportOpportunities", server),
    firstError,
    drillError: (as, drill, query) => firstError(as, `query($drill: String!) { ${query}(drill: $drill) { edges { cursor } } }`, { drill }),
    leadIds: (...keys) => keys.map((key) => fixture.leads[key]).sort(),
    opportunityIds: (...keys) => keys.map((key) => fixture.opportunities[key]).sort(),
  };
}

/** A drill token as drill-token.ts encodes one, with parameters the reports never issue. */
export function forgedDrill(report: string, period: { from: string; to: string } | null, params: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ report, teamId: null, ownerId: null, period, params })).toString("base64url");
}
