import { beforeAll, describe, expect, it } from "vitest";
import type { TeamRow } from "../../src/teams/team.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");

/** Orders one-field objects by their value: both leads are captured at the same instant. */
const byValue = (a: Record<string, string>, b: Record<string, string>) => (Object.values(a)[0]! < Object.values(b)[0]! ? -1 : 1);

const CAPTURE = `mutation($input: CaptureLeadInput!) { captureLead(input: $input) { lead { id } } }`;

/**
 * Issue 13: documents run compiled (graphql/jit-gateway.ts). What a client sees must not change:
 * variable errors, resolver errors and operation selection answer as graphql-js's executor did.
 */
export function graphqlExecutionSuite(database: TestDatabase) {
  const api = startTestServer(database, { now: NOW });
  let team: TeamRow;
  let rep: UserRow;
  const companies = ["华东精密机械有限公司", "苏州恒信电子有限公司"];
  const leadIds: string[] = [];

  beforeAll(async () => {
    team = await createTeam(database.handle.db, { name: "华东大区" });
    rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
    for (const [index, companyName] of companies.entries()) {
      const captured = await api.graphql<{ captureLead: { lead: { id: string } } }>(
        CAPTURE,
        { input: { channel: "TRADE_SHOW", sourceDetail: "工博会", companyName, contactName: "王伟", phone: `138 0013 900${index}` } },
        { as: rep },
      );
      if (!captured.data) throw new Error(JSON.stringify(captured.errors));
      leadIds.push(captured.data.captureLead.lead.id);
    }
  });

  describe("variables", () => {
    it("answers a variable of the wrong type with 400 BAD_USER_INPUT naming the variable, and no data", async () => {
      const response = await api.graphql(`query($first: Int) { leads(first: $first) { edges { node { id } } } }`, { first: "fifty" }, { as: rep });
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(response.errors).toHaveLength(1);
      expect(response.errors![0]!.message).toMatch(/^Variable "\$first" got invalid value "fifty"/);
      expect(response.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    });

    it("answers a required variable left out with 400 BAD_USER_INPUT naming it", async () => {
      const response = await api.graphql(`query($id: ID!) { lead(id: $id) { id } }`, {}, { as: rep });
      expect(response.status).toBe(400);
      expect(response.errors![0]!.message).toMatch(/^Variable "\$id" of required type "ID!" was not provided/);
      expect(response.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    });

    it("answers one document asked with different variables each with its own", async () => {
      const query = `query($id: ID!) { lead(id: $id) { id companyName } }`;
      for (const [index, id] of leadIds.entries()) {
        const response = await api.graphql<{ lead: { id: string; companyName: string } }>(query, { id }, { as: rep });
        expect(response.errors).toBeUndefined();
        expect(response.data!.lead).toEqual({ id, companyName: companies[index] });
      }
    });
  });

  describe("operations", () => {
    it("runs the operation operationName picks, of a document holding two, each time", async () => {
      const query = `query Names { leads(first: 5) { edges { node { companyName } } } }
        query Ids { leads(first: 5) { edges { node { id } } } }`;
      type Page = { leads: { edges: { node: Record<string, string> }[] } };
      for (const round of [1, 2]) {
        const names = await api.graphql<Page>(query, {}, { as: rep, operationName: "Names" });
        const ids = await api.graphql<Page>(query, {}, { as: rep, operationName: "Ids" });
        expect([names.status, ids.status], `round ${round}`).toEqual([200, 200]);
        expect(names.data!.leads.edges.map(({ node }) => node).sort(byValue)).toEqual(companies.map((companyName) => ({ companyName })).sort(byValue));
        expect(ids.data!.leads.edges.map(({ node }) => node).sort(byValue)).toEqual(leadIds.map((id) => ({ id })).sort(byValue));
      }
    });
  });

  describe("errors from resolvers", () => {
    it("keeps a resolver's error code, the field it names, its path and its place in the query; a non-null field's error nulls its parent", async () => {
      const response = await api.graphql(`query($after: String) {\n  leads(first: 5, after: $after) { edges { node { id } } }\n}`, { after: "garbage" }, { as: rep });
      expect(response.status).toBe(200);
      expect(response.data).toBeNull();
      expect(response.errors).toEqual([
        expect.objectContaining({
          path: ["leads"],
          locations: [{ line: 2, column: 3 }],
          extensions: expect.objectContaining({ code: "BAD_USER_INPUT", fields: [expect.objectContaining({ field: "after" })] }),
        }),
      ]);
    });
  });
}
