import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leadDuplicates } from "../../src/leads/lead-duplicate.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser, tokenFor } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";
import { expectOpenFollowUpsOfTheirLeads } from "../support/follow-up-facts.ts";
import { expectFunnelProgressKept } from "../support/funnel-progress.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

// Friday 2026-11-27 16:00 in Shanghai.
const NOW = new Date("2026-11-27T08:00:00.000Z");

const LEAD_FIELDS = `
  id status tier computedTier tierOverride tierOverrideReason tierOverrideDisputed tierReasons assessmentIncomplete
  needsReassessment version companyName contactName phone email wechatId creditCode province city collectedOn
  firstContactDueAt createdAt disqualifiedReason owner { id } mergedInto { id }
  nextFollowUp { kind channel dueAt slaDueAt }
  possibleDuplicates { leadId reasons owner { id } lead { id phone } }
  history { action actor { id } before after }
`;

const CAPTURE = `mutation($input: CaptureLeadInput!, $force: Boolean, $key: String) {
  captureLead(input: $input, force: $force, idempotencyKey: $key) {
    lead { ${LEAD_FIELDS} }
    duplicates { leadId reasons owner { id displayName } lead { id phone email } }
  }
}`;

interface LeadView {
  id: string;
  status: string;
  tier: string;
  computedTier: string;
  tierOverride: string | null;
  tierOverrideReason: string | null;
  tierOverrideDisputed: boolean;
  tierReasons: string[];
  assessmentIncomplete: boolean;
  needsReassessment: boolean;
  version: number;
  companyName: string;
  phone: string | null;
  email: string | null;
  creditCode: string | null;
  collectedOn: string | null;
  firstContactDueAt: string;
  createdAt: string;
  disqualifiedReason: string | null;
  owner: { id: string };
  mergedInto: { id: string } | null;
  nextFollowUp: { kind: string; channel: string; dueAt: string; slaDueAt: string | null } | null;
  possibleDuplicates: { leadId: string; reasons: string[]; owner: { id: string }; lead: { id: string; phone: string | null } | null }[];
  history: { action: string; actor: { id: string } | null; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[];
}

interface CaptureResult {
  captureLead: {
    lead: LeadView | null;
    duplicates: { leadId: string; reasons: string[]; owner: { id: string }; lead: { id: string; phone: string | null } | null }[];
  };
}

let sequence = 0;
/** A valid lead input with its own phone, email and company, so it matches nothing by default. */
function leadInput(overrides: Record<string, unknown> = {}) {
  sequence += 1;
  return {
    channel: "TRADE_SHOW",
    sourceDetail: "2026 上海工博会",
    companyName: `测试${sequence}号精密机械有限公司`,
    contactName: "王伟",
    phone: `138 0013 ${String(8000 + sequence).padStart(4, "0")}`,
    email: `Buyer${sequence}@Example.CN`,
    ...overrides,
  };
}

export function leadIntakeSuite(database: TestDatabase) {
  describe(`lead intake mutations on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    let team: TeamRow;
    let otherTeam: TeamRow;
    let rep: UserRow;
    let otherRep: UserRow;
    let manager: UserRow;
    let foreignManager: UserRow;
    let analyst: UserRow;
    let admin: UserRow;

    beforeAll(async () => {
      const db = database.handle.db;
      team = await createTeam(db);
      otherTeam = await createTeam(db);
      rep = await createUser(db, { role: "REP", teamId: team.id });
      otherRep = await createUser(db, { role: "REP", teamId: team.id });
      manager = await createUser(db, { role: "MANAGER", teamId: team.id });
      foreignManager = await createUser(db, { role: "MANAGER", teamId: otherTeam.id });
      analyst = await createUser(db, { role: "ANALYST" });
      admin = await createUser(db, { role: "ADMIN" });
    });

    const capture = async (as: UserRow, input: Record<string, unknown>, extra: { force?: boolean; key?: string } = {}) =>
      api.graphql<CaptureResult>(CAPTURE, { input, ...extra }, { as });

    const leadCount = async () => (await database.handle.db.select({ n: countRows() }).from(leads))[0]!.n;
    const auditCount = async () => (await database.handle.db.select({ n: countRows() }).from(auditEvents))[0]!.n;

    describe("captureLead", () => {
      it("SOP-1.3 stores a normalised lead owned by the rep, planned as tier B with its first contact", async () => {
        const res = await capture(rep, leadInput({ phone: "138-0013-8000", email: " Zhang.Wei@Example.CN ", collectedOn: "2026-11-20" }));
        expect(res.errors).toBeUndefined();
        const lead = res.data!.captureLead.lead!;
        expect(lead).toMatchObject({
          status: "NEW",
          tier: "B",
          assessmentIncomplete: true,
          phone: "+8613800138000",
          email: "zhang.wei@example.cn",
          collectedOn: "2026-11-20",
          owner: { id: rep.id },
          tierReasons: ["not assessed yet: planned as tier B"],
        });
        // SOP-3.2/3.5: the clock starts at capture (Fri 27 Nov), not the show's date: end of Wed 2 Dec, Shanghai.
        expect(lead.createdAt).toBe(NOW.toISOString());
        expect(lead.nextFollowUp).toEqual({
          kind: "FIRST_CONTACT",
          channel: "PHONE",
          dueAt: "2026-12-02T15:59:59.999Z",
          slaDueAt: "2026-12-02T15:59:59.999Z",
        });
        expect(lead.firstContactDueAt).toBe("2026-12-02T15:59:59.999Z");
        expect(lead.history.map((h) => h.action)).toEqual(["LEAD_CAPTURED", "FOLLOW_UP_PLANNED"]);
        expect(lead.history[0]!.actor).toEqual({ id: rep.id });
      });

      it("SOP-1.4 returns likely duplicates instead of creating, without another rep's contact details", async () => {
        const first = await capture(otherRep, leadInput({ phone: "13900139000", companyName: "华为技术有限公司" }));
        const theirs = first.data!.captureLead.lead!;
        const before = await leadCount();

        const res = await capture(rep, leadInput({ phone: "+86 139 0013 9000", companyName: "华为技术 有限公司" }));
        expect(res.errors).toBeUndefined();
        expect(res.data!.captureLead.lead).toBeNull();
        expect(res.data!.captureLead.duplicates).toEqual([
          { leadId: theirs.id, reasons: ["COMPANY_NAME", "PHONE"], owner: { id: otherRep.id, displayName: otherRep.displayName }, lead: null },
        ]);
        expect(await leadCount()).toBe(before);
      });

      it("SOP-1.4 with force creates the lead and records the matches as possible duplicates", async () => {
        const original = (await capture(rep, leadInput({ email: "li.na@bluepeak.com" }))).data!.captureLead.lead!;
        const res = await capture(rep, leadInput({ email: "LI.NA@bluepeak.com" }), { force: true });
        const created = res.data!.captureLead.lead!;
        expect(res.data!.captureLead.duplicates.map((d) => d.leadId)).toEqual([original.id]);
        expect(created.possibleDuplicates).toEqual([
          { leadId: original.id, reasons: ["EMAIL"], owner: { id: rep.id }, lead: { id: original.id, phone: original.phone } },
        ]);
        const again = await api.graphql<{ lead: LeadView }>(`query($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} } }`, { id: original.id }, { as: rep });
        expect(again.data!.lead.possibleDuplicates.map((d) => d.leadId)).toEqual([created.id]);
      });

      it("SOP-1.4 a unified social credit code is the exact company key: equal codes match, different codes never do", async () => {
        const code = "91350100M000100Y43";
        const first = (await capture(rep, leadInput({ companyName: "启明星科技有限公司", creditCode: code }))).data!.captureLead.lead!;
        const sameCode = await capture(rep, leadInput({ companyName: "启明星（福建）科技", creditCode: "91350100m000100y43" }));
        expect(sameCode.data!.captureLead.duplicates).toEqual([expect.objectContaining({ leadId: first.id, reasons: ["CREDIT_CODE"] })]);
        // Same name, another company's code: not a duplicate.
        const otherCode = await capture(rep, leadInput({ companyName: "启明星科技有限公司", creditCode: "91110108551385082Q" }));
        expect(otherCode.data!.captureLead.duplicates).toEqual([]);
        expect(otherCode.data!.captureLead.lead).not.toBeNull();
      });

      it("only matches within the team", async () => {
        const mine = await capture(rep, leadInput({ phone: "13700137000" }));
        expect(mine.data!.captureLead.lead).not.toBeNull();
        const theirs = await capture(foreignManager, leadInput({ phone: "13700137000" }));
        expect(theirs.data!.captureLead.duplicates).toEqual([]);
      });

      it.each([
        ["input.email", { email: "not-an-email" }],
        ["input.phone", { phone: "12345" }],
        ["input.creditCode", { creditCode: "91350100M000100Y44" }],
        ["input.contactName", { contactName: "   " }],
        ["input.companyName", { companyName: "" }],
        ["input.wechatId", { wechatId: "w".repeat(101) }],
        ["input.referredBy", { channel: "CUSTOMER_REFERRAL" }],
        ["input.collectedOn", { collectedOn: "2026-12-01" }],
        ["input.phone", { phone: null, email: null }],
      ])("rejects bad input naming %s, and writes nothing", async (field, overrides) => {
        const [leadsBefore, auditBefore] = [await leadCount(), await auditCount()];
        const res = await capture(rep, leadInput(overrides));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
        expect([await leadCount(), await auditCount()]).toEqual([leadsBefore, auditBefore]);
      });

      it("rejects an unknown channel as BAD_USER_INPUT naming input.channel, before anything runs", async () => {
        const res = await capture(rep, leadInput({ channel: "CARRIER_PIGEON" }));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.channel" });
        expect(res.errors?.[0]?.message).toMatch(/CARRIER_PIGEON/);
      });

      it("refuses a collectedOn in year 0 with BAD_USER_INPUT naming it, and writes nothing (issue 10, finding 8)", async () => {
        const before = await leadCount();
        const res = await capture(rep, leadInput({ collectedOn: "0000-01-01" }));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.collectedOn" });
        expect(await leadCount()).toBe(before);
        const inline = await api.graphql(`mutation { captureLead(input: { channel: TRADE_SHOW, companyName: "年份测试", contactName: "王伟", collectedOn: "0000-01-01" }) { lead { id } } }`, {}, { as: rep });
        expect(inline.errors?.[0]?.extensions?.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
        expect(inline.errors?.[0]?.message).toMatch(/years 1900 to 2999/);
        expect(await leadCount()).toBe(before);
      });

      it("rejects a NUL character, which the database cannot store, naming the field", async () => {
        const before = await leadCount();
        const res = await capture(rep, leadInput({ contactName: "王\u0000伟" }));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.contactName" });
        const importWithNul = () =>
          api.graphql(`mutation { importLeads(batchId: "nul", rows: [{ rowId: "1" }, { rowId: "2", companyName: "A\\u0000B" }]) { createdCount } }`, {}, { as: rep });
        // The second time the document is the one Apollo parsed the first time, checked once (issue 13).
        for (const inline of [await importWithNul(), await importWithNul()]) {
          expect(inline.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "rows[1].companyName" });
        }
        expect(await leadCount()).toBe(before);
      });

      it("refuses half a surrogate pair, which is no character and which jsonb cannot store, naming the field and writing nothing (found by pnpm fuzz)", async () => {
        const before = await leadCount();
        // JSON.stringify writes the lone surrogate as the escape \ud800, as any client's JSON would.
        const res = await capture(rep, leadInput({ contactName: "王\ud800伟" }));
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.contactName" });
        expect(res.errors?.[0]?.message).toMatch(/well-formed Unicode/);
        expect(await leadCount()).toBe(before);
        const paired = await capture(rep, leadInput({ contactName: "王伟 🚀" }));
        expect(paired.errors).toBeUndefined();
      });

      it("refuses a variable nested 20,000 levels deep with BAD_USER_INPUT naming it, and still names a NUL in a 100,000-item list (issue 10, finding 8)", async () => {
        const deep = `${'{"a":'.repeat(20_000)}"x"${"}".repeat(20_000)}`;
        const response = await fetch(`${api.url}/graphql`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${tokenFor(rep)}` },
          body: `{"query":"mutation($input: CaptureLeadInput!) { captureLead(input: $input) { lead { id } } }","variables":{"input":${deep}}}`,
        });
        const body = (await response.json()) as { errors: { message: string; extensions: Record<string, unknown> }[] };
        expect(body.errors[0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: `input${".a".repeat(32)}` });
        expect(body.errors[0]!.message).toMatch(/nested more than 32 levels deep/);

        const many = Array.from({ length: 100_000 }, (_, i) => (i === 99_999 ? "北\u0000京" : "北京"));
        const res = await api.graphql(`query($p: [String!]) { leads(first: 1, filter: { province: $p }) { totalCount } }`, { p: many }, { as: rep });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "p[99999]" });
      });

      it("lets a manager capture for a rep of the team, but not a rep for someone else", async () => {
        const byManager = await capture(manager, leadInput({ ownerId: rep.id }));
        expect(byManager.data!.captureLead.lead!.owner).toEqual({ id: rep.id });
        const byRep = await capture(rep, leadInput({ ownerId: otherRep.id }));
        expect(byRep.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN", field: "input.ownerId" });
        const outsider = await capture(manager, leadInput({ ownerId: foreignManager.id }));
        expect(outsider.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "input.ownerId" });
      });

      it("is read-only for analysts (FORBIDDEN)", async () => {
        const res = await capture(analyst, leadInput());
        expect(res.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      });

      it("with the same idempotency key returns the same lead and writes once", async () => {
        const input = leadInput();
        const first = await capture(rep, input, { key: "capture-retry-1" });
        const before = await leadCount();
        const retry = await capture(rep, input, { key: "capture-retry-1" });
        expect(retry.data!.captureLead.lead!.id).toBe(first.data!.captureLead.lead!.id);
        expect(await leadCount()).toBe(before);
        // The key is the user's own: another rep's request with it is a new capture.
        const other = await capture(otherRep, leadInput(), { key: "capture-retry-1" });
        expect(other.data!.captureLead.lead!.id).not.toBe(first.data!.captureLead.lead!.id);
      });

      it("with two concurrent requests under one key writes once", async () => {
        const input = leadInput();
        const before = await leadCount();
        const [a, b] = await Promise.all([capture(rep, input, { key: "capture-race" }), capture(rep, input, { key: "capture-race" })]);
        expect(a.data!.captureLead.lead!.id).toBe(b.data!.captureLead.lead!.id);
        expect(await leadCount()).toBe(before + 1);
      });
    });

    describe("updateLead, disqualifyLead and reopenLead", () => {
      it("updates the given fields, bumps the version, and records before → after", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const res = await api.graphql<{ updateLead: LeadView }>(
          `mutation($id: ID!, $v: Int!) { updateLead(id: $id, expectedVersion: $v, input: { city: "苏州", phone: "13800001111" }) { ${LEAD_FIELDS} } }`,
          { id: lead.id, v: lead.version },
          { as: rep },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.updateLead).toMatchObject({ phone: "+8613800001111", version: lead.version + 1 });
        expect(res.data!.updateLead.history.at(-1)).toMatchObject({
          action: "LEAD_UPDATED",
          before: { city: null, phone: lead.phone },
          after: { city: "苏州", phone: "+8613800001111" },
        });
      });

      it("answers a stale expectedVersion with CONFLICT and changes nothing", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const update = (v: number, city: string) =>
          api.graphql(`mutation($id: ID!, $v: Int!, $city: String) { updateLead(id: $id, expectedVersion: $v, input: { city: $city }) { version } }`, { id: lead.id, v, city }, { as: rep });
        expect((await update(lead.version, "杭州")).errors).toBeUndefined();
        const stale = await update(lead.version, "南京");
        expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "expectedVersion" });
        const [row] = await database.handle.db.select().from(leads).where(eq(leads.id, lead.id));
        expect(row!.city).toBe("杭州");
      });

      it("answers a lead that is another rep's exactly like one that does not exist", async () => {
        const theirs = (await capture(otherRep, leadInput())).data!.captureLead.lead!;
        for (const id of [theirs.id, "00000000-0000-4000-8000-000000000000"]) {
          const res = await api.graphql(`mutation($id: ID!) { updateLead(id: $id, expectedVersion: 1, input: { city: "x" }) { id } }`, { id }, { as: rep });
          expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
        }
      });

      it("disqualifies with a reason (cancelling open follow-ups) and reopens with a new follow-up", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const noReason = await api.graphql(`mutation($id: ID!) { disqualifyLead(id: $id, reason: " ") { id } }`, { id: lead.id }, { as: rep });
        expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });

        const out = await api.graphql<{ disqualifyLead: LeadView }>(
          `mutation($id: ID!) { disqualifyLead(id: $id, reason: "预算不足") { ${LEAD_FIELDS} } }`,
          { id: lead.id },
          { as: rep },
        );
        expect(out.data!.disqualifyLead).toMatchObject({ status: "DISQUALIFIED", disqualifiedReason: "预算不足", nextFollowUp: null });
        const twice = await api.graphql(`mutation($id: ID!) { disqualifyLead(id: $id, reason: "again") { id } }`, { id: lead.id }, { as: rep });
        expect(twice.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");

        const back = await api.graphql<{ reopenLead: LeadView }>(`mutation($id: ID!) { reopenLead(id: $id) { ${LEAD_FIELDS} } }`, { id: lead.id }, { as: rep });
        expect(back.data!.reopenLead).toMatchObject({ status: "NEW", disqualifiedReason: null });
        // Never reached: a first contact again, judged against the original deadline.
        expect(back.data!.reopenLead.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", slaDueAt: lead.firstContactDueAt });
      });
    });

    describe("assessLead and overrideTier", () => {
      const ASSESS = `mutation($id: ID!, $input: AssessLeadInput!, $key: String) { assessLead(leadId: $id, input: $input, idempotencyKey: $key) { ${LEAD_FIELDS} } }`;
      const assess = (as: UserRow, id: string, input: Record<string, unknown>, key?: string) =>
        api.graphql<{ assessLead: LeadView }>(ASSESS, { id, input, key }, { as });

      it("SOP-2.2/3.1 all HIGH makes tier A with reasons, and the open first contact is re-planned to 24 hours", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const res = await assess(rep, lead.id, { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH", budgetAmount: "50000000" });
        expect(res.errors).toBeUndefined();
        expect(res.data!.assessLead).toMatchObject({
          status: "WORKING",
          tier: "A",
          computedTier: "A",
          assessmentIncomplete: false,
          tierReasons: ["all three dimensions are HIGH"],
          firstContactDueAt: "2026-11-28T08:00:00.000Z",
          nextFollowUp: { kind: "FIRST_CONTACT", dueAt: "2026-11-28T08:00:00.000Z", slaDueAt: "2026-11-28T08:00:00.000Z" },
        });
      });

      it("SOP-2.3 an UNKNOWN dimension counts as MEDIUM and flags the assessment incomplete", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const res = await assess(rep, lead.id, { needUrgency: "HIGH", budget: "HIGH" });
        expect(res.data!.assessLead).toMatchObject({ tier: "B", assessmentIncomplete: true });
        expect(res.data!.assessLead.tierReasons).toContain("decision authority is UNKNOWN (counted as MEDIUM)");
      });

      it("SOP-2.1 rejects an assessment with no dimension, writing nothing", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const before = await auditCount();
        const res = await assess(rep, lead.id, { note: "nothing known yet" });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input" });
        const badBudget = await assess(rep, lead.id, { budget: "LOW", budgetAmount: "-5" });
        expect(badBudget.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.budgetAmount" });
        expect(await auditCount()).toBe(before);
      });

      it("SOP-2.6 keeps every assessment; the latest decides", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        await assess(rep, lead.id, { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" });
        const later = await assess(rep, lead.id, { needUrgency: "HIGH", budget: "LOW", decisionAuthority: "HIGH" });
        expect(later.data!.assessLead).toMatchObject({ tier: "C", tierReasons: ["budget is LOW"] });
        expect(later.data!.assessLead.history.filter((h) => h.action === "LEAD_ASSESSED")).toHaveLength(2);
        // SOP-3.3: a C lead's first contact is material by email within 5 business days of capture.
        expect(later.data!.assessLead.nextFollowUp).toMatchObject({ kind: "FIRST_CONTACT", channel: "EMAIL", dueAt: "2026-12-04T15:59:59.999Z" });
      });

      it("SOP-2.6 a manager's override stays until cleared, and a disagreeing assessment flags it", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const OVERRIDE = `mutation($id: ID!, $reason: String!) { overrideTier(leadId: $id, tier: A, reason: $reason) { ${LEAD_FIELDS} } }`;
        const byRep = await api.graphql(OVERRIDE, { id: lead.id, reason: "strategic account" }, { as: rep });
        expect(byRep.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        const noReason = await api.graphql(OVERRIDE, { id: lead.id, reason: "" }, { as: manager });
        expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });

        const overridden = await api.graphql<{ overrideTier: LeadView }>(OVERRIDE, { id: lead.id, reason: "strategic account" }, { as: manager });
        expect(overridden.data!.overrideTier).toMatchObject({
          tier: "A",
          tierOverride: "A",
          tierOverrideReason: "strategic account",
          tierReasons: ["tier A set by a manager: strategic account"],
          nextFollowUp: { dueAt: "2026-11-28T08:00:00.000Z" },
        });

        const assessed = await assess(rep, lead.id, { needUrgency: "LOW", budget: "LOW", decisionAuthority: "LOW" });
        expect(assessed.data!.assessLead).toMatchObject({ tier: "A", computedTier: "C", tierOverrideDisputed: true });

        const cleared = await api.graphql<{ clearTierOverride: LeadView }>(`mutation($id: ID!) { clearTierOverride(leadId: $id) { ${LEAD_FIELDS} } }`, { id: lead.id }, { as: manager });
        expect(cleared.data!.clearTierOverride).toMatchObject({ tier: "C", tierOverride: null, tierOverrideDisputed: false });
      });

      it("a manager of another team cannot override (NOT_FOUND, the lead is not theirs)", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const res = await api.graphql(`mutation($id: ID!) { overrideTier(leadId: $id, tier: C, reason: "x") { id } }`, { id: lead.id }, { as: foreignManager });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "leadId" });
      });

      it("with an idempotency key records the assessment once", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const input = { needUrgency: "HIGH", budget: "MEDIUM", decisionAuthority: "HIGH" };
        await assess(rep, lead.id, input, "assess-once");
        const retry = await assess(rep, lead.id, input, "assess-once");
        expect(retry.data!.assessLead.history.filter((h) => h.action === "LEAD_ASSESSED")).toHaveLength(1);
        const misuse = await capture(rep, leadInput(), { key: "assess-once" });
        expect(misuse.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
      });
    });

    describe("assignLead and reassignLeads", () => {
      it("moves a lead and its open follow-ups to another rep, deadlines unchanged", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const byRep = await api.graphql(`mutation($id: ID!, $to: ID!) { assignLead(leadId: $id, ownerId: $to) { id } }`, { id: lead.id, to: otherRep.id }, { as: rep });
        expect(byRep.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        const res = await api.graphql<{ assignLead: LeadView }>(
          `mutation($id: ID!, $to: ID!) { assignLead(leadId: $id, ownerId: $to) { ${LEAD_FIELDS} } }`,
          { id: lead.id, to: otherRep.id },
          { as: manager },
        );
        expect(res.data!.assignLead.owner).toEqual({ id: otherRep.id });
        expect(res.data!.assignLead.nextFollowUp).toEqual(lead.nextFollowUp);
        const open = await database.handle.db.select().from(followUps).where(and(eq(followUps.leadId, lead.id), eq(followUps.status, "OPEN")));
        expect(open.map((f) => f.ownerId)).toEqual([otherRep.id]);
        // The previous owner no longer sees it.
        const gone = await api.graphql<{ lead: unknown }>(`query($id: ID!) { lead(id: $id) { id } }`, { id: lead.id }, { as: rep });
        expect(gone.data!.lead).toBeNull();
      });

      it("rejects an owner outside the team, naming ownerId", async () => {
        const lead = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const res = await api.graphql(`mutation($id: ID!, $to: ID!) { assignLead(leadId: $id, ownerId: $to) { id } }`, { id: lead.id, to: foreignManager.id }, { as: manager });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "ownerId" });
      });

      it("moves every lead of a leaving rep in one go", async () => {
        const db = database.handle.db;
        const leaving = await createUser(db, { role: "REP", teamId: team.id });
        const successor = await createUser(db, { role: "REP", teamId: team.id });
        for (let i = 0; i < 3; i++) await capture(leaving, leadInput());
        const res = await api.graphql<{ reassignLeads: { movedLeadCount: number } }>(
          `mutation($from: ID!, $to: ID!) { reassignLeads(fromUserId: $from, toUserId: $to) { movedLeadCount } }`,
          { from: leaving.id, to: successor.id },
          { as: manager },
        );
        expect(res.data!.reassignLeads.movedLeadCount).toBe(3);
        const theirs = await api.graphql<{ leads: { totalCount: number } }>(`{ leads(first: 10) { totalCount } }`, {}, { as: successor });
        expect(theirs.data!.leads.totalCount).toBe(3);
        const openOfLeaving = await db.select({ n: countRows() }).from(followUps).where(and(eq(followUps.ownerId, leaving.id), eq(followUps.status, "OPEN")));
        expect(openOfLeaving[0]!.n).toBe(0);
      });
    });

    describe("mergeLeads and dismissDuplicate", () => {
      it("SOP-1.4 moves history, follow-ups and assessments to the kept lead and leaves a tombstone", async () => {
        const keep = (await capture(rep, leadInput({ wechatId: null }))).data!.captureLead.lead!;
        const merged = (await capture(rep, leadInput({ wechatId: "wxid_merge_me", companyName: keep.companyName }), { force: true })).data!.captureLead.lead!;
        await api.graphql(`mutation($id: ID!) { assessLead(leadId: $id, input: { needUrgency: HIGH, budget: HIGH, decisionAuthority: HIGH }) { id } }`, { id: merged.id }, { as: rep });

        const res = await api.graphql<{ mergeLeads: LeadView & { wechatId: string | null } }>(
          `mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { ${LEAD_FIELDS} } }`,
          { keep: keep.id, merge: merged.id },
          { as: rep },
        );
        expect(res.errors).toBeUndefined();
        const kept = res.data!.mergeLeads;
        expect(kept).toMatchObject({ wechatId: "wxid_merge_me", tier: "A", computedTier: "A", possibleDuplicates: [] });
        const actions = kept.history.map((h) => h.action);
        expect(actions).toContain("LEAD_ASSESSED");
        expect(actions.filter((a) => a === "LEAD_CAPTURED")).toHaveLength(2);
        expect(actions.at(-1)).toBe("LEAD_MERGED");

        const tombstone = await api.graphql<{ lead: { id: string; mergedInto: { id: string } } }>(`query($id: ID!) { lead(id: $id) { id mergedInto { id } } }`, { id: merged.id }, { as: rep });
        expect(tombstone.data!.lead.mergedInto).toEqual({ id: keep.id });
        const listed = await api.graphql<{ leads: { edges: { node: { id: string } }[] } }>(`{ leads(first: 200) { edges { node { id } } } }`, {}, { as: rep });
        expect(listed.data!.leads.edges.map((e) => e.node.id)).not.toContain(merged.id);
        // Only one open first contact remains: the merged lead's was cancelled.
        const open = await database.handle.db.select().from(followUps).where(and(eq(followUps.leadId, keep.id), eq(followUps.status, "OPEN")));
        expect(open).toHaveLength(1);
      });

      it("SOP-1.4 a booked meeting moving to the kept lead becomes its owner's and tier's work (what follow-up discipline counts it under)", async () => {
        const assess = (id: string, level: string) =>
          api.graphql(`mutation($id: ID!) { assessLead(leadId: $id, input: { needUrgency: ${level}, budget: ${level}, decisionAuthority: ${level} }) { id } }`, { id }, { as: rep });
        const keep = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const merged = (await capture(rep, leadInput({ companyName: keep.companyName }), { force: true })).data!.captureLead.lead!;
        expect((await assess(merged.id, "HIGH")).errors).toBeUndefined();
        const [firstContact] = await database.handle.db.select().from(followUps).where(and(eq(followUps.leadId, merged.id), eq(followUps.status, "OPEN")));
        const booked = await api.graphql(
          `mutation($id: ID!, $at: DateTime!) { completeFollowUp(id: $id, input: { outcome: MEETING_BOOKED, meetingAt: $at }) { next { id } } }`,
          { id: firstContact!.id, at: new Date(NOW.getTime() + 3 * 86_400_000).toISOString() },
          { as: rep },
        );
        expect(booked.errors).toBeUndefined();
        // Assessed after the merged lead, so its tier C is the latest assessment's and stays.
        expect((await assess(keep.id, "LOW")).errors).toBeUndefined();
        const res = await api.graphql<{ mergeLeads: LeadView }>(`mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { ${LEAD_FIELDS} } }`, { keep: keep.id, merge: merged.id }, { as: rep });
        expect(res.data!.mergeLeads.tier).toBe("C");
        const meetings = await database.handle.db.select().from(followUps).where(and(eq(followUps.leadId, keep.id), eq(followUps.kind, "MEETING"), eq(followUps.status, "OPEN")));
        expect(meetings.map((meeting) => [meeting.ownerId, meeting.tier])).toEqual([[rep.id, "C"]]);
      });

      it.each([
        ["mergeId", "same lead", (keep: string) => ({ keep, merge: keep })],
        ["mergeId", "another rep's lead", (keep: string, theirs: string) => ({ keep, merge: theirs })],
      ])("rejects merging %s with %s", async (field, _what, vars) => {
        const keep = (await capture(rep, leadInput())).data!.captureLead.lead!;
        const theirs = (await capture(otherRep, leadInput())).data!.captureLead.lead!;
        const res = await api.graphql(`mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { id } }`, vars(keep.id, theirs.id), { as: rep });
        expect(res.errors?.[0]?.extensions?.field).toBe(field);
      });

      it("dismisses a possible duplicate so it is not suggested again", async () => {
        const original = (await capture(rep, leadInput({ email: "same@person.cn" }))).data!.captureLead.lead!;
        const copy = (await capture(rep, leadInput({ email: "same@person.cn" }), { force: true })).data!.captureLead.lead!;
        const res = await api.graphql<{ dismissDuplicate: LeadView }>(
          `mutation($id: ID!, $other: ID!) { dismissDuplicate(leadId: $id, duplicateOfId: $other) { ${LEAD_FIELDS} } }`,
          { id: original.id, other: copy.id },
          { as: rep },
        );
        expect(res.data!.dismissDuplicate.possibleDuplicates).toEqual([]);
        const rows = await database.handle.db.select().from(leadDuplicates).where(eq(leadDuplicates.leadId, copy.id));
        expect(rows[0]!.dismissedAt).not.toBeNull();
        const again = await api.graphql(`mutation($id: ID!, $other: ID!) { dismissDuplicate(leadId: $id, duplicateOfId: $other) { id } }`, { id: original.id, other: copy.id }, { as: rep });
        expect(again.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "duplicateOfId" });
      });
    });

    describe("what an analyst and an admin read in a lead's history (issue 10, finding 1)", () => {
      const HISTORY = `query($id: ID!) { lead(id: $id) { id phone email history { action before after } } }`;
      const read = async (as: UserRow, id: string) => {
        const res = await api.graphql<{ lead: { id: string; phone: string; email: string; history: { action: string; before: unknown; after: unknown }[] } | null }>(HISTORY, { id }, { as });
        expect(res.errors).toBeUndefined();
        return res.data!.lead;
      };

      it("shows a phone and email changed by the rep, and a merged lead's, masked everywhere, and never their normalised keys", async () => {
        const lead = (await capture(rep, leadInput({ phone: "13912345678", email: "Li.Na@Example.CN" }))).data!.captureLead.lead!;
        const updated = await api.graphql(
          `mutation($id: ID!, $v: Int!) { updateLead(id: $id, expectedVersion: $v, input: { phone: "13987654321", email: "na.li@example.cn", wechatId: "wxid_lina_2026" }) { id } }`,
          { id: lead.id, v: lead.version },
          { as: rep },
        );
        expect(updated.errors).toBeUndefined();
        const other = (await capture(rep, leadInput({ companyName: lead.companyName, phone: "13711112222", email: "other.buyer@example.cn" }), { force: true })).data!
          .captureLead.lead!;
        const merged = await api.graphql(`mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { id } }`, { keep: lead.id, merge: other.id }, { as: rep });
        expect(merged.errors).toBeUndefined();

        // The rep reads it all, so the history does hold the details the others must not see.
        const full = JSON.stringify((await read(rep, lead.id))!.history);
        for (const secret of ["13987654321", "na.li@example.cn", "wxid_lina_2026", "13711112222", "other.buyer@example.cn", "phoneKey", "emailKey"]) {
          expect(full).toContain(secret);
        }
        for (const viewer of [analyst, admin]) {
          const seen = (await read(viewer, lead.id))!;
          expect(seen.id).toBe(lead.id);
          expect(seen.history.map((entry) => entry.action)).toEqual(expect.arrayContaining(["LEAD_CAPTURED", "LEAD_UPDATED", "LEAD_MERGED"]));
          const text = JSON.stringify(seen.history);
          for (const secret of ["13912345678", "13987654321", "13711112222", "Li.Na@Example.CN", "li.na@example.cn", "na.li@example.cn", "other.buyer@example.cn", "wxid_lina_2026", "phoneKey", "emailKey", "companyKey", "creditCodeKey"]) {
            expect(text).not.toContain(secret);
          }
          const update = seen.history.find((entry) => entry.action === "LEAD_UPDATED")!;
          expect(update.after).toMatchObject({ phone: seen.phone, email: seen.email });
          expect(seen.phone).toMatch(/\*{4}/);
        }
      });
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect(await expectHistoryKeysDecided(database.handle.db)).toEqual(expect.arrayContaining(["phone", "phoneKey", "tier", "dueAt"]));
    });

    it("keeps when each lead was first assessed for the funnel, as its assessments say, a merged lead's included (issue 9)", async () => {
      const kept = await expectFunnelProgressKept(database.handle.db);
      expect(kept.assessedLeads).toBeGreaterThan(0);
    });

    it("leaves every open follow-up with its lead's owner and tier after assessments, overrides, reassignments and merges (issue 9)", async () => {
      expect(await expectOpenFollowUpsOfTheirLeads(database.handle.db)).toBeGreaterThan(0);
    });
  });
}
