import { COMPLETE_PARTS, COMPLETE_PREP, DEMO_PASSWORD, seedDemoData, startTestServer, type TestDatabase } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";
import { PipelineClient, type VersionView } from "../support/pipeline-client.ts";

/**
 * Issue 4's story, end to end over HTTP with the seeded demo users, each signed in with `login`
 * as a client app would: a rep turns a lead with a price question into an opportunity, writes
 * the six-part proposal and submits it; the manager sends it to finance, whose reviewer (created
 * by the admin) asks for changes to the pricing; the manager returns it, the rep revises and
 * resubmits, the reviewer sees what changed and approves, the manager approves; the rep prepares,
 * negotiates and signs at the floor: WON. A second lead is lost to a competitor.
 */
export function pipelineStorySuite(database: TestDatabase) {
  describe(`the pipeline story over HTTP (${database.driver})`, () => {
    const clock = new TestClock("2026-11-27T02:00:00.000Z"); // Friday 10:00 in Shanghai
    const api = startTestServer(database, { now: clock.now });
    const client = new PipelineClient(api);
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      await database.truncateAll();
      await seedDemoData(database.handle.db, { leadCount: 200, now: clock.now() });
    });

    /** The user's token, logged in once with their password, as a client app keeps it. */
    async function tokenOf(email: string, password = DEMO_PASSWORD): Promise<string> {
      if (!tokens.has(email)) {
        const res = await api.graphql<{ login: { token: string } }>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password });
        if (res.errors) throw new Error(`${email} could not log in: ${JSON.stringify(res.errors)}`);
        tokens.set(email, res.data!.login.token);
      }
      return tokens.get(email)!;
    }
    const later = (minutes: number) => clock.set(new Date(clock.now().getTime() + minutes * 60_000).toISOString());

    const REP = "rep1.east@demo.example.com";
    const MANAGER = "manager.east@demo.example.com";
    const ANALYST = "analyst@demo.example.com";
    const ADMIN = "admin@demo.example.com";
    const REVIEWER = "finance.east@demo.example.com";
    const REVIEWER_PASSWORD = "finance-review-2026";
    let teamId = "";
    let reviewerId = "";
    let leadId = "";
    let opportunityId = "";
    let proposal = { id: "", version: 0 };
    let first: VersionView;
    let second: VersionView;

    it("the admin creates a finance reviewer for the east team, who logs in and sees an empty review queue", async () => {
      const manager = await client.call<{ viewer: { role: string; team: { id: string; name: string } } }>(await tokenOf(MANAGER), `{ viewer { role team { id name } } }`);
      expect(manager.viewer).toMatchObject({ role: "MANAGER", team: { name: "华东大区 East China" } });
      teamId = manager.viewer.team.id;

      const created = await client.call<{ createUser: { id: string; role: string; team: { id: string } } }>(
        await tokenOf(ADMIN),
        `mutation($input: CreateUserInput!) { createUser(input: $input) { id role team { id } } }`,
        { input: { email: REVIEWER, displayName: "财务部 王审核", password: REVIEWER_PASSWORD, role: "REVIEWER", teamId } },
      );
      expect(created.createUser).toMatchObject({ role: "REVIEWER", team: { id: teamId } });
      reviewerId = created.createUser.id;

      const reviewer = await tokenOf(REVIEWER, REVIEWER_PASSWORD);
      expect((await client.call<{ viewer: { id: string; role: string } }>(reviewer, `{ viewer { id role } }`)).viewer).toEqual({ id: reviewerId, role: "REVIEWER" });
      expect(await client.reviewQueue(reviewer)).toEqual([]);
    });

    it("SOP-4 a rep captures a lead and records a price question on its first follow-up; the lead is suggested as an opportunity", async () => {
      const rep = await tokenOf(REP);
      const lead = await client.capture(rep, { channel: "TRADE_SHOW", sourceDetail: "2026 上海工博会", companyName: "明远精密机械有限公司", contactName: "郑伟" });
      leadId = lead.id;
      later(30);
      const done = await client.complete(rep, lead.nextFollowUp.id, ["PRICE_OR_PROCESS_QUESTION"]);
      expect(done.completed).toMatchObject({ status: "DONE", signals: ["PRICE_OR_PROCESS_QUESTION"] });

      const suggestions = await client.suggestions(rep);
      expect(suggestions.find((s) => s.lead.id === leadId)).toMatchObject({ signals: ["PRICE_OR_PROCESS_QUESTION"] });
    });

    it("SOP-4.3/5.1/5.2 the rep opens the opportunity, writes the six parts and submits version 1", async () => {
      const rep = await tokenOf(REP);
      later(30);
      const opened = await client.openOpportunity(rep, leadId, { name: "明远 预测性维护", estimatedValue: { amount: "106000000", currency: "CNY" }, expectedCloseOn: "2027-01-29" });
      expect(opened).toMatchObject({ stage: "OPPORTUNITY", lead: { id: leadId, status: "CONVERTED" }, signals: ["PRICE_OR_PROCESS_QUESTION"] });
      opportunityId = opened.id;

      const draft = await client.createProposal(rep, opportunityId);
      expect(draft.opportunity.stage).toBe("PROPOSAL");
      expect(draft.missingParts).toHaveLength(6);
      const complete = await client.updateProposal(rep, draft, COMPLETE_PARTS);
      expect(complete.missingParts).toEqual([]);
      expect(complete.content.pricing!.totals!.totalWithVat).toEqual({ amount: "6073500" });
      proposal = complete;

      later(60);
      first = await client.submitProposal(rep, proposal.id);
      expect(first).toMatchObject({ number: 1, status: "SUBMITTED" });
      expect((await client.opportunity(rep, opportunityId))!.stage).toBe("IN_REVIEW");
    });

    it("SOP-5.3 the manager sends version 1 to finance; the reviewer requests changes on the pricing; the manager returns it", async () => {
      const manager = await tokenOf(MANAGER);
      const reviewer = await tokenOf(REVIEWER, REVIEWER_PASSWORD);
      const waiting = await client.call<{ pendingDecisions: { version: { id: string } }[] }>(manager, `query($t: ID!) { pendingDecisions(teamId: $t) { version { id } } }`, { t: teamId });
      expect(waiting.pendingDecisions.map((p) => p.version.id)).toContain(first.id);

      later(15);
      const [review] = await client.startReview(manager, first.id, ["FINANCE"], [reviewerId]);
      later(45);
      const queue = await client.reviewQueue(reviewer);
      expect(queue).toEqual([expect.objectContaining({ id: review!.id, department: "FINANCE", version: { id: first.id, number: 1 }, waitedMs: 45 * 60_000 })]);
      await client.submitReview(reviewer, review!.id, "REQUEST_CHANGES", [{ part: "PRICING", text: "网关数量应按 12 台报价" }]);

      later(30);
      // The manager sees how long the version has waited since the last review came in.
      const decidable = await client.call<{ pendingDecisions: { version: { id: string }; waitedMs: number }[] }>(manager, `query($t: ID!) { pendingDecisions(teamId: $t) { version { id } waitedMs } }`, { t: teamId });
      expect(decidable.pendingDecisions.find((p) => p.version.id === first.id)?.waitedMs).toBe(30 * 60_000);
      const returned = await client.decide(manager, first.id, "RETURN_FOR_REVISION", "按财务意见修改报价");
      expect(returned).toMatchObject({ status: "RETURNED", decisionNote: "按财务意见修改报价", proposal: { editable: true, opportunity: { stage: "PROPOSAL" } } });
    });

    it("SOP-5.4 the rep reads the comments, revises the pricing and resubmits version 2; the reviewer sees what changed since version 1", async () => {
      const rep = await tokenOf(REP);
      const manager = await tokenOf(MANAGER);
      const reviewer = await tokenOf(REVIEWER, REVIEWER_PASSWORD);
      const comments = await client.call<{ proposalVersion: { reviews: { department: string; verdict: string; comments: { part: string; text: string }[] }[] } }>(
        rep,
        `query($id: ID!) { proposalVersion(id: $id) { reviews { department verdict comments { part text } } } }`,
        { id: first.id },
      );
      expect(comments.proposalVersion.reviews).toEqual([{ department: "FINANCE", verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "网关数量应按 12 台报价" }] }]);

      later(60);
      const current = (await client.proposal(rep, proposal.id))!;
      const [gateway, service] = COMPLETE_PARTS.pricing.lines;
      const revised = await client.updateProposal(rep, current, { pricing: { ...COMPLETE_PARTS.pricing, lines: [{ ...gateway!, quantity: 12 }, service!] } });
      second = await client.submitProposal(rep, revised.id);
      expect(second).toMatchObject({ number: 2, status: "SUBMITTED" });

      later(10);
      await client.startReview(manager, second.id, ["FINANCE"], [reviewerId]);
      const queue = await client.reviewQueue(reviewer);
      expect(queue.map((r) => r.version)).toEqual([{ id: second.id, number: 2 }]);
      const diff = await client.diff(reviewer, second.id, first.id);
      expect(diff.filter((part) => part.changed)).toEqual([{ part: "PRICING", changed: true, changes: [{ path: "pricing.lines[0].quantity", before: 10, after: 12 }] }]);
    });

    it("SOP-5.3 the reviewer approves version 2 and the manager approves it", async () => {
      const manager = await tokenOf(MANAGER);
      const reviewer = await tokenOf(REVIEWER, REVIEWER_PASSWORD);
      later(20);
      const [review] = await client.reviewQueue(reviewer);
      await client.submitReview(reviewer, review!.id, "APPROVE", [{ part: "PRICING", text: "数量已更正" }]);
      expect(await client.reviewQueue(reviewer)).toEqual([]);
      later(20);
      const approved = await client.decide(manager, second.id, "APPROVE");
      expect(approved).toMatchObject({ status: "APPROVED", proposal: { editable: false, versions: [{ number: 1, status: "RETURNED" }, { number: 2, status: "APPROVED" }] } });
    });

    it("SOP-6 the rep prepares and negotiates; the floor is the owner's and the manager's only; a contract at the floor wins", async () => {
      const rep = await tokenOf(REP);
      later(60);
      const prepared = await client.prepare(rep, opportunityId);
      expect(prepared.negotiationPrep).toEqual({ gaps: [], priceFloor: COMPLETE_PREP.priceFloor });
      later(30);
      expect(await client.startNegotiation(rep, opportunityId)).toMatchObject({ stage: "NEGOTIATION", priceFloor: COMPLETE_PREP.priceFloor });
      expect((await client.opportunity(await tokenOf(MANAGER), opportunityId))!.priceFloor).toEqual(COMPLETE_PREP.priceFloor);
      expect(await client.opportunity(await tokenOf(ANALYST), opportunityId)).toMatchObject({ stage: "NEGOTIATION", priceFloor: null, negotiationPrep: { priceFloor: null } });

      later(60);
      const won = await client.recordContract(rep, opportunityId, COMPLETE_PREP.priceFloor.amount, "2026-11-27", "30% 预付，40% 到货，20% 验收，10% 质保金");
      expect(won).toMatchObject({ stage: "WON", contract: { amount: COMPLETE_PREP.priceFloor, signedOn: "2026-11-27", awaitsApproval: false } });

      const history = await client.call<{ opportunity: { stageHistory: { fromStage: string | null; toStage: string; actor: { email: string } }[] } }>(
        await tokenOf(MANAGER),
        `query($id: ID!) { opportunity(id: $id) { stageHistory { fromStage toStage actor { email } } } }`,
        { id: opportunityId },
      );
      expect(history.opportunity.stageHistory.map((s) => [s.fromStage, s.toStage, s.actor.email])).toEqual([
        [null, "OPPORTUNITY", REP],
        ["OPPORTUNITY", "PROPOSAL", REP],
        ["PROPOSAL", "IN_REVIEW", REP],
        ["IN_REVIEW", "PROPOSAL", MANAGER],
        ["PROPOSAL", "IN_REVIEW", REP],
        ["IN_REVIEW", "NEGOTIATION", REP],
        ["NEGOTIATION", "WON", REP],
      ]);

      // Every step left its audit event on the lead's history, in order, with who did it.
      const trail = await client.call<{ lead: { history: { action: string; actor: { email: string } | null }[] } }>(
        await tokenOf(MANAGER),
        `query($id: ID!) { lead(id: $id) { history { action actor { email } } } }`,
        { id: leadId },
      );
      const pipelineSteps = trail.lead.history.filter((event) => /^(OPPORTUNITY_OPENED|PROPOSAL_|REVIEW_|NEGOTIATION_|CONTRACT_)/.test(event.action));
      expect(pipelineSteps.map((event) => [event.action, event.actor?.email])).toEqual([
        ["OPPORTUNITY_OPENED", REP],
        ["PROPOSAL_CREATED", REP],
        ["PROPOSAL_UPDATED", REP],
        ["PROPOSAL_SUBMITTED", REP],
        ["REVIEW_STARTED", MANAGER],
        ["REVIEW_SUBMITTED", REVIEWER],
        ["PROPOSAL_DECIDED", MANAGER],
        ["PROPOSAL_UPDATED", REP],
        ["PROPOSAL_SUBMITTED", REP],
        ["REVIEW_STARTED", MANAGER],
        ["REVIEW_SUBMITTED", REVIEWER],
        ["PROPOSAL_DECIDED", MANAGER],
        ["NEGOTIATION_PREP_SAVED", REP],
        ["CONTRACT_RECORDED", REP],
      ]);
    });

    it("SOP-6.3 a second lead is opened and lost to a competitor, with the reason and a note", async () => {
      const rep = await tokenOf(REP);
      const lead = await client.capture(rep, { channel: "CUSTOMER_REFERRAL", referredBy: "明远精密", companyName: "恒通自动化设备有限公司", contactName: "钱磊" });
      await client.complete(rep, lead.nextFollowUp.id, ["SPECIFIC_NEED", "COMPETITION_PRESSURE"]);
      const opened = await client.openOpportunity(rep, lead.id, { name: "恒通 产线改造" });
      later(30);
      const lost = await client.markLostAttempt(rep, opened.id, "COMPETITOR", "客户选择了竞品，价格低 15%");
      expect(lost.errors).toBeUndefined();
      expect(lost.data!.markLost).toMatchObject({ stage: "LOST", lossReason: "COMPETITOR", lossNote: "客户选择了竞品，价格低 15%" });
      expect(lost.data!.markLost.stageHistory.map((s) => s.toStage)).toEqual(["OPPORTUNITY", "LOST"]);

      const pipeline = await client.call<{ opportunities: { edges: { node: { id: string; stage: string; lossReason: string } }[] } }>(
        await tokenOf(MANAGER),
        `{ opportunities(first: 200, filter: { stage: [WON, LOST] }) { edges { node { id stage lossReason } } } }`,
      );
      const outcomes = new Map(pipeline.opportunities.edges.map((e) => [e.node.id, e.node]));
      expect(outcomes.get(opportunityId)).toMatchObject({ stage: "WON" });
      expect(outcomes.get(opened.id)).toMatchObject({ stage: "LOST", lossReason: "COMPETITOR" });
    });
  });
}
