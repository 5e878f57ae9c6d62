import { createTeam, createUser, startTestServer, type TestDatabase, type UserRow } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";
import { PipelineClient } from "../support/pipeline-client.ts";

// SOP section 4 (opportunity identification), accepted over the GraphQL API. Friday
// 27 Nov 2026, 10:00 in Shanghai; a follow-up may be completed before it falls due.
const START = "2026-11-27T02:00:00.000Z";

export function sop4OpportunitySuite(database: TestDatabase) {
  describe(`SOP section 4, opportunity identification (${database.driver})`, () => {
    const clock = new TestClock(START);
    const api = startTestServer(database, { now: clock.now });
    const client = new PipelineClient(api);
    let rep: UserRow;
    let manager: UserRow;
    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
    });

    /** A captured lead whose follow-ups the rep completes one after the other, each recording signals. */
    async function workedLead() {
      const lead = await client.capture(rep);
      let followUpId = lead.nextFollowUp.id;
      return {
        id: lead.id,
        /** Completes the open follow-up with `signals`; returns the signals it shows once done. */
        async record(signals: string[]): Promise<string[]> {
          const done = await client.complete(rep, followUpId, signals);
          expect(done.completed.status).toBe("DONE");
          followUpId = done.next!.id;
          return done.completed.signals;
        },
      };
    }
    async function leadWithRounds(rounds: string[][]): Promise<{ leadId: string; recorded: string[][] }> {
      const lead = await workedLead();
      const recorded: string[][] = [];
      for (const signals of rounds) recorded.push(await lead.record(signals));
      return { leadId: lead.id, recorded };
    }
    async function suggestionFor(leadId: string, as: UserRow = rep) {
      const all = await client.suggestions(as, as === rep ? undefined : rep.id);
      const found = all.find((s) => s.lead.id === leadId);
      return found ? { ...found, signals: [...found.signals].sort() } : undefined;
    }

    // The partner is another ordinary signal, so only the two together make a suggestion.
    it.each([
      ["SPECIFIC_NEED", "STRONG_INTEREST", false],
      ["STRONG_INTEREST", "SPECIFIC_NEED", false],
      ["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED", true],
      ["PROBLEM_FIT_QUESTION", "SPECIFIC_NEED", false],
      ["FEATURE_ATTENTION", "SPECIFIC_NEED", false],
    ])("SOP-4.1 the customer signal %s is recorded on a follow-up and counts towards a suggestion", async (signal, partner, aloneSuggests) => {
      clock.set(START);
      const lead = await workedLead();
      expect(await lead.record([signal])).toEqual([signal]);
      expect(Boolean(await suggestionFor(lead.id))).toBe(aloneSuggests);

      // The same signal again on the next follow-up counts once; another distinct one makes two.
      expect(await lead.record([signal])).toEqual([signal]);
      expect(Boolean(await suggestionFor(lead.id))).toBe(aloneSuggests);
      expect(await lead.record([partner])).toEqual([partner]);
      expect(await suggestionFor(lead.id)).toMatchObject({ signals: [signal, partner].sort() });
    });

    it.each([
      ["INDUSTRY_POLICY_CHANGE", "COMPETITION_PRESSURE"],
      ["COMPETITION_PRESSURE", "BUSINESS_CHANGE"],
      ["BUSINESS_CHANGE", "FEATURE_ATTENTION"],
    ])("SOP-4.2 the market signal %s is recorded the same way: alone or repeated it does not suggest; with %s it does", async (signal, partner) => {
      clock.set(START);
      const { leadId, recorded } = await leadWithRounds([[signal], [signal]]);
      expect(recorded).toEqual([[signal], [signal]]);
      expect(await suggestionFor(leadId)).toBeUndefined();

      const withPartner = await leadWithRounds([[signal], [partner]]);
      expect(withPartner.recorded).toEqual([[signal], [partner]]);
      const suggestion = await suggestionFor(withPartner.leadId);
      expect(suggestion).toMatchObject({ signals: [signal, partner].sort() });
      expect(suggestion!.reason).toMatch(/2 distinct signals/);
    });

    it.each([
      ["a price or purchase-process question alone suggests it", [["PRICE_OR_PROCESS_QUESTION"]], true],
      ["two distinct signals on one follow-up suggest it", [["SPECIFIC_NEED", "INDUSTRY_POLICY_CHANGE"]], true],
      ["two distinct signals on two follow-ups suggest it", [["PROBLEM_FIT_QUESTION"], ["STRONG_INTEREST"]], true],
      ["one ordinary signal does not", [["FEATURE_ATTENTION"]], false],
      ["one ordinary signal twice does not", [["STRONG_INTEREST"], ["STRONG_INTEREST"]], false],
      ["no signal does not", [[]], false],
    ])("SOP-4.3 %s", async (_case, rounds, suggested) => {
      clock.set(START);
      const { leadId } = await leadWithRounds(rounds);
      const mine = await suggestionFor(leadId);
      expect(Boolean(mine)).toBe(suggested);
      if (mine) {
        expect(mine.signals).toEqual([...new Set(rounds.flat())].sort());
        expect(mine.reason).not.toBe("");
        // The manager sees the rep's suggestions too.
        expect(await suggestionFor(leadId, manager)).toEqual(mine);
      }
    });

    it("SOP-4.3 a suggestion opens nothing; the rep opens the opportunity, which moves the lead into the pipeline, recording who and when", async () => {
      clock.set(START);
      const { leadId } = await leadWithRounds([["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"]]);
      const LEAD = `query($id: ID!) { lead(id: $id) { status nextFollowUp { kind } opportunities { id stage } } }`;
      type LeadState = { lead: { status: string; nextFollowUp: { kind: string } | null; opportunities: { id: string; stage: string }[] } };
      const suggestedOnly = await client.call<LeadState>(rep, LEAD, { id: leadId });
      expect(suggestedOnly.lead.opportunities).toEqual([]);
      expect(suggestedOnly.lead.status).not.toBe("CONVERTED");

      clock.set("2026-11-27T03:30:00.000Z");
      const opened = await client.openOpportunity(rep, leadId, { name: "预测性维护平台", expectedCloseOn: "2027-02-26" });
      expect(opened).toMatchObject({
        name: "预测性维护平台",
        stage: "OPPORTUNITY",
        expectedCloseOn: "2027-02-26",
        estimatedValue: { amount: "106000000", currency: "CNY" },
        lead: { id: leadId, status: "CONVERTED" },
        owner: { id: rep.id },
      });
      expect([...opened.signals].sort()).toEqual(["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"]);
      expect(opened.stageHistory).toEqual([
        { fromStage: null, toStage: "OPPORTUNITY", at: "2026-11-27T03:30:00.000Z", leftAt: null, durationMs: 0, actor: { id: rep.id } },
      ]);

      // The lead is in the pipeline now: converted, its cadence stopped, no longer suggested.
      const converted = await client.call<LeadState>(rep, LEAD, { id: leadId });
      expect(converted.lead).toEqual({ status: "CONVERTED", nextFollowUp: null, opportunities: [{ id: opened.id, stage: "OPPORTUNITY" }] });
      expect(await suggestionFor(leadId)).toBeUndefined();

      // The manager sees it in the team's pipeline with the same record of the move.
      clock.set("2026-11-27T05:30:00.000Z");
      const pipeline = await client.call<{ opportunities: { edges: { node: { id: string; stageHistory: { toStage: string; actor: { id: string }; at: string; durationMs: number }[] } }[] } }>(
        manager,
        `{ opportunities(first: 200, filter: { stage: [OPPORTUNITY] }) { edges { node { id stageHistory { toStage actor { id } at durationMs } } } } }`,
      );
      const seen = pipeline.opportunities.edges.find((edge) => edge.node.id === opened.id);
      expect(seen?.node.stageHistory).toEqual([{ toStage: "OPPORTUNITY", actor: { id: rep.id }, at: "2026-11-27T03:30:00.000Z", durationMs: 2 * 3_600_000 }]);
    });
  });
}
