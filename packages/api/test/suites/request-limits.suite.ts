import { beforeAll, describe, expect, it } from "vitest";
import { performance } from "node:perf_hooks";
import { databaseWithDeadline } from "../../src/context/request-deadline.ts";
import { REQUEST_LIMITS } from "../../src/graphql/limits/request-limits.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import { createUserByIdLoader } from "../../src/users/user.loaders.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");
const SHARED_PHONE = "138 0013 9000";

const CAPTURE = `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id } } }`;

/** `possibleDuplicates { lead { possibleDuplicates { lead { … } } } }`, `levels` deep. */
function duplicateCycle(levels: number): string {
  let inner = "id phone";
  for (let level = 0; level < levels; level++) inner = `id possibleDuplicates { reasons lead { ${inner} } }`;
  return `query($id: ID!) { lead(id: $id) { ${inner} } }`;
}

function errorOf(response: GraphqlResponse<unknown>) {
  return response.errors?.[0]?.extensions ?? {};
}

/** Issue 10, finding 2: one request cannot stall the server. */
export function requestLimitsSuite(database: TestDatabase) {
  const api = startTestServer(database, { now: NOW });
  const stalled = startTestServer(database, { now: NOW, requestTimeoutMs: 0 });
  let team: TeamRow;
  let manager: UserRow;
  let rep: UserRow;
  const leadIds: string[] = [];

  beforeAll(async () => {
    team = await createTeam(database.handle.db, { name: "华东大区" });
    manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
    rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
    // Six leads of one customer, as in the finding: each is a recorded duplicate of the others.
    for (let index = 0; index < 6; index++) {
      const captured = await api.graphql<{ captureLead: { lead: { id: string } } }>(
        CAPTURE,
        { input: { channel: "TRADE_SHOW", sourceDetail: "工博会", companyName: `重复客户${index}号有限公司`, contactName: "王伟", phone: SHARED_PHONE } },
        { as: rep },
      );
      if (!captured.data) throw new Error(JSON.stringify(captured.errors));
      leadIds.push(captured.data.captureLead.lead.id);
    }
  });

  describe("the cost of a request (lists count at their page size)", () => {
    it("reports every answered request's cost in extensions.cost: 1 for the connection, then 50 edges, 50 nodes and 50 owners", async () => {
      const response = await api.graphql(`{ leads(first: 50) { totalCount edges { node { id owner { id } } } } }`, {}, { as: manager });
      expect(response.errors).toBeUndefined();
      expect((response as { extensions?: unknown }).extensions).toEqual({ cost: { requested: 151, limit: REQUEST_LIMITS.maxCost } });
    });

    it.each([
      ["the README's leads page of 200", `{ leads(first: 200) { edges { node { id owner { id } nextFollowUp { dueAt } possibleDuplicates { lead { id } } } } } }`, 2_801],
      ["a lead's history", `query($id: ID!) { lead(id: $id) { history { actor { displayName } } } }`, 101],
      ["the duplicate cycle four levels deep (the duplicates themselves are values; their leads are read)", duplicateCycle(4), 1 + 10 + 100 + 1_000 + 10_000],
    ])("costs %s as the README says", async (_what, query, cost) => {
      const response = await api.graphql(query, { id: leadIds[0] }, { as: manager });
      expect(response.errors).toBeUndefined();
      expect((response as { extensions?: { cost: { requested: number } } }).extensions!.cost.requested).toBe(cost);
    });

    it("reads a page size from a variable, and a left-out variable's declared default", async () => {
      const query = `query($n: Int = 10) { leads(first: $n) { edges { node { id } } } }`;
      const given = await api.graphql(query, { n: 20 }, { as: manager });
      const defaulted = await api.graphql(query, {}, { as: manager });
      expect((given as { extensions?: { cost: { requested: number } } }).extensions!.cost.requested).toBe(1 + 20 + 20);
      expect((defaulted as { extensions?: { cost: { requested: number } } }).extensions!.cost.requested).toBe(1 + 10 + 10);
    });

    it("answers the duplicate cycle two levels deep, which a screen needs", async () => {
      const response = await api.graphql<{ lead: { possibleDuplicates: { lead: { possibleDuplicates: unknown[] } }[] } }>(duplicateCycle(2), { id: leadIds[0] }, { as: rep });
      expect(response.errors).toBeUndefined();
      expect(response.data!.lead.possibleDuplicates).toHaveLength(5);
      expect(response.data!.lead.possibleDuplicates[0]!.lead.possibleDuplicates).toHaveLength(5);
    });

    it("refuses the duplicate cycle eight levels deep before running it, naming the cost and the limit", async () => {
      const response = await api.graphql(duplicateCycle(8), { id: leadIds[0] }, { as: rep });
      expect(response.status).toBe(400);
      expect(response.data).toBeUndefined();
      expect(errorOf(response)).toMatchObject({ code: "REQUEST_TOO_COMPLEX", limit: "cost", max: REQUEST_LIMITS.maxCost });
      expect(errorOf(response).actual as number).toBeGreaterThan(REQUEST_LIMITS.maxCost);
      expect(response.errors![0]!.message).toMatch(/^Request cost is at least [\d,]+, over the limit of 25,000: ask for smaller pages/);
    });

    it("refuses 30 aliases of the largest leads page with its history, by cost", async () => {
      const aliases = Array.from({ length: 30 }, (_, index) => `a${index}: leads(first: 200) { edges { node { history(last: 200) { action } } } }`).join(" ");
      const response = await api.graphql(`{ ${aliases} }`, {}, { as: manager });
      expect(errorOf(response)).toMatchObject({ code: "REQUEST_TOO_COMPLEX", limit: "cost" });
    });

    it("walks a document of fragments that each spread the next twice once per level, not 2^40 times", async () => {
      const fragments = Array.from({ length: 40 }, (_, index) => `fragment F${index} on Lead { id ...F${index + 1} ...F${index + 1} }`).join("\n");
      const response = await api.graphql(`query($id: ID!) { lead(id: $id) { ...F0 } }\n${fragments}\nfragment F40 on Lead { companyName }`, { id: leadIds[0] }, { as: rep });
      expect(response.errors).toBeUndefined();
      expect(response.data).toEqual({ lead: { id: leadIds[0], companyName: "重复客户0号有限公司" } });
    });
  });

  describe("depth, aliases, directives and tokens", () => {
    /** `lead(id) { possibleDuplicates { lead { … innermost } } }`: two levels a round, `lead(id)` and the innermost field two more. */
    function nested(rounds: number, innermost: string): string {
      let inner = innermost;
      for (let round = 0; round < rounds; round++) inner = `possibleDuplicates(first: 1) { lead { ${inner} } }`;
      return `query($id: ID!) { lead(id: $id) { ${inner} } }`;
    }

    it("answers at the depth limit and refuses one level deeper", async () => {
      const rounds = (REQUEST_LIMITS.maxDepth - 2) / 2;
      const answered = await api.graphql(nested(rounds, "id"), { id: leadIds[0] }, { as: rep });
      expect(answered.errors).toBeUndefined();
      const refused = await api.graphql(nested(rounds, "owner { id }"), { id: leadIds[0] }, { as: rep });
      expect(errorOf(refused)).toMatchObject({ code: "REQUEST_TOO_COMPLEX", limit: "depth", max: REQUEST_LIMITS.maxDepth, actual: REQUEST_LIMITS.maxDepth + 1 });
    });

    it("refuses more aliases than the limit, even of a free field", async () => {
      const fields = (count: number) => Array.from({ length: count }, (_, index) => `a${index}: id`).join(" ");
      const answered = await api.graphql(`{ viewer { ${fields(REQUEST_LIMITS.maxAliases)} } }`, {}, { as: rep });
      expect(answered.errors).toBeUndefined();
      const refused = await api.graphql(`{ viewer { ${fields(REQUEST_LIMITS.maxAliases + 1)} } }`, {}, { as: rep });
      expect(errorOf(refused)).toMatchObject({ code: "REQUEST_TOO_COMPLEX", limit: "aliases", max: REQUEST_LIMITS.maxAliases, actual: REQUEST_LIMITS.maxAliases + 1 });
    });

    it("refuses more directives than the limit", async () => {
      const fields = (count: number) => Array.from({ length: count }, () => "id @include(if: true)").join(" ");
      const answered = await api.graphql(`{ viewer { ${fields(REQUEST_LIMITS.maxDirectives)} } }`, {}, { as: rep });
      expect(answered.errors).toBeUndefined();
      const refused = await api.graphql(`{ viewer { ${fields(REQUEST_LIMITS.maxDirectives + 1)} } }`, {}, { as: rep });
      expect(errorOf(refused)).toMatchObject({ code: "REQUEST_TOO_COMPLEX", limit: "directives" });
    });

    it("stops parsing a document of more tokens than the limit, saying so; the longest filter a screen sends stays under it", async () => {
      const provinces = Array.from({ length: 500 }, (_, index) => `"省${index}"`).join(", ");
      const answered = await api.graphql(`{ leads(first: 1, filter: { province: [${provinces}] }) { totalCount } }`, {}, { as: rep });
      expect(answered.errors).toBeUndefined();
      const ids = Array.from({ length: REQUEST_LIMITS.maxTokens }, () => "id").join(" ");
      const refused = await api.graphql(`{ viewer { ${ids} } }`, {}, { as: rep });
      expect(refused.status).toBe(400);
      // graphql-js's own words, "more that" included.
      expect(refused.errors![0]!.message).toBe(`Syntax Error: Document contains more that ${REQUEST_LIMITS.maxTokens} tokens. Parsing aborted.`);
    });
  });

  it("answers a variable with more than 50 wrong items as BAD_USER_INPUT, not an internal error (found by pnpm fuzz)", async () => {
    const response = await api.graphql(`query($t: [Tier!]) { leads(filter: { tier: $t }) { totalCount } }`, { t: Array.from({ length: 51 }, () => "Z") }, { as: manager });
    expect(response.status).toBe(400);
    expect(response.errors!.at(-1)).toMatchObject({ message: expect.stringMatching(/^Too many errors processing variables/), extensions: { code: "BAD_USER_INPUT" } });
  });

  describe("every list is bounded", () => {
    it("lists a lead's newest history entries, oldest of them first, as many as `last` asks", async () => {
      await api.graphql(`mutation($id: ID!) { updateLead(id: $id, expectedVersion: 1, input: { city: "苏州" }) { id } }`, { id: leadIds[1] }, { as: rep });
      const all = await api.graphql<{ lead: { historyCount: number; history: { action: string }[] } }>(
        `query($id: ID!) { lead(id: $id) { historyCount history { action } } }`,
        { id: leadIds[1] },
        { as: rep },
      );
      expect(all.data!.lead.history.length).toBe(all.data!.lead.historyCount);
      expect(all.data!.lead.historyCount).toBeGreaterThanOrEqual(2);
      const newest = await api.graphql<{ lead: { history: { action: string }[] } }>(`query($id: ID!) { lead(id: $id) { history(last: 1) { action } } }`, { id: leadIds[1] }, { as: rep });
      expect(newest.data!.lead.history).toEqual(all.data!.lead.history.slice(-1));
    });

    it.each([
      ["a lead's history", `query($id: ID!) { lead(id: $id) { history(last: 201) { action } } }`, "last"],
      ["a lead's history", `query($id: ID!) { lead(id: $id) { history(last: 0) { action } } }`, "last"],
      ["a lead's possible duplicates", `query($id: ID!) { lead(id: $id) { possibleDuplicates(first: 51) { reasons } } }`, "first"],
    ])("refuses %s past its bound, naming the argument", async (_what, query, field) => {
      const response = await api.graphql(query, { id: leadIds[0] }, { as: rep });
      expect(errorOf(response)).toMatchObject({ code: "BAD_USER_INPUT", field });
    });

    it("lists as many possible duplicates as `first` asks, of the five there are", async () => {
      const response = await api.graphql<{ lead: { possibleDuplicates: unknown[] } }>(`query($id: ID!) { lead(id: $id) { possibleDuplicates(first: 2) { reasons } } }`, { id: leadIds[0] }, { as: rep });
      expect(response.data!.lead.possibleDuplicates).toHaveLength(2);
    });

    it("bounds the users, teams and API tokens lists by `first`", async () => {
      const admin = await createUser(database.handle.db, { role: "ADMIN", teamId: null });
      await createTeam(database.handle.db, { name: "华南大区" });
      for (const name of ["手机", "平板"]) await api.graphql(`mutation($name: String!) { createApiToken(name: $name) { token } }`, { name }, { as: admin });
      const all = await api.graphql<{ users: unknown[]; teams: unknown[]; apiTokens: { name: string }[] }>(`{ users { id } teams { id } apiTokens { name } }`, {}, { as: admin });
      expect(all.data!.users.length).toBeGreaterThan(1);
      expect(all.data!.teams.length).toBeGreaterThan(1);
      expect(all.data!.apiTokens.map((token) => token.name).sort()).toEqual(["平板", "手机"].sort());
      const one = await api.graphql<{ users: unknown[]; teams: unknown[]; apiTokens: { name: string }[] }>(`{ users(first: 1) { id } teams(first: 1) { id } apiTokens(first: 1) { name } }`, {}, { as: admin });
      expect(one.data).toEqual({ users: [all.data!.users[0]], teams: [all.data!.teams[0]], apiTokens: [all.data!.apiTokens[0]] });
      for (const [field, max] of [["users", 500], ["teams", 500], ["apiTokens", 200]] as const) {
        const refused = await api.graphql(`{ ${field}(first: ${max + 1}) { id } }`, {}, { as: admin });
        expect(errorOf(refused), field).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
      }
    });
  });

  describe("the request time limit", () => {
    it("stops a request past its time limit at its next statement, with REQUEST_TIMEOUT and the limit", async () => {
      const query = `query($id: ID!) { viewer { id } lead(id: $id) { id } }`;
      const inTime = await api.graphql<{ viewer: { id: string }; lead: { id: string } }>(query, { id: leadIds[0] }, { as: rep });
      expect(inTime.data).toEqual({ viewer: { id: rep.id }, lead: { id: leadIds[0] } });
      const late = await stalled.graphql<{ viewer: { id: string }; lead: unknown }>(query, { id: leadIds[0] }, { as: rep });
      // The viewer was read while signing in, before the limit; the lead needs a statement after it.
      expect(late.data).toEqual({ viewer: { id: rep.id }, lead: null });
      expect(late.errors).toHaveLength(1);
      expect(late.errors![0]).toMatchObject({ path: ["lead"], extensions: { code: "REQUEST_TIMEOUT", timeoutMs: 0 } });
    });

    it("stops a statement prepared once for the whole process (a page's owners) like any other", async () => {
      const inTime = createUserByIdLoader(databaseWithDeadline(database.handle.db, 60_000));
      expect((await inTime.load(rep.id))?.id).toBe(rep.id);
      const late = createUserByIdLoader(databaseWithDeadline(database.handle.db, 0, performance.now() - 1));
      await expect(late.load(rep.id)).rejects.toMatchObject({ extensions: { code: "REQUEST_TIMEOUT", timeoutMs: 0 } });
    });
  });
}
