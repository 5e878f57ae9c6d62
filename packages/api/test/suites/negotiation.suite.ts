import { getNamedType, isLeafType, isNonNullType, isObjectType, type GraphQLField, type GraphQLObjectType } from "graphql";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAppSchema } from "../../src/schema/build-schema.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";
import { COMPLETE_PARTS, COMPLETE_PREP } from "../support/pipeline-fixtures.ts";
import { expectFunnelProgressKept } from "../support/funnel-progress.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

const NOW = new Date("2026-11-27T02:00:00.000Z");

const PREP = COMPLETE_PREP;

const OPPORTUNITY = `id stage version priceFloor { amount } pendingPriceFloor { amount }
  negotiationPrep { gaps priceFloor { amount } }
  contract { amount { amount currency } signedOn paymentTerms awaitsApproval }
  stageHistory { toStage }`;

interface OpportunityView {
  id: string;
  stage: string;
  priceFloor: { amount: string } | null;
  pendingPriceFloor: { amount: string } | null;
  negotiationPrep: { gaps: string[]; priceFloor: { amount: string } | null } | null;
  contract: { amount: { amount: string; currency: string }; signedOn: string; paymentTerms: string; awaitsApproval: boolean } | null;
  stageHistory: { toStage: string }[];
}

export function negotiationSuite(database: TestDatabase) {
  describe(`negotiation and contract on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    let rep: UserRow;
    let manager: UserRow;
    let analyst: UserRow;
    let finance: UserRow;
    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      finance = await createUser(database.handle.db, { role: "REVIEWER", teamId: team.id });
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
      analyst = await createUser(database.handle.db, { role: "ANALYST" });
    });

    async function ok<T>(as: UserRow, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await api.graphql<T>(query, variables, { as });
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!;
    }
    const call = (as: UserRow, query: string, variables: Record<string, unknown> = {}) => api.graphql<Record<string, OpportunityView>>(query, variables, { as });

    let sequence = 0;
    /** An opportunity whose proposal finance reviewed and the manager approved (approve: false leaves it submitted). */
    async function opportunityInReview(approve = true): Promise<string> {
      sequence += 1;
      const { captureLead } = await ok<{ captureLead: { lead: { id: string } } }>(rep, `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id } } }`, {
        input: { channel: "CUSTOMER_REFERRAL", referredBy: "宏达电子", companyName: `谈判客户${sequence}有限公司`, contactName: "周强", email: `n${sequence}@example.cn` },
      });
      const { openOpportunity } = await ok<{ openOpportunity: { id: string } }>(
        rep,
        `mutation($id: ID!) { openOpportunity(leadId: $id, input: { name: "设备升级", estimatedValue: { amount: "106000000", currency: "CNY" }, expectedCloseOn: "2027-02-28" }) { id } }`,
        { id: captureLead.lead.id },
      );
      const { createProposal } = await ok<{ createProposal: { id: string; version: number } }>(rep, `mutation($id: ID!) { createProposal(opportunityId: $id) { id version } }`, { id: openOpportunity.id });
      await ok(rep, `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { id } }`, {
        id: createProposal.id,
        input: COMPLETE_PARTS,
        v: createProposal.version,
      });
      const { submitProposal } = await ok<{ submitProposal: { id: string } }>(rep, `mutation($id: ID!) { submitProposal(id: $id) { id } }`, { id: createProposal.id });
      if (approve) {
        const { startReview } = await ok<{ startReview: { id: string }[] }>(
          manager,
          `mutation($id: ID!, $r: [ID!]!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: $r) { id } }`,
          { id: submitProposal.id, r: [finance.id] },
        );
        await ok(finance, `mutation($id: ID!) { submitReview(reviewId: $id, verdict: APPROVE) { id } }`, { id: startReview[0]!.id });
        await ok(manager, `mutation($id: ID!) { decideProposal(proposalVersionId: $id, decision: APPROVE) { id } }`, { id: submitProposal.id });
      }
      return openOpportunity.id;
    }
    const prepare = (id: string, prep: Record<string, unknown> = PREP) =>
      call(rep, `mutation($id: ID!, $input: NegotiationPrepInput!) { negotiationPrep(opportunityId: $id, input: $input) { ${OPPORTUNITY} } }`, { id, input: prep });
    const start = (id: string) => call(rep, `mutation($id: ID!) { startNegotiation(opportunityId: $id) { ${OPPORTUNITY} } }`, { id });
    const contract = (id: string, amount: string, extra: Record<string, unknown> = {}) =>
      call(rep, `mutation($id: ID!, $amount: MoneyInput!, $signedOn: LocalDate!, $terms: String!) { recordContract(opportunityId: $id, amount: $amount, signedOn: $signedOn, paymentTerms: $terms) { ${OPPORTUNITY} } }`, {
        id,
        amount: { amount, currency: "CNY" },
        signedOn: "2026-11-26",
        terms: "30/40/20/10 分期",
        ...extra,
      });
    const read = (as: UserRow, id: string) => call(as, `query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY} } }`, { id });

    it("SOP-6.2 negotiation cannot start without a completed checklist; it names what is missing", async () => {
      const id = await opportunityInReview();
      const none = await start(id);
      expect(none.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
      expect(none.errors?.[0]?.message).toMatch(/completed preparation checklist/);
      const partial = await prepare(id, { ...PREP, priceFloor: null, decisionMakers: [] });
      expect(partial.data!.negotiationPrep!.negotiationPrep!.gaps).toEqual(["no price floor", "no decision makers"]);
      expect((await start(id)).errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
    });

    it("SOP-6.2 negotiation cannot start without an approved proposal", async () => {
      const id = await opportunityInReview(false);
      await prepare(id);
      const res = await start(id);
      expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
      expect(res.errors?.[0]?.message).toMatch(/approved proposal/);
    });

    it("SOP-6.2/6.3 starting freezes the floor, which only the owner and managers see; a contract at the floor wins", async () => {
      const id = await opportunityInReview();
      await prepare(id);
      const started = await start(id);
      expect(started.data!.startNegotiation).toMatchObject({ stage: "NEGOTIATION", priceFloor: { amount: "95000000" } });
      expect((await read(manager, id)).data!.opportunity!.priceFloor).toEqual({ amount: "95000000" });
      const byAnalyst = (await read(analyst, id)).data!.opportunity!;
      expect(byAnalyst.priceFloor).toBeNull();
      expect(byAnalyst.negotiationPrep!.priceFloor).toBeNull();

      const won = await contract(id, "95000000");
      expect(won.data!.recordContract).toMatchObject({
        stage: "WON",
        contract: { amount: { amount: "95000000", currency: "CNY" }, signedOn: "2026-11-26", paymentTerms: "30/40/20/10 分期", awaitsApproval: false },
      });
      expect(won.data!.recordContract!.stageHistory.map((s) => s.toStage)).toEqual(["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION", "WON"]);
    });

    it("SOP-6.3 a contract below the floor waits for the manager's approveContract", async () => {
      const id = await opportunityInReview();
      await prepare(id);
      await start(id);
      const below = await contract(id, "90000000");
      expect(below.data!.recordContract).toMatchObject({ stage: "NEGOTIATION", contract: { awaitsApproval: true } });
      expect((await call(rep, `mutation($id: ID!) { approveContract(opportunityId: $id) { id } }`, { id })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      const approved = await call(manager, `mutation($id: ID!) { approveContract(opportunityId: $id) { ${OPPORTUNITY} } }`, { id });
      expect(approved.data!.approveContract).toMatchObject({ stage: "WON", contract: { awaitsApproval: false } });
    });

    it("SOP-6.3 lowering the frozen floor needs the manager; raising it does not", async () => {
      const id = await opportunityInReview();
      await prepare(id);
      await start(id);
      const lowered = await prepare(id, { ...PREP, priceFloor: { amount: "80000000", currency: "CNY" } });
      expect(lowered.data!.negotiationPrep).toMatchObject({ priceFloor: { amount: "95000000" }, pendingPriceFloor: { amount: "80000000" } });
      const approved = await call(manager, `mutation($id: ID!) { approveContract(opportunityId: $id) { ${OPPORTUNITY} } }`, { id });
      expect(approved.data!.approveContract).toMatchObject({ stage: "NEGOTIATION", priceFloor: { amount: "80000000" }, pendingPriceFloor: null });
      const raised = await prepare(id, { ...PREP, priceFloor: { amount: "99000000", currency: "CNY" } });
      expect(raised.data!.negotiationPrep).toMatchObject({ priceFloor: { amount: "99000000" }, pendingPriceFloor: null });
    });

    it.each([
      ["amount.currency", { amount: { amount: "95000000", currency: "USD" } }],
      ["signedOn", { signedOn: "2026-11-28" }],
      ["paymentTerms", { terms: " " }],
      ["amount.amount", { amount: { amount: "9.5", currency: "CNY" } }],
    ])("refuses a contract with a bad %s, naming it", async (field, change) => {
      const id = await opportunityInReview();
      await prepare(id);
      await start(id);
      const res = await contract(id, "95000000", change);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect((await read(rep, id)).data!.opportunity).toMatchObject({ stage: "NEGOTIATION", contract: null });
    });

    it("refuses a contract outside negotiation, naming the allowed stages (INVALID_TRANSITION)", async () => {
      const id = await opportunityInReview();
      const res = await contract(id, "95000000");
      expect(res.errors?.[0]?.extensions?.code).toBe("INVALID_TRANSITION");
      expect(res.errors?.[0]?.message).toMatch(/allowed: .*NEGOTIATION/);
    });

    it("SOP-6.3 lost in negotiation with a reason, and reopened into negotiation", async () => {
      const id = await opportunityInReview();
      await prepare(id);
      await start(id);
      const lost = await call(rep, `mutation($id: ID!) { markLost(opportunityId: $id, reason: PRICE, note: "对方压价 20%") { ${OPPORTUNITY} } }`, { id });
      expect(lost.data!.markLost!.stage).toBe("LOST");
      const back = await call(rep, `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { ${OPPORTUNITY} } }`, { id });
      expect(back.errors).toBeUndefined();
      expect(back.data!.reopenOpportunity!.stage).toBe("NEGOTIATION");
    });

    describe("issue 13: a pipeline page reads only the columns the query asks for", () => {
      /** A field as a query asks for it alone: a leaf by name, an object with its own leaves (those needing no argument). */
      const selectionOf = (field: GraphQLField<unknown, unknown>) => {
        const type = getNamedType(field.type);
        if (isLeafType(type) || !isObjectType(type)) return field.name;
        const leaves = Object.values(type.getFields()).filter((inner) => isLeafType(getNamedType(inner.type)) && inner.args.every((arg) => !isNonNullType(arg.type) || arg.defaultValue !== undefined));
        return `${field.name} { __typename ${leaves.map((leaf) => leaf.name).join(" ")} }`;
      };
      const fieldsOf = async (typeName: string) => Object.values(((await buildAppSchema()).getType(typeName) as GraphQLObjectType).getFields());
      /** Deals in every state whose fields read columns besides their own, made once for both tests. */
      let deals: string[] = [];
      beforeAll(async () => {
        // Negotiating: floor frozen, a lower floor pending, a contract below the floor awaiting approval.
        const negotiating = await opportunityInReview();
        await prepare(negotiating);
        await start(negotiating);
        await prepare(negotiating, { ...PREP, priceFloor: { amount: "80000000", currency: "CNY" } });
        expect((await contract(negotiating, "70000000")).data!.recordContract).toMatchObject({ contract: { awaitsApproval: true }, pendingPriceFloor: { amount: "80000000" } });
        const lost = await opportunityInReview(false);
        expect((await call(rep, `mutation($id: ID!) { markLost(opportunityId: $id, reason: PRICE, note: "对方压价 20%") { id } }`, { id: lost })).errors).toBeUndefined();
        // In review with a department still to answer.
        const inReview = await opportunityInReview(false);
        const version = (await ok<{ opportunity: { latestProposalVersion: { id: string } } }>(rep, `query($id: ID!) { opportunity(id: $id) { latestProposalVersion { id } } }`, { id: inReview })).opportunity.latestProposalVersion;
        await ok(manager, `mutation($id: ID!, $r: [ID!]!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: $r) { id } }`, { id: version.id, r: [finance.id] });
        // Returned with a note, then revised and submitted again: a second version with a previous one.
        const revised = await opportunityInReview(false);
        const proposal = (await ok<{ opportunity: { proposals: { id: string; version: number }[]; latestProposalVersion: { id: string } } }>(rep, `query($id: ID!) { opportunity(id: $id) { proposals { id version } latestProposalVersion { id } } }`, { id: revised })).opportunity;
        await ok(manager, `mutation($id: ID!) { decideProposal(proposalVersionId: $id, decision: RETURN_FOR_REVISION, note: "请补充案例") { id } }`, { id: proposal.latestProposalVersion.id });
        const returned = await opportunityInReview(false);
        const returnedVersion = (await ok<{ opportunity: { latestProposalVersion: { id: string } } }>(rep, `query($id: ID!) { opportunity(id: $id) { latestProposalVersion { id } } }`, { id: returned })).opportunity.latestProposalVersion;
        await ok(manager, `mutation($id: ID!) { decideProposal(proposalVersionId: $id, decision: RETURN_FOR_REVISION, note: "价格需要复核") { id } }`, { id: returnedVersion.id });
        const current = (await ok<{ proposal: { version: number } }>(rep, `query($id: ID!) { proposal(id: $id) { version } }`, { id: proposal.proposals[0]!.id })).proposal;
        await ok(rep, `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { id } }`, { id: proposal.proposals[0]!.id, input: COMPLETE_PARTS, v: current.version });
        expect((await ok<{ submitProposal: { number: number } }>(rep, `mutation($id: ID!) { submitProposal(id: $id) { number } }`, { id: proposal.proposals[0]!.id })).submitProposal.number).toBe(2);
        deals = [negotiating, lost, inReview, revised, returned];
      });

      /** Each selection on the page's deals equals what each deal itself answers (read whole, by its loader). */
      async function expectPageAsDeals(selections: string[], wrap: (selection: string) => string) {
        for (const selection of selections) {
          const page = await call(rep, `{ opportunities(first: 40) { edges { node { id ${wrap(selection)} } } } }`);
          expect(page.errors, selection).toBeUndefined();
          const nodes = (page.data!.opportunities as unknown as { edges: { node: { id: string } }[] }).edges.map((edge) => edge.node).filter((node) => deals.includes(node.id));
          expect(nodes.map((node) => node.id).sort(), selection).toEqual([...deals].sort());
          for (const node of nodes) {
            const whole = await call(rep, `query($id: ID!) { opportunity(id: $id) { id ${wrap(selection)} } }`, { id: node.id });
            expect(node, selection).toEqual(whole.data!.opportunity);
          }
        }
      }

      it("answers every Opportunity field, asked for alone, as the deal itself does", async () => {
        const selections = (await fieldsOf("Opportunity")).map(selectionOf);
        expect(selections).toEqual(expect.arrayContaining(["lossNote", expect.stringMatching(/^contract \{/), expect.stringMatching(/^priceFloor \{/)]));
        await expectPageAsDeals(selections, (selection) => selection);
      });

      it("answers every field of a deal's latest version, asked for alone, as the deal itself does", async () => {
        const fields = await fieldsOf("ProposalVersion");
        // diff needs the id of another version of the same proposal; it reads what diffFromPrevious reads.
        expect(fields.filter((field) => field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)).map((field) => field.name)).toEqual(["diff"]);
        const selections = fields.filter((field) => field.name !== "diff").map(selectionOf);
        expect(selections).toEqual(expect.arrayContaining(["decisionNote", expect.stringMatching(/^diffFromPrevious \{/), expect.stringMatching(/^submittedBy \{/)]));
        await expectPageAsDeals(selections, (selection) => `latestProposalVersion { id ${selection} }`);
      });
    });

    it("keeps each deal's furthest stage for the funnel, as its stage history says, the won ones at WON (issue 9)", async () => {
      const kept = await expectFunnelProgressKept(database.handle.db);
      expect(kept.furthest.WON).toBeGreaterThan(0);
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect((await expectHistoryKeysDecided(database.handle.db)).length).toBeGreaterThan(0);
    });
  });
}
