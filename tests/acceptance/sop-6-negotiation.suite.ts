import { COMPLETE_PARTS, COMPLETE_PREP, createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";
import { PipelineClient } from "../support/pipeline-client.ts";

// SOP section 6 (negotiation and contract) and sop.md's "Pipeline stages", accepted over the
// GraphQL API. Friday 27 Nov 2026, 10:00 in Shanghai; contracts are signed on Thursday 26 Nov.
const START = "2026-11-27T02:00:00.000Z";
const FLOOR = COMPLETE_PREP.priceFloor.amount; // ¥950,000.00

export function sop6NegotiationSuite(database: TestDatabase) {
  describe(`SOP section 6, negotiation and contract (${database.driver})`, () => {
    const clock = new TestClock(START);
    const api = startTestServer(database, { now: clock.now });
    const client = new PipelineClient(api);
    let rep: UserRow;
    let otherRep: UserRow;
    let manager: UserRow;
    let reviewer: UserRow;
    let analyst: UserRow;
    let admin: UserRow;
    beforeAll(async () => {
      const db = database.handle.db;
      const team = await createTeam(db);
      rep = await createUser(db, { role: "REP", teamId: team.id });
      otherRep = await createUser(db, { role: "REP", teamId: team.id });
      manager = await createUser(db, { role: "MANAGER", teamId: team.id });
      reviewer = await createUser(db, { role: "REVIEWER", teamId: team.id });
      analyst = await createUser(db, { role: "ANALYST" });
      admin = await createUser(db, { role: "ADMIN" });
    });

    /** An opportunity in negotiation: approved proposal, complete checklist, floor frozen. */
    async function inNegotiation(): Promise<string> {
      const id = await client.approvedOpportunity(rep, manager, reviewer);
      await client.prepare(rep, id);
      await client.startNegotiation(rep, id);
      return id;
    }

    describe("SOP-6.1/6.2 preparation", () => {
      it.each([
        ["with no proposal yet", "OPPORTUNITY", /cannot move from OPPORTUNITY to NEGOTIATION; allowed: PROPOSAL, LOST/],
        ["with a proposal still in review", "IN_REVIEW", /without an approved proposal/],
        ["with a proposal returned for revision", "PROPOSAL", /cannot move from PROPOSAL to NEGOTIATION; allowed: IN_REVIEW, LOST/],
        ["with a rejected proposal", "OPPORTUNITY", /cannot move from OPPORTUNITY to NEGOTIATION/],
      ])("SOP-6.2 negotiation cannot start %s, even with a complete checklist (INVALID_TRANSITION)", async (situation, stage, message) => {
        clock.set(START);
        let id: string;
        if (situation === "with no proposal yet") {
          id = (await client.newOpportunity(rep)).id;
        } else {
          const submitted = await client.submittedProposal(rep);
          id = submitted.opportunityId;
          if (situation === "with a proposal returned for revision") await client.decide(manager, submitted.version.id, "RETURN_FOR_REVISION", "补充风险");
          if (situation === "with a rejected proposal") await client.decide(manager, submitted.version.id, "REJECT", "不可行");
        }
        expect((await client.prepare(rep, id)).negotiationPrep!.gaps).toEqual([]);
        const refused = await client.startNegotiationAttempt(rep, id);
        expect(refused.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
        expect(refused.errors?.[0]?.message).toMatch(message);
        expect((await client.opportunity(rep, id))!.stage).toBe(stage);
      });

      it("SOP-6.2 negotiation cannot start until the checklist is complete; the checklist says what it lacks", async () => {
        clock.set(START);
        const id = await client.approvedOpportunity(rep, manager, reviewer);
        const none = await client.startNegotiationAttempt(rep, id);
        expect(none.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
        expect(none.errors?.[0]?.message).toMatch(/completed preparation checklist/);

        const partial = await client.prepare(rep, id, { ...COMPLETE_PREP, priceFloor: null, decisionMakers: [] });
        expect(partial.negotiationPrep!.gaps).toEqual(["no price floor", "no decision makers"]);
        expect((await client.startNegotiationAttempt(rep, id)).errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
        expect((await client.opportunity(rep, id))!.stage).toBe("IN_REVIEW");
      });

      it("SOP-6.1/6.2 with the approved proposal to re-read and a complete checklist, negotiation starts and the floor is frozen", async () => {
        clock.set(START);
        const id = await client.approvedOpportunity(rep, manager, reviewer);
        const reread = await client.call<{ opportunity: { proposals: { latestVersion: { status: string; content: { solution: { summary: string } } } }[] } }>(
          rep,
          `query($id: ID!) { opportunity(id: $id) { proposals { latestVersion { status content { solution { summary } } } } } }`,
          { id },
        );
        expect(reread.opportunity.proposals).toEqual([{ latestVersion: { status: "APPROVED", content: { solution: { summary: COMPLETE_PARTS.solution.summary } } } }]);

        const prepared = await client.prepare(rep, id);
        expect(prepared).toMatchObject({ stage: "IN_REVIEW", priceFloor: null, negotiationPrep: { gaps: [], priceFloor: { amount: FLOOR, currency: "CNY" } } });
        clock.set("2026-11-27T03:00:00.000Z");
        const started = await client.startNegotiation(rep, id);
        expect(started).toMatchObject({ stage: "NEGOTIATION", priceFloor: { amount: FLOOR, currency: "CNY" } });
        expect(started.stageHistory.at(-1)).toMatchObject({ fromStage: "IN_REVIEW", toStage: "NEGOTIATION", at: "2026-11-27T03:00:00.000Z", actor: { id: rep.id } });
      });

      it("SOP-6.2 the price floor is visible to the owner and the team's managers only: null for an analyst, an admin and a reviewer", async () => {
        clock.set(START);
        const id = await inNegotiation();
        for (const insider of [rep, manager]) {
          expect(await client.opportunity(insider, id)).toMatchObject({ priceFloor: { amount: FLOOR }, negotiationPrep: { priceFloor: { amount: FLOOR } } });
        }
        for (const outsider of [analyst, admin]) {
          const seen = await client.opportunity(outsider, id);
          expect(seen).toMatchObject({ stage: "NEGOTIATION", priceFloor: null, pendingPriceFloor: null, negotiationPrep: { gaps: [], priceFloor: null } });
        }
        // The analyst reads the opportunity's audit trail too: the floor is not in it.
        const trail = await client.call<{ opportunity: { history: unknown[] } }>(analyst, `query($id: ID!) { opportunity(id: $id) { history { action before after } } }`, { id });
        expect(trail.opportunity.history.length).toBeGreaterThan(0);
        expect(JSON.stringify(trail)).not.toContain(FLOOR);
        // Another rep of the team does not see the opportunity at all.
        expect(await client.opportunity(otherRep, id)).toBeNull();

        // A reviewer reads only the proposal versions assigned to them, never the opportunity or its floor.
        const asReviewer = await client.attempt<{ opportunity: { priceFloor: unknown } | null }>(reviewer, `query($id: ID!) { opportunity(id: $id) { priceFloor { amount } negotiationPrep { priceFloor { amount } } } }`, { id });
        expect(asReviewer.data?.opportunity?.priceFloor ?? null).toBeNull();
        expect(JSON.stringify(asReviewer)).not.toContain(FLOOR);
      });

      it("SOP-6.2 a reviewer assigned to the proposal still cannot reach the floor through it", async () => {
        clock.set(START);
        const { opportunityId, version } = await client.submittedProposal(rep);
        await client.reviewAndApprove(manager, reviewer, version.id);
        await client.prepare(rep, opportunityId);
        await client.startNegotiation(rep, opportunityId);

        const res = await client.attempt<{ proposalVersion: { id: string; proposal: unknown } }>(
          reviewer,
          `query($id: ID!) { proposalVersion(id: $id) { id proposal { opportunity { priceFloor { amount } negotiationPrep { priceFloor { amount } } } } } }`,
          { id: version.id },
        );
        expect(res.data?.proposalVersion).toEqual({ id: version.id, proposal: null });
        expect(JSON.stringify(res)).not.toContain(FLOOR);
      });
    });

    describe("SOP-6.3 outcome", () => {
      it.each([
        ["at the floor", FLOOR],
        ["above the floor", "99000000"],
      ])("SOP-6.3 a signed contract %s wins the opportunity", async (_case, amount) => {
        clock.set(START);
        const id = await inNegotiation();
        clock.set("2026-11-27T07:00:00.000Z");
        const won = await client.recordContract(rep, id, amount, "2026-11-26", "30/40/20/10 分期");
        expect(won).toMatchObject({
          stage: "WON",
          contract: { amount: { amount, currency: "CNY" }, signedOn: "2026-11-26", paymentTerms: "30/40/20/10 分期", awaitsApproval: false },
        });
        expect(won.stageHistory.at(-1)).toMatchObject({ fromStage: "NEGOTIATION", toStage: "WON", at: "2026-11-27T07:00:00.000Z", actor: { id: rep.id } });
      });

      it("SOP-6.3 a contract below the floor waits for the manager's approveContract, then wins", async () => {
        clock.set(START);
        const id = await inNegotiation();
        const below = await client.recordContract(rep, id, "90000000");
        expect(below).toMatchObject({ stage: "NEGOTIATION", contract: { amount: { amount: "90000000" }, awaitsApproval: true } });
        expect((await client.approveContractAttempt(rep, id)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

        clock.set("2026-11-27T08:00:00.000Z");
        const approved = await client.approveContractAttempt(manager, id);
        expect(approved.errors).toBeUndefined();
        expect(approved.data!.approveContract).toMatchObject({ stage: "WON", contract: { amount: { amount: "90000000" }, awaitsApproval: false } });
        expect(approved.data!.approveContract.stageHistory.at(-1)).toMatchObject({
          fromStage: "NEGOTIATION",
          toStage: "WON",
          at: "2026-11-27T08:00:00.000Z",
          actor: { id: manager.id },
        });
      });

      it("SOP-6.3 lowering the frozen floor also waits for the manager", async () => {
        clock.set(START);
        const id = await inNegotiation();
        const lowered = await client.prepare(rep, id, { ...COMPLETE_PREP, priceFloor: { amount: "80000000", currency: "CNY" } });
        expect(lowered).toMatchObject({ priceFloor: { amount: FLOOR }, pendingPriceFloor: { amount: "80000000" } });
        expect(await client.opportunity(manager, id)).toMatchObject({ pendingPriceFloor: { amount: "80000000" } });
        // The lower floor waiting for approval is as private as the floor itself.
        expect(await client.opportunity(analyst, id)).toMatchObject({ priceFloor: null, pendingPriceFloor: null, negotiationPrep: { priceFloor: null } });
        // Until the manager approves, a contract under the old floor still waits.
        expect((await client.recordContract(rep, id, "85000000")).contract!.awaitsApproval).toBe(true);
      });

      it.each([
        ["OPPORTUNITY", "NO_BUDGET"],
        ["PROPOSAL", "TIMING"],
        ["IN_REVIEW", "COMPETITOR"],
        ["NEGOTIATION", "PRICE"],
      ])("SOP-6.3 lost from %s with a reason from the fixed list (%s) and a note", async (stage, reason) => {
        clock.set(START);
        let id: string;
        if (stage === "OPPORTUNITY") id = (await client.newOpportunity(rep)).id;
        else if (stage === "PROPOSAL") id = (await client.createProposal(rep, (await client.newOpportunity(rep)).id)).opportunity.id;
        else if (stage === "IN_REVIEW") id = (await client.submittedProposal(rep)).opportunityId;
        else id = await inNegotiation();

        clock.set("2026-11-27T09:00:00.000Z");
        const lost = await client.markLostAttempt(rep, id, reason, "客户选择了其他方案");
        expect(lost.errors).toBeUndefined();
        expect(lost.data!.markLost).toMatchObject({ stage: "LOST", lossReason: reason, lossNote: "客户选择了其他方案" });
        expect(lost.data!.markLost.stageHistory.at(-1)).toMatchObject({ fromStage: stage, toStage: "LOST", at: "2026-11-27T09:00:00.000Z", actor: { id: rep.id } });
      });

      it("SOP-6.3 a reason outside the fixed list is refused, and nothing changes", async () => {
        clock.set(START);
        const opened = await client.newOpportunity(rep);
        const refused = await client.markLostAttempt(rep, opened.id, "BAD_LUCK");
        expect(refused.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
        expect(refused.errors?.[0]?.message).toMatch(/LossReason/);
        expect((await client.opportunity(rep, opened.id))!.stage).toBe("OPPORTUNITY");
      });

      it.each([
        ["markLost", "OPPORTUNITY"],
        ["reopenOpportunity", "LOST"],
      ])("SOP-6.3 only the owner's side may use %s: another rep gets NOT_FOUND naming opportunityId, and the stage stays %s", async (operation, stage) => {
        clock.set(START);
        const { id } = await client.newOpportunity(rep);
        if (stage === "LOST") await client.markLostAttempt(rep, id, "TIMING");
        const refused =
          operation === "markLost"
            ? await client.markLostAttempt(otherRep, id, "PRICE")
            : await client.attempt(otherRep, `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { id } }`, { id });
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "opportunityId" });
        expect((await client.opportunity(rep, id))!.stage).toBe(stage);
      });
    });

    describe("Pipeline stages", () => {
      type Setup = () => Promise<string>;
      const atOpportunity: Setup = async () => (await client.newOpportunity(rep)).id;
      const atProposal: Setup = async () => (await client.createProposal(rep, await atOpportunity())).opportunity.id;
      const atReview: Setup = async () => {
        const draft = await client.createProposal(rep, await atOpportunity());
        await client.submitProposal(rep, (await client.updateProposal(rep, draft, COMPLETE_PARTS)).id);
        return draft.opportunity.id;
      };
      const atWon: Setup = async () => {
        const id = await inNegotiation();
        await client.recordContract(rep, id, FLOOR);
        return id;
      };
      const recordContract = (id: string) => client.recordContractAttempt(rep, id, FLOOR);
      const startNegotiation = (id: string) => client.startNegotiationAttempt(rep, id);
      const markLost = (id: string) => client.markLostAttempt(rep, id, "PRICE");
      const reopen = (id: string) => client.attempt(rep, `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { id } }`, { id });

      it.each([
        ["recordContract", "PROPOSAL", atProposal, recordContract, "cannot move from PROPOSAL to WON; allowed: IN_REVIEW, LOST"],
        ["recordContract", "OPPORTUNITY", atOpportunity, recordContract, "cannot move from OPPORTUNITY to WON; allowed: PROPOSAL, LOST"],
        ["startNegotiation", "OPPORTUNITY", atOpportunity, startNegotiation, "cannot move from OPPORTUNITY to NEGOTIATION; allowed: PROPOSAL, LOST"],
        ["reopenOpportunity", "OPPORTUNITY", atOpportunity, reopen, "only a lost opportunity can be reopened; this one is OPPORTUNITY"],
        ["reopenOpportunity", "IN_REVIEW", atReview, reopen, "only a lost opportunity can be reopened; this one is IN_REVIEW"],
        ["markLost", "WON", atWon, markLost, "cannot move from WON to LOST; allowed: none (WON is final)"],
      ])("stages move only along the pipeline: %s in %s is INVALID_TRANSITION naming the allowed stages", async (_operation, stage, setup, operation, message) => {
        clock.set(START);
        const id = await setup();
        const before = await client.opportunity(rep, id);
        const refused = await operation(id);
        expect(refused.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
        expect(refused.errors?.[0]?.message).toBe(message);
        const after = await client.opportunity(rep, id);
        expect(after).toEqual(before);
        expect(after!.stage).toBe(stage);
      });

      it("every stage move records who, when, from and to, with the time spent in each stage", async () => {
        const at = (hour: number) => `2026-11-27T${String(hour).padStart(2, "0")}:00:00.000Z`;
        clock.set(at(1));
        const opened = await client.newOpportunity(rep);
        clock.set(at(2));
        const draft = await client.createProposal(rep, opened.id);
        const complete = await client.updateProposal(rep, draft, COMPLETE_PARTS);
        clock.set(at(3));
        const first = await client.submitProposal(rep, complete.id);
        clock.set(at(5));
        await client.decide(manager, first.id, "RETURN_FOR_REVISION", "风险部分不够具体");
        clock.set(at(6));
        const second = await client.submitProposal(rep, complete.id);
        clock.set(at(7));
        await client.reviewAndApprove(manager, reviewer, second.id);
        await client.prepare(rep, opened.id);
        clock.set(at(8));
        await client.startNegotiation(rep, opened.id);
        clock.set(at(9));
        await client.markLostAttempt(rep, opened.id, "NO_DECISION", "客户内部未决");
        clock.set(at(11));
        const reopened = await client.attempt(manager, `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { stage } }`, { id: opened.id });
        expect(reopened.data).toEqual({ reopenOpportunity: { stage: "NEGOTIATION" } });
        clock.set(at(12));
        await client.recordContract(rep, opened.id, FLOOR);

        clock.set(at(15));
        const history = (await client.opportunity(manager, opened.id))!.stageHistory;
        const HOUR = 3_600_000;
        expect(history).toEqual([
          { fromStage: null, toStage: "OPPORTUNITY", at: at(1), leftAt: at(2), durationMs: HOUR, actor: { id: rep.id } },
          { fromStage: "OPPORTUNITY", toStage: "PROPOSAL", at: at(2), leftAt: at(3), durationMs: HOUR, actor: { id: rep.id } },
          { fromStage: "PROPOSAL", toStage: "IN_REVIEW", at: at(3), leftAt: at(5), durationMs: 2 * HOUR, actor: { id: rep.id } },
          { fromStage: "IN_REVIEW", toStage: "PROPOSAL", at: at(5), leftAt: at(6), durationMs: HOUR, actor: { id: manager.id } },
          { fromStage: "PROPOSAL", toStage: "IN_REVIEW", at: at(6), leftAt: at(8), durationMs: 2 * HOUR, actor: { id: rep.id } },
          { fromStage: "IN_REVIEW", toStage: "NEGOTIATION", at: at(8), leftAt: at(9), durationMs: HOUR, actor: { id: rep.id } },
          { fromStage: "NEGOTIATION", toStage: "LOST", at: at(9), leftAt: at(11), durationMs: 2 * HOUR, actor: { id: rep.id } },
          { fromStage: "LOST", toStage: "NEGOTIATION", at: at(11), leftAt: at(12), durationMs: HOUR, actor: { id: manager.id } },
          { fromStage: "NEGOTIATION", toStage: "WON", at: at(12), leftAt: null, durationMs: 3 * HOUR, actor: { id: rep.id } },
        ]);
      });
    });
  });
}
