import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { importBatches } from "../../src/imports/import-batch.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");

const IMPORT = `mutation($batchId: String!, $rows: [ImportLeadRowInput!]!, $defaults: ImportDefaultsInput) {
  importLeads(batchId: $batchId, rows: $rows, defaults: $defaults) {
    batchId replayed createdCount duplicateCount invalidCount
    results { rowId status errors { field message } duplicates { leadId matchedRowId reasons } lead { id channel sourceDetail collectedOn createdAt phone } }
  }
}`;

interface ImportResult {
  importLeads: {
    batchId: string;
    replayed: boolean;
    createdCount: number;
    duplicateCount: number;
    invalidCount: number;
    results: {
      rowId: string;
      status: string;
      errors: { field: string; message: string }[];
      duplicates: { leadId: string; matchedRowId: string | null; reasons: string[] }[];
      lead: { id: string; channel: string; sourceDetail: string | null; collectedOn: string | null; createdAt: string; phone: string | null } | null;
    }[];
  };
}

const SHOW = { channel: "TRADE_SHOW", sourceDetail: "2026 上海工博会", collectedOn: "2026-09-23" };

function card(n: number, overrides: Record<string, unknown> = {}) {
  return {
    rowId: `card-${n}`,
    companyName: `名片${n}号电子科技有限公司`,
    contactName: `联系人${n}`,
    phone: `+86 136 ${String(n).padStart(8, "0")}`,
    ...overrides,
  };
}

export function leadImportSuite(database: TestDatabase) {
  describe(`importLeads on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    let rep: UserRow;
    let analyst: UserRow;
    const run = (batchId: string, rows: unknown[], as: UserRow = rep, defaults: Record<string, unknown> = SHOW) =>
      api.graphql<ImportResult>(IMPORT, { batchId, rows, defaults }, { as });
    const leadCount = async () => (await database.handle.db.select({ n: countRows() }).from(leads))[0]!.n;

    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      analyst = await createUser(database.handle.db, { role: "ANALYST" });
    });

    it("SOP-1.3/1.4 answers every row: created, invalid with field errors, duplicate of a lead or of an earlier row", async () => {
      const existing = await run("existing", [card(1, { email: "old@customer.cn" })]);
      const existingId = existing.data!.importLeads.results[0]!.lead!.id;

      const res = await run("show-1", [
        card(2),
        card(3, { phone: "12345", companyName: "" }),
        card(4, { email: "OLD@customer.cn" }),
        card(5, { phone: card(2).phone }),
        card(6, { channel: "CARRIER_PIGEON", companySize: "HUGE" }),
        card(7, { collectedOn: "27/11/2026" }),
      ]);
      expect(res.errors).toBeUndefined();
      const payload = res.data!.importLeads;
      expect(payload).toMatchObject({ replayed: false, createdCount: 1, duplicateCount: 2, invalidCount: 3 });
      const [created, invalid, dupOfLead, dupOfRow, badEnums, badDate] = payload.results;
      expect(payload.results.map((r) => r.rowId)).toEqual(["card-2", "card-3", "card-4", "card-5", "card-6", "card-7"]);
      expect(created).toMatchObject({ status: "CREATED", errors: [], duplicates: [] });
      // The lead's clock starts on entry; the show's date is kept beside it.
      expect(created!.lead).toMatchObject({ channel: "TRADE_SHOW", sourceDetail: "2026 上海工博会", collectedOn: "2026-09-23", createdAt: NOW.toISOString() });
      expect(invalid).toMatchObject({ status: "INVALID", lead: null });
      expect(invalid!.errors.map((e) => e.field).sort()).toEqual(["companyName", "phone"]);
      expect(dupOfLead).toMatchObject({ status: "DUPLICATE", duplicates: [{ leadId: existingId, matchedRowId: null, reasons: ["EMAIL"] }] });
      expect(dupOfRow).toMatchObject({ status: "DUPLICATE", duplicates: [{ leadId: created!.lead!.id, matchedRowId: "card-2", reasons: ["PHONE"] }] });
      expect(badEnums!.errors.map((e) => e.field).sort()).toEqual(["channel", "companySize"]);
      expect(badDate!.errors.map((e) => e.field)).toEqual(["collectedOn"]);
    });

    it("re-running a batch returns the original results and creates nothing", async () => {
      const rows = [card(10), card(11, { email: "broken" })];
      const first = await run("show-rerun", rows);
      const before = await leadCount();
      const again = await run("show-rerun", rows);
      expect(again.data!.importLeads.replayed).toBe(true);
      expect(again.data!.importLeads.results).toEqual(first.data!.importLeads.results);
      expect(await leadCount()).toBe(before);
    });

    it("creates a batch once when the same batch arrives twice at the same moment", async () => {
      const rows = [card(20), card(21)];
      const before = await leadCount();
      const [a, b] = await Promise.all([run("show-race", rows), run("show-race", rows)]);
      expect([a.data!.importLeads.replayed, b.data!.importLeads.replayed].sort()).toEqual([false, true]);
      expect(await leadCount()).toBe(before + 2);
    });

    it("imports 5,000 rows in one HTTP request, each with its first contact planned", async () => {
      const rows = Array.from({ length: 5000 }, (_, i) => card(100_000 + i, { email: `bulk${i}@fair.cn`, city: "上海" }));
      const res = await run("big-show", rows);
      expect(res.errors).toBeUndefined();
      expect(res.data!.importLeads.createdCount).toBe(5000);
      const [batch] = await database.handle.db.select().from(importBatches).where(eq(importBatches.batchId, "big-show"));
      const leadIds = res.data!.importLeads.results.map((r) => r.lead!.id);
      expect(new Set(leadIds).size).toBe(5000);
      const planned = await database.handle.db.select({ n: countRows() }).from(followUps).where(eq(followUps.kind, "FIRST_CONTACT"));
      expect(planned[0]!.n).toBeGreaterThanOrEqual(5000);
      expect(batch!.rowCount).toBe(5000);
    });

    it.each([
      ["rows", () => Array.from({ length: 5001 }, (_, i) => card(i))],
      ["rows", () => []],
      ["rows[1].rowId", () => [card(1), card(1)]],
    ])("rejects a batch whose %s is wrong, writing nothing", async (field, rows) => {
      const before = await leadCount();
      const res = await run(`bad-${field}-${Math.random()}`, rows());
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(await leadCount()).toBe(before);
    });

    it("is not open to analysts", async () => {
      const res = await run("analyst-batch", [card(1)], analyst);
      expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect((await expectHistoryKeysDecided(database.handle.db)).length).toBeGreaterThan(0);
    });
  });
}
