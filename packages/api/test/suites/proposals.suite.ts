import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { proposalVersions } from "../../src/proposals/proposal.table.ts";
import { users, type UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { COMPLETE_PARTS } from "../support/pipeline-fixtures.ts";
import { startTestServer } from "../support/test-server.ts";
import { expectFunnelProgressKept } from "../support/funnel-progress.ts";
import { expectHistoryKeysDecided } from "../support/history-keys.ts";

const NOW = new Date("2026-11-27T02:00:00.000Z");


const PROPOSAL = `id version editable
  missingParts { part reason }
  content { pricing { totals { gross { amount } discount { amount } totalWithoutVat { amount } vat { amount } totalWithVat { amount } } } }
  versions { id number status }
  opportunity { id stage }`;

interface ProposalView {
  id: string;
  version: number;
  editable: boolean;
  missingParts: { part: string; reason: string }[];
  content: { pricing: { totals: Record<string, { amount: string }> | null } | null };
  versions: { id: string; number: number; status: string }[];
  opportunity: { id: string; stage: string };
}

const START_REVIEW = `mutation($id: ID!, $departments: [ReviewDepartment!]!, $reviewers: [ID!]!) {
  startReview(proposalVersionId: $id, departments: $departments, reviewerIds: $reviewers) { id department verdict reviewer { id } } }`;
const SUBMIT_REVIEW = `mutation($id: ID!, $verdict: ReviewVerdict!, $comments: [ReviewCommentInput!]) {
  submitReview(reviewId: $id, verdict: $verdict, comments: $comments) { id verdict comments { part text } submittedAt } }`;

export function proposalsSuite(database: TestDatabase) {
  describe(`proposals on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    let rep: UserRow;
    let otherRep: UserRow;
    let manager: UserRow;
    let secondManager: UserRow;
    let analyst: UserRow;
    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      manager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
      secondManager = await createUser(database.handle.db, { role: "MANAGER", teamId: team.id });
      otherRep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      analyst = await createUser(database.handle.db, { role: "ANALYST" });
    });
    const call = <T>(as: UserRow, query: string, variables: Record<string, unknown> = {}) => api.graphql<T>(query, variables, { as });

    let sequence = 0;
    async function newProposal(): Promise<ProposalView> {
      sequence += 1;
      const lead = await call<{ captureLead: { lead: { id: string } } }>(
        rep,
        `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id } } }`,
        { input: { channel: "TRADE_SHOW", companyName: `方案客户${sequence}有限公司`, contactName: "吴敏", email: `p${sequence}@example.cn` } },
      );
      const opportunity = await call<{ openOpportunity: { id: string } }>(
        rep,
        `mutation($id: ID!) { openOpportunity(leadId: $id, input: { name: "预测性维护", estimatedValue: { amount: "106000000", currency: "CNY" }, expectedCloseOn: "2027-03-31" }) { id } }`,
        { id: lead.data!.captureLead.lead.id },
      );
      const created = await call<{ createProposal: ProposalView }>(rep, `mutation($id: ID!) { createProposal(opportunityId: $id) { ${PROPOSAL} } }`, {
        id: opportunity.data!.openOpportunity.id,
      });
      expect(created.errors).toBeUndefined();
      return created.data!.createProposal;
    }
    const update = (proposal: { id: string; version: number }, input: Record<string, unknown>, as: UserRow = rep) =>
      call<{ updateProposal: ProposalView }>(as, `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { ${PROPOSAL} } }`, {
        id: proposal.id,
        input,
        v: proposal.version,
      });
    const decide = (versionId: string, decision: string, note: string | null = null, as: UserRow = manager) =>
      call<{ decideProposal: { id: string; status: string; decisionNote: string | null; proposal: ProposalView } }>(
        as,
        `mutation($id: ID!, $decision: ManagerDecision!, $note: String) { decideProposal(proposalVersionId: $id, decision: $decision, note: $note) { id status decisionNote proposal { ${PROPOSAL} } } }`,
        { id: versionId, decision, note },
      );
    const submit = (id: string) =>
      call<{ submitProposal: { id: string; number: number; status: string } }>(rep, `mutation($id: ID!) { submitProposal(id: $id) { id number status } }`, { id });

    it("SOP-5.1 starting the proposal moves the opportunity to PROPOSAL; an empty draft misses all six parts", async () => {
      const proposal = await newProposal();
      expect(proposal.opportunity.stage).toBe("PROPOSAL");
      expect(proposal.missingParts.map((m) => m.part)).toEqual(["NEEDS_ANALYSIS", "SOLUTION", "PRODUCT_INTRODUCTION", "IMPLEMENTATION_PLAN", "PRICING", "RISKS"]);
      const again = await call(rep, `mutation($id: ID!) { createProposal(opportunityId: $id) { id } }`, { id: proposal.opportunity.id });
      expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "opportunityId" });
    });

    it("SOP-5.2 prices each line in integer fen: discount rounded half-up per line, VAT added or extracted", async () => {
      const proposal = await newProposal();
      const res = await update(proposal, { pricing: COMPLETE_PARTS.pricing });
      expect(res.errors).toBeUndefined();
      // Line 1: gross 1,000,000; discount 50,000; net 950,000; VAT 13 % = 123,500.
      // Line 2: 5,000,000 with 6 % included: VAT = round(5,000,000 × 600 / 10,600) = 283,019.
      expect(res.data!.updateProposal.content.pricing!.totals).toEqual({
        gross: { amount: "6000000" },
        discount: { amount: "50000" },
        totalWithoutVat: { amount: String(950_000 + 5_000_000 - 283_019) },
        vat: { amount: String(123_500 + 283_019) },
        totalWithVat: { amount: String(950_000 + 123_500 + 5_000_000) },
      });
      expect(res.data!.updateProposal.missingParts.map((m) => m.part)).not.toContain("PRICING");
    });

    it("SOP-5.2 a proposal missing any part cannot be submitted; every missing part is listed and nothing is frozen", async () => {
      const proposal = await newProposal();
      const partial = await update(proposal, { needsAnalysis: COMPLETE_PARTS.needsAnalysis, solution: COMPLETE_PARTS.solution, pricing: COMPLETE_PARTS.pricing });
      const res = await submit(partial.data!.updateProposal.id);
      expect(res.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.message).toMatch(/^Proposal cannot be submitted: .*the risk assessment/);
      expect((res.errors?.[0]?.extensions?.fields as { field: string }[]).map((f) => f.field)).toEqual(["productIntroduction", "implementationPlan", "risks"]);
      const versions = await database.handle.db.select({ n: countRows() }).from(proposalVersions).where(eq(proposalVersions.proposalId, proposal.id));
      expect(versions[0]!.n).toBe(0);
    });

    it("SOP-5.3/5.4 submitting freezes version 1, puts the opportunity IN_REVIEW, and locks the draft", async () => {
      const proposal = await newProposal();
      const complete = await update(proposal, COMPLETE_PARTS);
      expect(complete.data!.updateProposal.missingParts).toEqual([]);
      const submitted = await submit(proposal.id);
      expect(submitted.data!.submitProposal).toMatchObject({ number: 1, status: "SUBMITTED" });

      const read = await call<{ proposal: ProposalView }>(rep, `query($id: ID!) { proposal(id: $id) { ${PROPOSAL} } }`, { id: proposal.id });
      expect(read.data!.proposal).toMatchObject({ editable: false, opportunity: { stage: "IN_REVIEW" }, versions: [{ number: 1, status: "SUBMITTED" }] });
      const locked = await update(complete.data!.updateProposal, { solution: { summary: "改", configuration: "改" } });
      expect(locked.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "id" });
      const twice = await submit(proposal.id);
      expect(twice.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    });

    it("SOP-5.2 the submitted version reads back all six parts as typed fields, as the rep wrote them", async () => {
      const proposal = await newProposal();
      await update(proposal, COMPLETE_PARTS);
      const version = (await submit(proposal.id)).data!.submitProposal;
      const read = await call<{ proposalVersion: { content: Record<string, unknown> } }>(
        manager,
        `query($id: ID!) { proposalVersion(id: $id) { content {
          needsAnalysis { summary painPoints { pain cause } }
          solution { summary configuration }
          productIntroduction { summary strengths caseStudies }
          implementationPlan { milestones { name date deliverable owner } }
          pricing { currency
            lines { product quantity unitPrice { amount currency } discountBasisPoints vatRateBasisPoints pricesIncludeVat }
            paymentOptions { name description pros cons instalments { trigger percentBasisPoints dueDays } } }
          risks { risks { risk likelihood impact countermeasure } } } } }`,
        { id: version.id },
      );
      expect(read.errors).toBeUndefined();
      expect(read.data!.proposalVersion.content).toEqual(COMPLETE_PARTS);
    });

    it("SOP-5.4 a version's diff shows what changed, part by part, since an earlier version", async () => {
      const proposal = await newProposal();
      const complete = await update(proposal, COMPLETE_PARTS);
      const first = (await submit(proposal.id)).data!.submitProposal;
      const returned = await decide(first.id, "RETURN_FOR_REVISION", "请把网关数量改为 12 台");
      expect(returned.data!.decideProposal).toMatchObject({ status: "RETURNED", decisionNote: "请把网关数量改为 12 台" });
      const lines = [{ ...COMPLETE_PARTS.pricing.lines[0], quantity: 12 }, COMPLETE_PARTS.pricing.lines[1]];
      await update(complete.data!.updateProposal, { pricing: { ...COMPLETE_PARTS.pricing, lines } });
      const second = (await submit(proposal.id)).data!.submitProposal;
      expect(second.number).toBe(2);

      const diff = await call<{ proposalVersion: { diff: { part: string; changed: boolean; changes: { path: string; before: unknown; after: unknown }[] }[] } }>(
        rep,
        `query($id: ID!, $against: ID!) { proposalVersion(id: $id) { diff(againstVersionId: $against) { part changed changes { path before after } } } }`,
        { id: second.id, against: first.id },
      );
      expect(diff.errors).toBeUndefined();
      const parts = diff.data!.proposalVersion.diff;
      expect(parts.filter((p) => p.changed).map((p) => p.part)).toEqual(["PRICING"]);
      expect(parts.find((p) => p.part === "PRICING")!.changes).toEqual([{ path: "pricing.lines[0].quantity", before: 10, after: 12 }]);

      // A reviewer of version 2 sees no other version, but does see what changed since version 1.
      const reviewer = await createUser(database.handle.db, { role: "REVIEWER", teamId: rep.teamId });
      expect((await call(manager, START_REVIEW, { id: second.id, departments: ["FINANCE"], reviewers: [reviewer.id] })).errors).toBeUndefined();
      const PREVIOUS = `query($id: ID!) { proposalVersion(id: $id) { number proposal { id } diffFromPrevious { part changed changes { path before after } } } }`;
      const seen = await call<{ proposalVersion: { proposal: unknown; diffFromPrevious: { part: string; changed: boolean }[] } }>(reviewer, PREVIOUS, { id: second.id });
      expect(seen.errors).toBeUndefined();
      expect(seen.data!.proposalVersion.proposal).toBeNull();
      expect(seen.data!.proposalVersion.diffFromPrevious).toEqual(parts);
      const firstSeen = await call<{ proposalVersion: { diffFromPrevious: unknown } }>(rep, PREVIOUS, { id: first.id });
      expect(firstSeen.data!.proposalVersion.diffFromPrevious).toBeNull();

      const other = await newProposal();
      const bad = await call(rep, `query($id: ID!, $against: ID!) { proposalVersion(id: $id) { diff(againstVersionId: $against) { part } } }`, { id: second.id, against: other.id });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "againstVersionId" });
    });

    it("issue 13: a version is priced once, at submission; every way to it answers its content from what it stored, and one stored without it alike, priced on read", async () => {
      const proposal = await newProposal();
      await update(proposal, COMPLETE_PARTS);
      const version = (await submit(proposal.id)).data!.submitProposal;
      const reviewer = await createUser(database.handle.db, { role: "REVIEWER", teamId: rep.teamId });
      expect((await call(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [reviewer.id] })).errors).toBeUndefined();
      const CONTENT = `content {
        needsAnalysis { summary painPoints { pain cause } } risks { risks { risk likelihood } }
        implementationPlan { milestones { name date } }
        pricing { currency lines { product quantity unitPrice { amount currency } gross { amount } discount { amount } net { amount } vat { amount } totalWithoutVat { amount } totalWithVat { amount } }
          totals { gross { amount } discount { amount } totalWithoutVat { amount } vat { amount } totalWithVat { amount currency } }
          paymentOptions { name instalments { trigger percentBasisPoints dueDays } } } }`;
      // By id, through the reviewer's queue (by id too), and as the pipeline's latest version (read as a summary).
      const everyWay = async () => {
        const byId = await call<{ proposalVersion: { content: unknown } }>(rep, `query($id: ID!) { proposalVersion(id: $id) { ${CONTENT} } }`, { id: version.id });
        const queue = await call<{ reviewQueue: { version: { id: string; content: unknown } }[] }>(reviewer, `{ reviewQueue(first: 5) { version { id ${CONTENT} } } }`);
        const latest = await call<{ opportunity: { latestProposalVersion: { content: unknown } } }>(rep, `query($id: ID!) { opportunity(id: $id) { latestProposalVersion { ${CONTENT} } } }`, { id: proposal.opportunity.id });
        for (const res of [byId, queue, latest]) expect(res.errors).toBeUndefined();
        const queued = queue.data!.reviewQueue.find((entry) => entry.version.id === version.id);
        return [byId.data!.proposalVersion.content, queued!.version.content, latest.data!.opportunity.latestProposalVersion.content];
      };
      const stored = await everyWay();
      const [byId] = stored as { pricing: { totals: { totalWithVat: { amount: string } } } }[];
      expect(byId!.pricing.totals.totalWithVat).toEqual({ amount: expect.stringMatching(/^\d+$/), currency: "CNY" });
      expect(stored).toEqual([byId, byId, byId]);
      const [saved] = await database.handle.db.select({ pricedContent: proposalVersions.pricedContent }).from(proposalVersions).where(eq(proposalVersions.id, version.id));
      expect(saved!.pricedContent).toMatchObject(byId!);

      await database.handle.db.update(proposalVersions).set({ pricedContent: null }).where(eq(proposalVersions.id, version.id));
      expect(await everyWay()).toEqual(stored);

      // What was stored is what is read: nothing prices the version again.
      const [row] = await database.handle.db.select({ content: proposalVersions.content }).from(proposalVersions).where(eq(proposalVersions.id, version.id));
      const asStored = { ...row!.content, needsAnalysis: { summary: "as stored at submission", painPoints: [] }, pricing: null };
      await database.handle.db.update(proposalVersions).set({ pricedContent: asStored }).where(eq(proposalVersions.id, version.id));
      for (const content of await everyWay()) expect(content).toMatchObject({ needsAnalysis: { summary: "as stored at submission" }, pricing: null });
    });

    it("versions(last: 1) lists only the newest version; the default lists both; last past 100 is refused naming it (issue 10, finding 2)", async () => {
      const proposal = await newProposal();
      const complete = await update(proposal, COMPLETE_PARTS);
      const first = (await submit(proposal.id)).data!.submitProposal;
      await decide(first.id, "RETURN_FOR_REVISION", "请补充案例");
      await update(complete.data!.updateProposal, { productIntroduction: { ...COMPLETE_PARTS.productIntroduction, summary: "工业物联网平台（第二版）" } });
      const second = (await submit(proposal.id)).data!.submitProposal;
      const query = `query($id: ID!, $last: Int) { proposal(id: $id) { all: versions { number } newest: versions(last: $last) { id number } } }`;
      const res = await call<{ proposal: { all: { number: number }[]; newest: { id: string; number: number }[] } }>(rep, query, { id: proposal.id, last: 1 });
      expect(res.data!.proposal).toEqual({ all: [{ number: 1 }, { number: 2 }], newest: [{ id: second.id, number: 2 }] });
      const refused = await call(rep, query, { id: proposal.id, last: 101 });
      expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "last" });
    });

    describe("decideProposal", () => {
      let finance: UserRow;
      beforeAll(async () => {
        finance = await createUser(database.handle.db, { role: "REVIEWER", teamId: rep.teamId });
      });
      /** SOP-5.3 a version finance has reviewed, so every decision is the manager's to make. */
      async function reviewedVersion() {
        const proposal = await newProposal();
        await update(proposal, COMPLETE_PARTS);
        const version = (await submit(proposal.id)).data!.submitProposal;
        const [review] = (await call<{ startReview: { id: string }[] }>(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [finance.id] })).data!.startReview;
        expect((await call(finance, SUBMIT_REVIEW, { id: review!.id, verdict: "APPROVE" })).errors).toBeUndefined();
        return version;
      }

      it("SOP-5.3 an approval needs a department's review first; returning a proposal that is plainly not ready does not", async () => {
        const proposal = await newProposal();
        await update(proposal, COMPLETE_PARTS);
        const version = (await submit(proposal.id)).data!.submitProposal;
        const refused = await decide(version.id, "APPROVE");
        expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });
        expect(refused.errors?.[0]?.message).toMatch(/at least one department's review/);
        expect((await decide(version.id, "RETURN_FOR_REVISION", "方案不完整")).data!.decideProposal.status).toBe("RETURNED");
      });

      it.each([
        ["APPROVE", null, "APPROVED", "IN_REVIEW", false],
        ["REJECT", "价格超出预算太多", "REJECTED", "OPPORTUNITY", true],
        ["RETURN_FOR_REVISION", "风险部分不够具体", "RETURNED", "PROPOSAL", true],
      ])("SOP-5.3 %s marks the version %s… and moves the opportunity", async (decision, note, status, stage, editable) => {
        const version = await reviewedVersion();
        const res = await decide(version.id, decision, note);
        expect(res.errors).toBeUndefined();
        expect(res.data!.decideProposal).toMatchObject({ status, proposal: { editable, opportunity: { stage } } });
      });

      it("is the manager's: a rep gets FORBIDDEN, and a return without a reason names the note", async () => {
        const version = await reviewedVersion();
        expect((await decide(version.id, "APPROVE", null, rep)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect((await decide(version.id, "RETURN_FOR_REVISION", "  ")).errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "note" });
      });

      it("a decided version cannot change: deciding again is CONFLICT", async () => {
        const version = await reviewedVersion();
        await decide(version.id, "APPROVE");
        const again = await decide(version.id, "REJECT", "改主意了", secondManager);
        expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });
      });

      it("two managers deciding the same version at once: exactly one decision stands, the other gets CONFLICT", async () => {
        for (let round = 0; round < 3; round++) {
          const version = await reviewedVersion();
          const results = await Promise.all([decide(version.id, "APPROVE"), decide(version.id, "REJECT", "预算不足", secondManager)]);
          const codes = results.map((r) => (r.errors ? r.errors[0]!.extensions!.code : "OK")).sort();
          expect(codes).toEqual(["CONFLICT", "OK"]);
          const [stored] = await database.handle.db.select().from(proposalVersions).where(eq(proposalVersions.id, version.id));
          const winner = results.find((r) => !r.errors)!.data!.decideProposal;
          expect(stored!.status).toBe(winner.status);
        }
      });
    });

    describe("reviews", () => {
      let finance: UserRow;
      let legal: UserRow;
      let outsider: UserRow;
      beforeAll(async () => {
        const db = database.handle.db;
        finance = await createUser(db, { role: "REVIEWER", teamId: rep.teamId });
        legal = await createUser(db, { role: "REVIEWER", teamId: rep.teamId });
        outsider = await createUser(db, { role: "REVIEWER", teamId: (await createTeam(db)).id });
      });
      async function submittedVersion() {
        const proposal = await newProposal();
        await update(proposal, COMPLETE_PARTS);
        return (await submit(proposal.id)).data!.submitProposal;
      }

      it("SOP-5.3 the manager picks departments; each reviewer answers with comments tied to parts; then the manager decides", async () => {
        const version = await submittedVersion();
        const started = await call<{ startReview: { id: string; department: string; reviewer: { id: string } }[] }>(manager, START_REVIEW, {
          id: version.id,
          departments: ["FINANCE", "LEGAL"],
          reviewers: [finance.id, legal.id],
        });
        expect(started.errors).toBeUndefined();
        const [financeReview, legalReview] = started.data!.startReview;
        expect(started.data!.startReview.map((r) => [r.department, r.reviewer.id])).toEqual([["FINANCE", finance.id], ["LEGAL", legal.id]]);

        // A reviewer sees the versions assigned to them, and nothing else of the pipeline.
        const queue = await call<{ reviewQueue: { id: string; version: { id: string; content: { pricing: { currency: string } } } }[] }>(
          finance,
          `{ reviewQueue { id version { id content { pricing { currency } } } } }`,
        );
        expect(queue.data!.reviewQueue).toEqual([{ id: financeReview!.id, version: { id: version.id, content: { pricing: { currency: "CNY" } } } }]);
        const notMine = await call<{ proposalVersion: unknown }>(outsider, `query($id: ID!) { proposalVersion(id: $id) { id } }`, { id: version.id });
        expect(notMine.data!.proposalVersion).toBeNull();
        expect((await call(finance, `{ leads(first: 1) { totalCount } }`)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

        const changes = await call<{ submitReview: { verdict: string; comments: { part: string; text: string }[] } }>(finance, SUBMIT_REVIEW, {
          id: financeReview!.id,
          verdict: "REQUEST_CHANGES",
          comments: [{ part: "PRICING", text: "质保金比例应提高到 10%" }],
        });
        expect(changes.data!.submitReview).toMatchObject({ verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "质保金比例应提高到 10%" }] });
        expect((await call(finance, SUBMIT_REVIEW, { id: financeReview!.id, verdict: "APPROVE" })).errors?.[0]?.extensions?.code).toBe("CONFLICT");
        expect((await call(legal, SUBMIT_REVIEW, { id: financeReview!.id, verdict: "APPROVE" })).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "reviewId" });

        const early = await decide(version.id, "APPROVE");
        expect(early.errors?.[0]?.extensions?.code).toBe("CONFLICT");
        expect(early.errors?.[0]?.message).toMatch(/LEGAL/);

        await call(legal, SUBMIT_REVIEW, { id: legalReview!.id, verdict: "APPROVE" });
        const pending = await call<{ pendingDecisions: { version: { id: string }; waitedMs: number }[] }>(manager, `query($team: ID!) { pendingDecisions(teamId: $team) { version { id } waitedMs } }`, { team: rep.teamId });
        expect(pending.data!.pendingDecisions.map((p) => p.version.id)).toContain(version.id);

        const decided = await decide(version.id, "RETURN_FOR_REVISION", "按财务意见调整质保金");
        expect(decided.data!.decideProposal.status).toBe("RETURNED");
        const after = await call<{ reviewQueue: unknown[] }>(finance, `{ reviewQueue { id } }`);
        expect(after.data!.reviewQueue).toEqual([]);
      });

      it("issue 13: the queue reads each version with itself, as proposalVersion answers it: the part of its content asked for, and null for a viewer who may not see it", async () => {
        const mover = await createUser(database.handle.db, { role: "REVIEWER", teamId: rep.teamId });
        const version = await submittedVersion();
        expect((await call(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [mover.id] })).errors).toBeUndefined();
        const asked = [
          `content { pricing { totals { totalWithVat { amount currency } } } }`,
          `content { __typename ...Parts a: pricing { currency } b: pricing { totals { vat { amount } } lines { product net { amount } } } }`,
          `number status content { pricing { paymentOptions { name instalments { dueDays } } } }`,
        ];
        const PARTS = `fragment Parts on ProposalContentView { needsAnalysis { summary } risks { risks { risk } } }`;
        for (const fields of asked) {
          const fragments = fields.includes("...Parts") ? PARTS : "";
          const queue = await call<{ reviewQueue: { version: { content: unknown } }[] }>(mover, `{ reviewQueue(first: 5) { version { ${fields} } } } ${fragments}`);
          const byId = await call<{ proposalVersion: { content: unknown } }>(mover, `query($id: ID!) { proposalVersion(id: $id) { ${fields} } } ${fragments}`, { id: version.id });
          expect(queue.errors ?? byId.errors).toBeUndefined();
          expect(queue.data!.reviewQueue).toEqual([{ version: byId.data!.proposalVersion }]);
        }
        const { result: totals, statements } = await database.recordStatements(() =>
          call<{ reviewQueue: { version: { content: { pricing: { totals: { totalWithVat: unknown } } } } }[] }>(mover, `{ reviewQueue { version { ${asked[0]} } } }`),
        );
        expect(totals.data!.reviewQueue[0]!.version.content.pricing.totals.totalWithVat).toEqual({ amount: expect.stringMatching(/^[1-9]\d*$/), currency: "CNY" });
        // Besides the session's, one statement: the queue's own, in which PostgreSQL builds the asked-for total of each version's content.
        const reads = statements.filter((statement) => statement.query.includes('"proposal_versions"'));
        expect(reads.map((statement) => statement.query.includes("jsonb_build_object('totalWithVat'"))).toEqual([true]);

        // The team's manager reads the reviewer's queue with its version; once the reviewer moves to
        // another team, that team's manager reads the review but not the version, as by id.
        const QUEUE_OF = `query($reviewer: ID!) { reviewQueue(reviewerId: $reviewer) { id version { id number } } }`;
        const read = await call<{ reviewQueue: { version: { id: string } | null }[] }>(manager, QUEUE_OF, { reviewer: mover.id });
        expect(read.data!.reviewQueue.map((review) => review.version?.id)).toEqual([version.id]);
        const newTeam = await createTeam(database.handle.db);
        const newManager = await createUser(database.handle.db, { role: "MANAGER", teamId: newTeam.id });
        await database.handle.db.update(users).set({ teamId: newTeam.id }).where(eq(users.id, mover.id));
        const moved = await call<{ reviewQueue: { id: string; version: unknown }[] }>(newManager, QUEUE_OF, { reviewer: mover.id });
        expect(moved.errors).toBeUndefined();
        expect(moved.data!.reviewQueue).toEqual([{ id: expect.any(String), version: null }]);
        expect((await call<{ proposalVersion: unknown }>(newManager, `query($id: ID!) { proposalVersion(id: $id) { id } }`, { id: version.id })).data!.proposalVersion).toBeNull();
        const own = await call<{ reviewQueue: { version: { id: string } }[] }>(mover, `{ reviewQueue { version { id } } }`);
        expect(own.data!.reviewQueue.map((review) => review.version.id)).toEqual([version.id]);
      });

      it.each([
        ["reviewerIds", () => ({ departments: ["FINANCE", "LEGAL"], reviewers: [finance.id] })],
        ["departments", () => ({ departments: ["FINANCE", "FINANCE"], reviewers: [finance.id, legal.id] })],
        ["reviewerIds[0]", () => ({ departments: ["FINANCE"], reviewers: [outsider.id] })],
      ])("refuses a review request with a bad %s, writing nothing", async (field, args) => {
        const version = await submittedVersion();
        const res = await call(manager, START_REVIEW, { id: version.id, ...args() });
        expect(res.errors?.[0]?.extensions?.field).toBe(field);
        const read = await call<{ proposalVersion: { status: string } }>(manager, `query($id: ID!) { proposalVersion(id: $id) { status } }`, { id: version.id });
        expect(read.data!.proposalVersion.status).toBe("SUBMITTED");
      });

      describe("SOP-6.3 an opportunity lost while its proposal waits", () => {
        const opportunityOf = async (versionId: string) =>
          (await call<{ proposalVersion: { proposal: { opportunity: { id: string } } } }>(manager, `query($id: ID!) { proposalVersion(id: $id) { proposal { opportunity { id } } } }`, { id: versionId }))
            .data!.proposalVersion.proposal.opportunity.id;
        const setLost = (opportunityId: string, lost: boolean) =>
          call<Record<string, { stage: string }>>(
            rep,
            lost ? `mutation($id: ID!) { markLost(opportunityId: $id, reason: PRICE) { stage } }` : `mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { stage } }`,
            { id: opportunityId },
          );
        const queued = async () => (await call<{ reviewQueue: { id: string }[] }>(finance, `{ reviewQueue { id } }`)).data!.reviewQueue.map((r) => r.id);
        const pending = async () =>
          (await call<{ pendingDecisions: { version: { id: string } }[] }>(manager, `query($team: ID!) { pendingDecisions(teamId: $team) { version { id } } }`, { team: rep.teamId })).data!.pendingDecisions.map(
            (p) => p.version.id,
          );

        it("drops out of the review queue and cannot be reviewed until the opportunity is reopened", async () => {
          const version = await submittedVersion();
          const [review] = (await call<{ startReview: { id: string }[] }>(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [finance.id] })).data!.startReview;
          const opportunityId = await opportunityOf(version.id);

          expect((await setLost(opportunityId, true)).errors).toBeUndefined();
          expect(await queued()).not.toContain(review!.id);
          const closed = await call(finance, SUBMIT_REVIEW, { id: review!.id, verdict: "APPROVE" });
          expect(closed.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "reviewId" });
          expect(closed.errors?.[0]?.message).toMatch(/LOST/);

          expect((await setLost(opportunityId, false)).data!.reopenOpportunity!.stage).toBe("IN_REVIEW");
          expect(await queued()).toContain(review!.id);
          expect((await call(finance, SUBMIT_REVIEW, { id: review!.id, verdict: "APPROVE" })).errors).toBeUndefined();
        });

        it("drops out of the pending decisions and cannot be decided until the opportunity is reopened", async () => {
          const version = await submittedVersion();
          const opportunityId = await opportunityOf(version.id);
          expect(await pending()).toContain(version.id);

          await setLost(opportunityId, true);
          expect(await pending()).not.toContain(version.id);
          const refused = await decide(version.id, "RETURN_FOR_REVISION", "补充风险");
          expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });
          expect(refused.errors?.[0]?.message).toMatch(/is LOST, not IN_REVIEW; reopen it first/);
          const started = await call(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [finance.id] });
          expect(started.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "proposalVersionId" });

          await setLost(opportunityId, false);
          expect(await pending()).toContain(version.id);
          const [review] = (await call<{ startReview: { id: string }[] }>(manager, START_REVIEW, { id: version.id, departments: ["FINANCE"], reviewers: [finance.id] })).data!.startReview;
          await call(finance, SUBMIT_REVIEW, { id: review!.id, verdict: "APPROVE" });
          expect((await decide(version.id, "APPROVE")).data!.decideProposal).toMatchObject({ status: "APPROVED", proposal: { opportunity: { stage: "IN_REVIEW" } } });
        });

        it("only a lost opportunity reopens: one in review waits for the manager's decision", async () => {
          const version = await submittedVersion();
          const refused = await setLost(await opportunityOf(version.id), false);
          expect(refused.errors?.[0]?.extensions).toMatchObject({ code: "INVALID_TRANSITION", field: "opportunityId" });
          expect(refused.errors?.[0]?.message).toBe("only a lost opportunity can be reopened; this one is IN_REVIEW");
          expect((await decide(version.id, "RETURN_FOR_REVISION", "补充风险")).data!.decideProposal.status).toBe("RETURNED");
        });
      });

      it("is the manager's to start, and only once", async () => {
        const version = await submittedVersion();
        const args = { id: version.id, departments: ["TECHNICAL"], reviewers: [finance.id] };
        expect((await call(rep, START_REVIEW, args)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
        expect((await call(manager, START_REVIEW, args)).errors).toBeUndefined();
        expect((await call(manager, START_REVIEW, args)).errors?.[0]?.extensions?.code).toBe("CONFLICT");
      });
    });

    it.each([
      ["input.pricing.lines[0].quantity", { lines: [{ ...COMPLETE_PARTS.pricing.lines[0], quantity: -2 }] }],
      ["input.pricing.lines[0].discountBasisPoints", { lines: [{ ...COMPLETE_PARTS.pricing.lines[0], discountBasisPoints: 10001 }] }],
      ["input.pricing.lines[0].unitPrice.currency", { lines: [{ ...COMPLETE_PARTS.pricing.lines[0], unitPrice: { amount: "100", currency: "USD" } }] }],
      ["input.pricing.lines[0].unitPrice.amount", { lines: [{ ...COMPLETE_PARTS.pricing.lines[0], unitPrice: { amount: "1000000000000000", currency: "CNY" } }] }],
      ["input.pricing.paymentOptions[0].instalments", { paymentOptions: [{ ...COMPLETE_PARTS.pricing.paymentOptions[0], instalments: [{ trigger: "ADVANCE", percentBasisPoints: 9000, dueDays: null }] }] }],
    ])("rejects pricing with a bad %s, writing nothing", async (field, change) => {
      const proposal = await newProposal();
      const res = await update(proposal, { pricing: { ...COMPLETE_PARTS.pricing, ...change } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field });
      const read = await call<{ proposal: ProposalView }>(rep, `query($id: ID!) { proposal(id: $id) { ${PROPOSAL} } }`, { id: proposal.id });
      expect(read.data!.proposal.version).toBe(proposal.version);
    });

    it("rejects milestone dates out of order, naming the milestone", async () => {
      const proposal = await newProposal();
      const [first, second] = COMPLETE_PARTS.implementationPlan.milestones;
      const res = await update(proposal, { implementationPlan: { milestones: [{ ...first!, date: "2027-03-01" }, { ...second!, date: "2027-02-01" }] } });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.implementationPlan.milestones[1].date" });
    });

    it("answers a stale expectedVersion with CONFLICT", async () => {
      const proposal = await newProposal();
      await update(proposal, { solution: COMPLETE_PARTS.solution });
      const stale = await update(proposal, { risks: COMPLETE_PARTS.risks });
      expect(stale.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", field: "expectedVersion" });
    });

    it("is the owner's to change: another rep gets NOT_FOUND, an analyst reads it but cannot change it", async () => {
      const proposal = await newProposal();
      expect((await update(proposal, { solution: COMPLETE_PARTS.solution }, otherRep)).errors?.[0]?.extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });
      const seen = await call<{ proposal: { id: string } | null }>(otherRep, `query($id: ID!) { proposal(id: $id) { id } }`, { id: proposal.id });
      expect(seen.data!.proposal).toBeNull();
      const read = await call<{ proposal: { id: string } }>(analyst, `query($id: ID!) { proposal(id: $id) { id } }`, { id: proposal.id });
      expect(read.data!.proposal.id).toBe(proposal.id);
      expect((await update(proposal, { solution: COMPLETE_PARTS.solution }, analyst)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("keeps each deal's furthest stage for the funnel, as its stage history says: a rejected or returned one still reached IN_REVIEW (issue 9)", async () => {
      const kept = await expectFunnelProgressKept(database.handle.db);
      expect(kept.furtherThanNow).toBeGreaterThan(0);
      expect(kept.furthest.IN_REVIEW).toBeGreaterThan(0);
    });

    it("has decided, for every key the services wrote into a lead's history, whether an analyst may read it (issue 10, finding 1)", async () => {
      expect((await expectHistoryKeysDecided(database.handle.db)).length).toBeGreaterThan(0);
    });
  });
}
