import { auditServer } from "graphql-http";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "./support/test-database.ts";
import { startTestServer } from "./support/test-server.ts";

const database = useTestDatabase("pglite");
const api = startTestServer(database, { now: new Date("2026-11-27T08:00:00.000Z"), production: true });

/**
 * Issue 10: graphql-http's audits of the GraphQL-over-HTTP spec, against the production-mode
 * server. The HTTP layer does not touch the database, so one driver is enough.
 */
describe("GraphQL over HTTP (graphql-http's server audits, production mode)", () => {
  it("fails no audit, and warns only where Apollo answers a request error with 400 instead of the suggested 200 (README)", async () => {
    const results = await auditServer({ url: `${api.url}/graphql` });
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((result) => result.status === "error").map((result) => `${result.id} ${result.name}: ${"reason" in result ? result.reason : ""}`)).toEqual([]);
    expect(results.filter((result) => result.status === "warn").map((result) => result.id).sort()).toEqual(["572B", "7B9B", "FDE2"]);
  });

  it("answers at every path Express's /graphql mount took (any case, a trailing slash, a query string), and at no other (issue 13: /graphql is served beside Express's router)", async () => {
    const post = (path: string) =>
      fetch(`${api.url}${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) });
    for (const path of ["/graphql", "/GraphQL", "/graphql/", "/graphql?from=explorer", "/graphql/anything"]) {
      const response = await post(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("x-request-id"), path).toMatch(/^[0-9a-f-]{36}$/);
      expect(await response.json(), path).toMatchObject({ data: { __typename: "Query" } });
    }
    for (const path of ["/graphqlx", "/api/graphql"]) expect((await post(path)).status, path).toBe(404);
  });
});
