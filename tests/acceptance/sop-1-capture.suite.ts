import { createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";

// SOP section 1 (lead capture), accepted over the GraphQL API as a rep's client app uses it.
const NOW = new Date("2026-11-27T08:00:00.000Z");

const CAPTURE = `mutation($input: CaptureLeadInput!, $force: Boolean) {
  captureLead(input: $input, force: $force) {
    lead { id channel sourceDetail referredBy companyName contactName contactTitle phone email wechatId companySize
           businessScope currentProduct province city creditCode collectedOn status createdAt possibleDuplicates { leadId reasons } }
    duplicates { leadId reasons owner { displayName } lead { id } }
  }
}`;

type Lead = Record<string, unknown> & { id: string; possibleDuplicates: { leadId: string; reasons: string[] }[] };
interface Capture {
  captureLead: { lead: Lead | null; duplicates: { leadId: string; reasons: string[]; owner: { displayName: string }; lead: { id: string } | null }[] };
}

export function sop1CaptureSuite(database: TestDatabase) {
  describe(`SOP section 1, lead capture (${database.driver})`, () => {
    const api = startTestServer(database, { now: NOW });
    let rep: UserRow;
    let colleague: UserRow;
    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      colleague = await createUser(database.handle.db, { role: "REP", teamId: team.id });
    });
    const capture = (input: Record<string, unknown>, as: UserRow = rep, force = false) =>
      api.graphql<Capture>(CAPTURE, { input, force }, { as });

    it.each([
      ["INDUSTRY_WEBSITE", "中国制造网"],
      ["SOCIAL_MEDIA", "LinkedIn"],
      ["SEARCH_ENGINE", "百度推广"],
      ["INDUSTRY_FORUM", "智能制造论坛"],
      ["TRADE_SHOW", "2026 上海工博会"],
      ["SEMINAR", "数字化转型研讨会"],
      ["CHAMBER_EVENT", "上海总商会年会"],
    ])("SOP-1.1 records a lead from channel %s with its source detail", async (channel, sourceDetail) => {
      const res = await capture({ channel, sourceDetail, companyName: `${channel} 测试有限公司`, contactName: "李娜", email: `${channel.toLowerCase()}@sop11.cn` });
      expect(res.data!.captureLead.lead).toMatchObject({ channel, sourceDetail });
    });

    it.each(["PARTNER_REFERRAL", "CUSTOMER_REFERRAL"])("SOP-1.1 a %s lead must say who referred it", async (channel) => {
      const input = { channel, companyName: `${channel} 推荐公司`, contactName: "周杰", email: `${channel.toLowerCase()}@sop11.cn` };
      const missing = await capture(input);
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.referredBy" });
      const given = await capture({ ...input, referredBy: "老客户 宏达电子" });
      expect(given.data!.captureLead.lead).toMatchObject({ channel, referredBy: "老客户 宏达电子" });
    });

    it("SOP-1.2 keeps every field a lead holds", async () => {
      const input = {
        channel: "TRADE_SHOW",
        companyName: "恒信智能制造股份有限公司",
        contactName: "张伟",
        contactTitle: "采购经理",
        phone: "13812345678",
        email: "zhang.wei@hengxin.cn",
        wechatId: "zhangwei_hx",
        companySize: "MEDIUM",
        businessScope: "工业设备制造与销售",
        currentProduct: "用友 U8",
        province: "江苏",
        city: "苏州",
        creditCode: "91110108551385082Q",
        collectedOn: "2026-11-20",
      };
      const res = await capture(input);
      expect(res.errors).toBeUndefined();
      expect(res.data!.captureLead.lead).toMatchObject({ ...input, phone: "+8613812345678", status: "NEW" });
    });

    it.each([
      ["a phone number with spaces and a country code", { phone: "+86 138 1111 2222" }, { phone: "+8613811112222" }],
      ["a phone number with dashes", { phone: "138-1111-3333" }, { phone: "+8613811113333" }],
      ["an email in mixed case with spaces", { email: "  Wang.Fang@Example.COM " }, { email: "wang.fang@example.com" }],
      ["a credit code in lower case with a space", { creditCode: "91350100m000100y43 " }, { creditCode: "91350100M000100Y43" }],
      ["a company name with surrounding spaces", { companyName: "  瑞丰新材料有限公司 " }, { companyName: "瑞丰新材料有限公司" }],
    ])("SOP-1.3 normalises %s", async (_what, given, stored) => {
      const base = { channel: "SEMINAR", companyName: `归一化 ${Math.random()}`, contactName: "陈静", email: `n${Math.random()}@sop13.cn` };
      const res = await capture({ ...base, ...given }, rep, true);
      expect(res.errors).toBeUndefined();
      expect(res.data!.captureLead.lead).toMatchObject(stored);
    });

    it("SOP-1.3 a trade show's cards arrive in one batch import", async () => {
      const rows = Array.from({ length: 3 }, (_, i) => ({ rowId: `r${i}`, companyName: `展会客户${i}有限公司`, contactName: `客户${i}`, phone: `1390000100${i}` }));
      const res = await api.graphql<{ importLeads: { createdCount: number } }>(
        `mutation($rows: [ImportLeadRowInput!]!) { importLeads(batchId: "sop-1.3", rows: $rows, defaults: { channel: TRADE_SHOW, sourceDetail: "2026 工博会" }) { createdCount } }`,
        { rows },
        { as: rep },
      );
      expect(res.data!.importLeads.createdCount).toBe(3);
    });

    it.each([
      ["the same email", { email: "dup.email@sop14.cn" }, { email: "DUP.EMAIL@sop14.cn" }, ["EMAIL"]],
      ["the same phone", { phone: "13900001111" }, { phone: "+86 139-0000-1111" }, ["PHONE"]],
      ["the same company after normalisation", { companyName: "华鼎物流有限公司" }, { companyName: "华鼎物流 有限公司" }, ["COMPANY_NAME"]],
    ])("SOP-1.4 detects %s, says so instead of creating, and may force-create", async (_what, first, second, reasons) => {
      const base = (extra: Record<string, unknown>) => ({
        channel: "SOCIAL_MEDIA",
        companyName: `重复检测 ${Math.random()}`,
        contactName: "刘洋",
        email: `u${Math.random()}@sop14.cn`,
        ...extra,
      });
      const original = (await capture(base(first), colleague)).data!.captureLead.lead!;
      const res = await capture(base(second));
      expect(res.data!.captureLead.lead).toBeNull();
      expect(res.data!.captureLead.duplicates).toEqual([
        { leadId: original.id, reasons, owner: { displayName: colleague.displayName }, lead: null },
      ]);
      const forced = await capture(base(second), rep, true);
      expect(forced.data!.captureLead.lead!.possibleDuplicates).toEqual([{ leadId: original.id, reasons }]);
    });

    it("SOP-1.4 merging makes the two leads one", async () => {
      const a = (await capture({ channel: "SEMINAR", companyName: "金桥科技有限公司", contactName: "杨磊", phone: "13700002222" })).data!.captureLead.lead!;
      const b = (await capture({ channel: "PARTNER_REFERRAL", referredBy: "华信集成", companyName: "金桥科技", contactName: "杨磊", email: "yang@jinqiao.cn" }, rep, true)).data!.captureLead.lead!;
      const merged = await api.graphql<{ mergeLeads: { id: string; phone: string; email: string } }>(
        `mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { id phone email } }`,
        { keep: a.id, merge: b.id },
        { as: rep },
      );
      expect(merged.data!.mergeLeads).toEqual({ id: a.id, phone: "+8613700002222", email: "yang@jinqiao.cn" });
    });
  });
}
