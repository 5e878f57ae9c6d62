import { COMPLETE_PARTS, createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";
import { PipelineClient } from "../support/pipeline-client.ts";

// SOP section 5 (sales proposal), accepted over the GraphQL API. Friday 27 Nov 2026, 10:00 in
// Shanghai; the clock moves by hours as the proposal goes from hand to hand.
const START = "2026-11-27T02:00:00.000Z";

const PARTS = [
  ["NEEDS_ANALYSIS", "needsAnalysis"],
  ["SOLUTION", "solution"],
  ["PRODUCT_INTRODUCTION", "productIntroduction"],
  ["IMPLEMENTATION_PLAN", "implementationPlan"],
  ["PRICING", "pricing"],
  ["RISKS", "risks"],
] as const;

function without(field: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(COMPLETE_PARTS).filter(([key]) => key !== field));
}

export function sop5ProposalSuite(database: TestDatabase) {
  describe(`SOP section 5, sales proposal (${database.driver})`, () => {
    const clock = new TestClock(START);
    const api = startTestServer(database, { now: clock.now });
    const client = new PipelineClient(api);
    let rep: UserRow;
    let manager: UserRow;
    let finance: UserRow;
    let technical: UserRow;
    let otherReviewer: UserRow;
    let otherManager: UserRow;
    beforeAll(async () => {
      const db = database.handle.db;
      const team = await createTeam(db);
      const otherTeam = await createTeam(db);
      rep = await createUser(db, { role: "REP", teamId: team.id });
      manager = await createUser(db, { role: "MANAGER", teamId: team.id });
      finance = await createUser(db, { role: "REVIEWER", teamId: team.id });
      technical = await createUser(db, { role: "REVIEWER", teamId: team.id });
      otherReviewer = await createUser(db, { role: "REVIEWER", teamId: team.id });
      otherManager = await createUser(db, { role: "MANAGER", teamId: otherTeam.id });
    });

    it("SOP-5.1 starting the proposal moves the opportunity to PROPOSAL at once, recorded with who and when", async () => {
      clock.set(START);
      const opportunity = await client.newOpportunity(rep);
      clock.set("2026-11-27T02:10:00.000Z");
      const proposal = await client.createProposal(rep, opportunity.id);
      expect(proposal).toMatchObject({ editable: true, versions: [], opportunity: { id: opportunity.id, stage: "PROPOSAL" } });

      const read = await client.opportunity(manager, opportunity.id);
      expect(read!.stage).toBe("PROPOSAL");
      expect(read!.stageHistory.map(({ fromStage, toStage, at, actor }) => ({ fromStage, toStage, at, actor }))).toEqual([
        { fromStage: null, toStage: "OPPORTUNITY", at: START, actor: { id: rep.id } },
        { fromStage: "OPPORTUNITY", toStage: "PROPOSAL", at: "2026-11-27T02:10:00.000Z", actor: { id: rep.id } },
      ]);
    });

    it("SOP-5.2 an empty draft misses all six parts; submitting it is refused, listing every one, and freezes nothing", async () => {
      clock.set(START);
      const proposal = await client.createProposal(rep, (await client.newOpportunity(rep)).id);
      expect(proposal.missingParts.map((m) => m.part)).toEqual(PARTS.map(([part]) => part));

      const refused = await client.submitProposalAttempt(rep, proposal.id);
      expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect((refused.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field)).toEqual(PARTS.map(([, field]) => field));
      expect(await client.proposal(rep, proposal.id)).toMatchObject({ versions: [], editable: true, opportunity: { stage: "PROPOSAL" } });
    });

    it.each(PARTS)("SOP-5.2 a proposal without %s cannot be submitted; the refusal names %s", async (part, field) => {
      clock.set(START);
      const draft = await client.createProposal(rep, (await client.newOpportunity(rep)).id);
      const saved = await client.updateProposal(rep, draft, without(field));
      expect(saved.missingParts).toEqual([{ part, reason: expect.stringMatching(/is missing$/) }]);

      const refused = await client.submitProposalAttempt(rep, saved.id);
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect((await client.proposal(rep, saved.id))!.versions).toEqual([]);
    });

    it("SOP-5.2 a part written only in part blocks submission too, saying what it lacks", async () => {
      clock.set(START);
      const draft = await client.createProposal(rep, (await client.newOpportunity(rep)).id);
      const risks = { risks: [{ risk: "需求变更", likelihood: "HIGH", impact: "MEDIUM", countermeasure: "" }] };
      const saved = await client.updateProposal(rep, draft, { ...COMPLETE_PARTS, risks });
      expect(saved.missingParts).toEqual([{ part: "RISKS", reason: expect.stringMatching(/countermeasure/) }]);
      expect((await client.submitProposalAttempt(rep, saved.id)).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "risks" });
    });

    it("SOP-5.2 prices are computed in integer fen: each line's discount and VAT rounded half-up, totals the sum of the lines", async () => {
      clock.set(START);
      const draft = await client.createProposal(rep, (await client.newOpportunity(rep)).id);
      // 2 × ¥12,345.90 at 2.5 % off: discount 61,729.5 fen → 61,730; VAT 13 % on 2,407,450 = 312,968.5 → 312,969.
      const gateway = { quantity: 2, unitPrice: { amount: "1234590", currency: "CNY" }, discountBasisPoints: 250, vatRateBasisPoints: 1300, pricesIncludeVat: false };
      // ¥50,000.00 of service with 6 % VAT included: VAT = 5,000,000 × 600 / 10,600 = 283,018.87 → 283,019.
      const service = { product: "实施服务", quantity: 1, unitPrice: { amount: "5000000", currency: "CNY" }, discountBasisPoints: 0, vatRateBasisPoints: 600, pricesIncludeVat: true };
      const pricing = { ...COMPLETE_PARTS.pricing, lines: [{ product: "边缘网关", ...gateway }, { product: "备用网关", ...gateway }, service] };
      const saved = await client.updateProposal(rep, draft, { ...COMPLETE_PARTS, pricing });

      const amounts = (line: Record<string, unknown>) =>
        Object.fromEntries(Object.entries(line).filter(([key]) => key !== "product").map(([key, value]) => [key, (value as { amount: string }).amount]));
      expect(saved.content.pricing!.lines.map(amounts)).toEqual([
        { gross: "2469180", discount: "61730", net: "2407450", vat: "312969", totalWithoutVat: "2407450", totalWithVat: "2720419" },
        { gross: "2469180", discount: "61730", net: "2407450", vat: "312969", totalWithoutVat: "2407450", totalWithVat: "2720419" },
        { gross: "5000000", discount: "0", net: "5000000", vat: "283019", totalWithoutVat: "4716981", totalWithVat: "5000000" },
      ]);
      // Rounded per line, the two gateway lines give 1 fen more discount and VAT than rounding their sum would.
      expect(saved.content.pricing!.totals).toEqual({
        gross: { amount: "9938360" },
        discount: { amount: "123460" },
        totalWithoutVat: { amount: "9531881" },
        vat: { amount: "908957" },
        totalWithVat: { amount: "10440838" },
      });
      expect(saved.missingParts).toEqual([]);
    });

    it("SOP-5.3 the manager picks the departments; each reviewer approves or requests changes with comments tied to parts", async () => {
      clock.set(START);
      const { version } = await client.submittedProposal(rep);
      expect(version).toMatchObject({ number: 1, status: "SUBMITTED" });
      const departments = ["FINANCE", "TECHNICAL"];
      const reviewers = [finance.id, technical.id];
      const refused = await client.attempt(rep, `mutation($id: ID!, $d: [ReviewDepartment!]!, $r: [ID!]!) { startReview(proposalVersionId: $id, departments: $d, reviewerIds: $r) { id } }`, {
        id: version.id,
        d: departments,
        r: reviewers,
      });
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

      const [financeReview, technicalReview] = await client.startReview(manager, version.id, departments, reviewers);
      expect([financeReview, technicalReview].map((r) => [r!.department, r!.reviewer.id, r!.verdict])).toEqual([
        ["FINANCE", finance.id, null],
        ["TECHNICAL", technical.id, null],
      ]);
      // Each reviewer's queue holds their own review of the version, and nothing else.
      expect((await client.reviewQueue(finance)).map((r) => [r.id, r.version!.id])).toEqual([[financeReview!.id, version.id]]);
      expect((await client.reviewQueue(technical)).map((r) => [r.id, r.version!.id])).toEqual([[technicalReview!.id, version.id]]);
      expect(await client.reviewQueue(otherReviewer)).toEqual([]);
      expect((await client.submitReviewAttempt(otherReviewer, financeReview!.id, "APPROVE")).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "reviewId" });

      clock.set("2026-11-27T04:00:00.000Z");
      const comments = [
        { part: "PRICING", text: "质保金比例应提高到 10%" },
        { part: "RISKS", text: "补充汇率风险" },
      ];
      const changes = await client.submitReview(finance, financeReview!.id, "REQUEST_CHANGES", comments);
      expect(changes).toMatchObject({ verdict: "REQUEST_CHANGES", comments, submittedAt: "2026-11-27T04:00:00.000Z" });
      const approval = await client.submitReview(technical, technicalReview!.id, "APPROVE");
      expect(approval).toMatchObject({ verdict: "APPROVE", comments: [] });
      expect(await client.reviewQueue(finance)).toEqual([]);

      // The manager reads every department's verdict and comments, and the version waits for the decision.
      const read = await client.call<{ proposalVersion: { status: string; reviews: { department: string; verdict: string; comments: { part: string; text: string }[] }[] } }>(
        manager,
        `query($id: ID!) { proposalVersion(id: $id) { status reviews { department verdict comments { part text } } } }`,
        { id: version.id },
      );
      expect(read.proposalVersion).toEqual({
        status: "IN_REVIEW",
        reviews: [
          { department: "FINANCE", verdict: "REQUEST_CHANGES", comments },
          { department: "TECHNICAL", verdict: "APPROVE", comments: [] },
        ],
      });
      const pending = await client.call<{ pendingDecisions: { version: { id: string } }[] }>(manager, `query($team: ID!) { pendingDecisions(teamId: $team) { version { id } } }`, {
        team: rep.teamId,
      });
      expect(pending.pendingDecisions.map((p) => p.version.id)).toContain(version.id);
    });

    it("SOP-5.3 the manager decides only once every review is in", async () => {
      clock.set(START);
      const { version } = await client.submittedProposal(rep);
      const [review] = await client.startReview(manager, version.id, ["LEGAL"], [finance.id]);
      const early = await client.decideAttempt(manager, version.id, "APPROVE");
      expect(early.errors?.[0]?.extensions?.code).toBe("CONFLICT");
      expect(early.errors?.[0]?.message).toMatch(/LEGAL/);
      await client.submitReview(finance, review!.id, "APPROVE");
      expect((await client.decide(manager, version.id, "APPROVE")).status).toBe("APPROVED");
    });

    it("SOP-5.3 the manager's pending decisions come longest waiting first, a version waiting from its last review, not its submission", async () => {
      const newTeam = await createTeam(database.handle.db);
      const teamRep = await createUser(database.handle.db, { role: "REP", teamId: newTeam.id });
      const teamManager = await createUser(database.handle.db, { role: "MANAGER", teamId: newTeam.id });
      const teamReviewer = await createUser(database.handle.db, { role: "REVIEWER", teamId: newTeam.id });
      clock.set("2026-11-27T01:00:00.000Z");
      const reviewed = (await client.submittedProposal(teamRep)).version;
      const [review] = await client.startReview(teamManager, reviewed.id, ["FINANCE"], [teamReviewer.id]);
      clock.set("2026-11-27T02:00:00.000Z");
      const unreviewed = (await client.submittedProposal(teamRep)).version;
      const pending = (first: number) =>
        client.call<{ pendingDecisions: { version: { id: string }; waitingSince: string; waitedMs: number }[] }>(
          teamManager,
          `query($team: ID!, $first: Int!) { pendingDecisions(teamId: $team, first: $first) { version { id } waitingSince waitedMs } }`,
          { team: newTeam.id, first },
        );
      // A version with a review still out waits for the reviewer, not the manager.
      expect((await pending(10)).pendingDecisions.map((p) => p.version.id)).toEqual([unreviewed.id]);
      clock.set("2026-11-27T03:00:00.000Z");
      await client.submitReview(teamReviewer, review!.id, "APPROVE");

      clock.set("2026-11-27T04:00:00.000Z");
      expect((await pending(10)).pendingDecisions).toEqual([
        { version: { id: unreviewed.id }, waitingSince: "2026-11-27T02:00:00.000Z", waitedMs: 2 * 3_600_000 },
        { version: { id: reviewed.id }, waitingSince: "2026-11-27T03:00:00.000Z", waitedMs: 3_600_000 },
      ]);
      expect((await pending(1)).pendingDecisions.map((p) => p.version.id)).toEqual([unreviewed.id]);
      const tooMany = await client.attempt(teamManager, `query($team: ID!) { pendingDecisions(teamId: $team, first: 501) { waitedMs } }`, { team: newTeam.id });
      expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });

      // The reviewer's queue, too, is worked from its oldest end.
      const [older] = await client.startReview(teamManager, unreviewed.id, ["FINANCE"], [teamReviewer.id]);
      clock.set("2026-11-27T05:00:00.000Z");
      const [newer] = await client.startReview(teamManager, (await client.submittedProposal(teamRep)).version.id, ["LEGAL"], [teamReviewer.id]);
      const queue = async (first: number) =>
        (await client.call<{ reviewQueue: { id: string }[] }>(teamReviewer, `query($first: Int!) { reviewQueue(first: $first) { id } }`, { first })).reviewQueue.map((r) => r.id);
      expect(await queue(10)).toEqual([older!.id, newer!.id]);
      expect(await queue(1)).toEqual([older!.id]);
    });

    it("SOP-5.3 an approval needs at least one department's review; a proposal plainly not ready may be returned without one", async () => {
      clock.set(START);
      const { version } = await client.submittedProposal(rep);
      const refused = await client.decideAttempt(manager, version.id, "APPROVE");
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });
      expect(refused.errors?.[0]?.message).toBe("An approval needs at least one department's review first (SOP-5.3): start a review");
      expect((await client.decide(manager, version.id, "RETURN_FOR_REVISION", "需求分析不充分")).status).toBe("RETURNED");
    });

    it.each([
      ["APPROVE", null, "APPROVED", "IN_REVIEW", false],
      ["REJECT", "价格超出客户预算", "REJECTED", "OPPORTUNITY", true],
      ["RETURN_FOR_REVISION", "按财务意见调整质保金", "RETURNED", "PROPOSAL", true],
    ])("SOP-5.3 the manager decides %s: the version is marked and the opportunity moves", async (decision, note, status, stage, editable) => {
      clock.set(START);
      const { opportunityId, version } = await client.submittedProposal(rep);
      const [review] = await client.startReview(manager, version.id, ["FINANCE"], [finance.id]);
      await client.submitReview(finance, review!.id, decision === "APPROVE" ? "APPROVE" : "REQUEST_CHANGES", [{ part: "PRICING", text: "折扣过高" }]);

      expect((await client.decideAttempt(rep, version.id, decision, note)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect((await client.decideAttempt(otherManager, version.id, decision, note)).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "proposalVersionId" });

      clock.set("2026-11-27T06:00:00.000Z");
      const decided = await client.decide(manager, version.id, decision, note);
      expect(decided).toMatchObject({ status, decisionNote: note, proposal: { editable, opportunity: { stage } } });
      const opportunity = await client.opportunity(rep, opportunityId);
      expect(opportunity!.stage).toBe(stage);
      const last = opportunity!.stageHistory.at(-1)!;
      if (stage === "IN_REVIEW") expect(last).toMatchObject({ toStage: "IN_REVIEW", actor: { id: rep.id } });
      else expect(last).toMatchObject({ fromStage: "IN_REVIEW", toStage: stage, at: "2026-11-27T06:00:00.000Z", actor: { id: manager.id } });
    });

    it("SOP-5.4 every submission is an immutable version; after a return the rep revises and resubmits version 2, and the reviewer sees what changed since theirs", async () => {
      clock.set(START);
      const { proposal, version: first } = await client.submittedProposal(rep);
      const [review] = await client.startReview(manager, first.id, ["FINANCE"], [finance.id]);
      // While in review the draft cannot be changed, nor submitted again.
      expect((await client.updateProposalAttempt(rep, proposal, { solution: { summary: "改", configuration: "改" } })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
      expect((await client.submitProposalAttempt(rep, proposal.id)).errors?.[0]?.extensions?.code).toBe("CONFLICT");

      clock.set("2026-11-27T03:00:00.000Z");
      await client.submitReview(finance, review!.id, "REQUEST_CHANGES", [{ part: "PRICING", text: "网关数量应为 12 台" }]);
      clock.set("2026-11-27T04:00:00.000Z");
      await client.decide(manager, first.id, "RETURN_FOR_REVISION", "按财务意见修改");

      clock.set("2026-11-27T05:00:00.000Z");
      const [gateway, service] = COMPLETE_PARTS.pricing.lines;
      const revised = await client.updateProposal(rep, (await client.proposal(rep, proposal.id))!, {
        pricing: { ...COMPLETE_PARTS.pricing, lines: [{ ...gateway!, quantity: 12 }, service!] },
      });
      const second = await client.submitProposal(rep, revised.id);
      expect(second).toMatchObject({ number: 2, status: "SUBMITTED", submittedAt: "2026-11-27T05:00:00.000Z" });
      expect((await client.proposal(rep, proposal.id))!.versions.map((v) => [v.id, v.number, v.status])).toEqual([
        [first.id, 1, "RETURNED"],
        [second.id, 2, "SUBMITTED"],
      ]);
      // Version 1 keeps what was submitted, and its decision cannot change.
      const v1 = await client.call<{ proposalVersion: { status: string; content: { pricing: { lines: { quantity: number }[] } } } }>(
        rep,
        `query($id: ID!) { proposalVersion(id: $id) { status content { pricing { lines { quantity } } } } }`,
        { id: first.id },
      );
      expect(v1.proposalVersion).toEqual({ status: "RETURNED", content: { pricing: { lines: [{ quantity: 10 }, { quantity: 1 }] } } });
      expect((await client.decideAttempt(manager, first.id, "APPROVE")).errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });

      // The same reviewer gets version 2 and sees what changed since the version they reviewed.
      await client.startReview(manager, second.id, ["FINANCE"], [finance.id]);
      expect((await client.reviewQueue(finance)).map((r) => r.version)).toEqual([{ id: second.id, number: 2 }]);
      const diff = await client.diff(finance, second.id, first.id);
      expect(diff.filter((p) => p.changed).map((p) => p.part)).toEqual(["PRICING"]);
      expect(diff.find((p) => p.part === "PRICING")!.changes).toEqual([{ path: "pricing.lines[0].quantity", before: 10, after: 12 }]);
      expect(diff.map((p) => p.part).sort()).toEqual(PARTS.map(([part]) => part).sort());
    });
  });
}
