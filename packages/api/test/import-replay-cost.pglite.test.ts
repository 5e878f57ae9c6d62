import { beforeAll, describe, expect, it } from "vitest";
import type { UserRow } from "../src/users/user.table.ts";
import { createTeam, createUser } from "./support/fixtures.ts";
import { useTestDatabase } from "./support/test-database.ts";
import { startTestServer } from "./support/test-server.ts";

const IMPORT = `mutation($batchId: String!, $rows: [ImportLeadRowInput!]!) {
  importLeads(batchId: $batchId, rows: $rows, defaults: { channel: TRADE_SHOW }) { replayed results { rowId duplicates { owner { displayName } } } }
}`;

const card = (n: number) => ({ rowId: `card-${n}`, companyName: `名片${n}号电子科技有限公司`, contactName: `联系人${n}`, phone: `+86 137 ${String(n).padStart(8, "0")}` });

/**
 * SOP-1.3 an import's results are priced at one per row sent (list-sizes.ts), so a re-run of a
 * batch must send its rows again: one row cannot fetch a large batch's stored results and each
 * duplicate's owner past the cost limit.
 */
describe("re-running an import batch under the cost limit", () => {
  const database = useTestDatabase("pglite");
  const api = startTestServer(database, { now: new Date("2026-11-27T08:00:00.000Z") });
  let rep: UserRow;

  beforeAll(async () => {
    const team = await createTeam(database.handle.db);
    rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
  });

  it("answers a re-run with the same rows, and refuses one with fewer rows, naming rows", async () => {
    const rows = [card(1), card(2), card(3)];
    const first = await api.graphql<{ importLeads: { replayed: boolean } }>(IMPORT, { batchId: "cards", rows }, { as: rep });
    expect(first.errors).toBeUndefined();
    const again = await api.graphql<{ importLeads: { replayed: boolean } }>(IMPORT, { batchId: "cards", rows }, { as: rep });
    expect(again.data!.importLeads.replayed).toBe(true);

    const fewer = await api.graphql(IMPORT, { batchId: "cards", rows: [card(1)] }, { as: rep });
    expect(fewer.data).toBeNull();
    expect(fewer.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rows" });
  });
});
