import { createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";

// SOP section 2 (assessment and tiers), accepted over the GraphQL API.
// Friday 2026-11-27 16:00 in Shanghai; the next business days are Mon 30 Nov, Tue 1 Dec, ...
const NOW = new Date("2026-11-27T08:00:00.000Z");

const LEAD = `id tier computedTier tierOverride tierOverrideReason tierOverrideDisputed tierReasons assessmentIncomplete status
  latestAssessment { needUrgency budget decisionAuthority budgetAmount budgetCurrency note tier }
  nextFollowUp { kind channel dueAt }
  history { action actor { id } after }`;

interface LeadView {
  id: string;
  tier: string;
  computedTier: string;
  tierOverride: string | null;
  tierOverrideReason: string | null;
  tierOverrideDisputed: boolean;
  tierReasons: string[];
  assessmentIncomplete: boolean;
  status: string;
  latestAssessment: Record<string, unknown> | null;
  nextFollowUp: { kind: string; channel: string; dueAt: string } | null;
  history: { action: string; actor: { id: string } | null; after: Record<string, unknown> | null }[];
}

export function sop2AssessmentSuite(database: TestDatabase) {
  describe(`SOP section 2, assessment and tiers (${database.driver})`, () => {
    const api = startTestServer(database, { now: NOW });
    let rep: UserRow;
    let manager: UserRow;
    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
    });

    let n = 0;
    async function newLead(): Promise<LeadView> {
      n += 1;
      const res = await api.graphql<{ captureLead: { lead: LeadView } }>(
        `mutation($input: CaptureLeadInput!) { captureLead(input: $input) { lead { ${LEAD} } } }`,
        { input: { channel: "INDUSTRY_WEBSITE", companyName: `评估客户${n}有限公司`, contactName: "赵敏", email: `sop2-${n}@example.cn` } },
        { as: rep },
      );
      return res.data!.captureLead.lead;
    }
    const assess = async (leadId: string, input: Record<string, unknown>) =>
      api.graphql<{ assessLead: LeadView }>(`mutation($id: ID!, $input: AssessLeadInput!) { assessLead(leadId: $id, input: $input) { ${LEAD} } }`, { id: leadId, input }, { as: rep });

    it("SOP-2.1 rates need urgency, budget and decision authority, each HIGH, MEDIUM, LOW or UNKNOWN, with budget and note", async () => {
      const lead = await newLead();
      const res = await assess(lead.id, { needUrgency: "HIGH", budget: "MEDIUM", decisionAuthority: "UNKNOWN", budgetAmount: "30000000", note: "现有系统年底停止维护" });
      expect(res.data!.assessLead.latestAssessment).toEqual({
        needUrgency: "HIGH",
        budget: "MEDIUM",
        decisionAuthority: "UNKNOWN",
        budgetAmount: "30000000",
        budgetCurrency: "CNY",
        note: "现有系统年底停止维护",
        tier: "B",
      });
    });

    it.each([
      ["SOP-2.2", "all three HIGH", { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" }, "A", ["all three dimensions are HIGH"]],
      ["SOP-2.3", "need urgency LOW", { needUrgency: "LOW", budget: "HIGH", decisionAuthority: "HIGH" }, "C", ["need urgency is LOW"]],
      ["SOP-2.3", "budget LOW", { needUrgency: "HIGH", budget: "LOW", decisionAuthority: "HIGH" }, "C", ["budget is LOW"]],
      ["SOP-2.3", "decision authority LOW", { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "LOW" }, "C", ["decision authority is LOW"]],
      ["SOP-2.4", "a MEDIUM among HIGHs", { needUrgency: "HIGH", budget: "MEDIUM", decisionAuthority: "HIGH" }, "B", ["budget is MEDIUM"]],
      ["SOP-2.4", "all MEDIUM", { needUrgency: "MEDIUM", budget: "MEDIUM", decisionAuthority: "MEDIUM" }, "B", ["need urgency is MEDIUM", "budget is MEDIUM", "decision authority is MEDIUM"]],
    ])("%s %s gives tier %s with the reasons", async (_rule, _what, input, tier, reasons) => {
      const lead = await newLead();
      const res = await assess(lead.id, input);
      expect(res.data!.assessLead).toMatchObject({ tier, computedTier: tier, tierReasons: reasons, assessmentIncomplete: false, status: "WORKING" });
    });

    it("SOP-2.3 an UNKNOWN dimension counts as MEDIUM and the assessment is flagged incomplete", async () => {
      const lead = await newLead();
      const res = await assess(lead.id, { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "UNKNOWN" });
      expect(res.data!.assessLead).toMatchObject({ tier: "B", assessmentIncomplete: true, tierReasons: ["decision authority is UNKNOWN (counted as MEDIUM)"] });
    });

    it("SOP-2.3 a lead not yet assessed is planned as tier B and flagged incomplete", async () => {
      const lead = await newLead();
      expect(lead).toMatchObject({ tier: "B", assessmentIncomplete: true, status: "NEW", nextFollowUp: { kind: "FIRST_CONTACT", channel: "PHONE" } });
    });

    it.each([
      ["A", { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" }, { kind: "FIRST_CONTACT", channel: "PHONE", dueAt: "2026-11-28T08:00:00.000Z" }],
      ["B", { needUrgency: "MEDIUM", budget: "HIGH", decisionAuthority: "HIGH" }, { kind: "FIRST_CONTACT", channel: "PHONE", dueAt: "2026-12-02T15:59:59.999Z" }],
      ["C", { needUrgency: "LOW", budget: "HIGH", decisionAuthority: "HIGH" }, { kind: "FIRST_CONTACT", channel: "EMAIL", dueAt: "2026-12-04T15:59:59.999Z" }],
    ])("SOP-2.5 tier %s gets its own follow-up strategy", async (_tier, input, followUp) => {
      const lead = await newLead();
      const res = await assess(lead.id, input);
      expect(res.data!.assessLead.nextFollowUp).toEqual(followUp);
    });

    it("SOP-2.6 keeps every assessment as history; the latest decides the tier", async () => {
      const lead = await newLead();
      await assess(lead.id, { needUrgency: "LOW", budget: "LOW", decisionAuthority: "LOW" });
      const latest = await assess(lead.id, { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" });
      expect(latest.data!.assessLead.tier).toBe("A");
      const assessed = latest.data!.assessLead.history.filter((h) => h.action === "LEAD_ASSESSED");
      expect(assessed.map((h) => h.after!.tier)).toEqual(["C", "A"]);
      expect(assessed.every((h) => h.actor?.id === rep.id)).toBe(true);
    });

    it("SOP-2.6 a manager may override the computed tier with a reason, which is recorded", async () => {
      const lead = await newLead();
      await assess(lead.id, { needUrgency: "MEDIUM", budget: "MEDIUM", decisionAuthority: "MEDIUM" });
      const res = await api.graphql<{ overrideTier: LeadView }>(
        `mutation($id: ID!) { overrideTier(leadId: $id, tier: A, reason: "集团战略客户") { ${LEAD} } }`,
        { id: lead.id },
        { as: manager },
      );
      expect(res.data!.overrideTier).toMatchObject({ tier: "A", computedTier: "B", tierOverride: "A", tierOverrideReason: "集团战略客户" });
      const entry = res.data!.overrideTier.history.find((h) => h.action === "TIER_OVERRIDDEN")!;
      expect(entry).toMatchObject({ actor: { id: manager.id }, after: { tier: "A", tierOverride: "A", tierOverrideReason: "集团战略客户" } });
      const byRep = await api.graphql(`mutation($id: ID!) { overrideTier(leadId: $id, tier: C, reason: "x") { id } }`, { id: lead.id }, { as: rep });
      expect(byRep.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });
  });
}
