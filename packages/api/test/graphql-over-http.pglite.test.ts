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
});
