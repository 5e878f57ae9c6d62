import { apiData, type PortalApp } from "./portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REVIEWER = "reviewer.east@demo.example.com";

export interface Candidate {
  opportunityId: string;
  opportunityName: string;
  ownerEmail: string;
  proposalId: string;
  proposalVersion: number;
  latest: { id: string; number: number; status: string };
}

/** README's revision round: the pricing of version 2 moves 5 % from acceptance to retention; a risk is added. */
const REVISION = `mutation ($id: ID!, $expected: Int!) { updateProposal(id: $id, expectedVersion: $expected, input: {
  pricing: { currency: "CNY",
    lines: [{ product: "边缘网关", quantity: 20, unitPrice: { amount: "5000000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: false }],
    paymentOptions: [{ name: "分期", description: "预付、到货、验收、质保金", pros: ["客户现金流压力小"], cons: ["回款周期长"],
      instalments: [{ trigger: ADVANCE, percentBasisPoints: 3000 }, { trigger: DELIVERY, percentBasisPoints: 4000, dueDays: 30 },
                    { trigger: ACCEPTANCE, percentBasisPoints: 2000, dueDays: 30 }, { trigger: RETENTION, percentBasisPoints: 1000, dueDays: 365 }] }] }
  risks: { risks: [{ risk: "供应商交货延迟", likelihood: MEDIUM, impact: HIGH, countermeasure: "双供应商备货" },
                   { risk: "需求变更", likelihood: LOW, impact: MEDIUM, countermeasure: "变更评审流程" }] }
}) { version } }`;

/**
 * The demo seed has no proposal with a second version waiting, so the setup makes two the way
 * the README's walk-through does: version 1 returned for revision, the rep revises and resubmits,
 * the manager asks finance to review version 2. For the first the reviewer answers (so it waits
 * for the manager's decision); the second stays in the reviewer's queue.
 */
export async function revisedVersions(app: PortalApp): Promise<{ teamId: string; decide: { candidate: Candidate; v2: string; v1: string }; review: { candidate: Candidate; v2: string; v1: string } }> {
  const manager = await app.tokenFor(MANAGER);
  const reviewer = await app.tokenFor(REVIEWER);
  const { viewer } = await apiData<{ viewer: { team: { id: string } } }>(app, "{ viewer { team { id } } }", {}, manager);
  const { users } = await apiData<{ users: { id: string; email: string }[] }>(app, "{ users(role: REVIEWER) { id email } }", {}, manager);
  const reviewerId = users.find((user) => user.email === REVIEWER)!.id;
  const { opportunities } = await apiData<{ opportunities: { edges: { node: { id: string; name: string; owner: { email: string }; proposals: { id: string; version: number; latestVersion: Candidate["latest"] | null }[] } }[] } }>(
    app,
    `{ opportunities(first: 200, filter: { stage: [PROPOSAL, IN_REVIEW] }) { edges { node { id name owner { email } proposals { id version latestVersion { id number status } } } } } }`,
    {},
    manager,
  );
  const candidates: Candidate[] = opportunities.edges.flatMap(({ node }) =>
    node.proposals
      .filter((proposal) => proposal.latestVersion && ["SUBMITTED", "RETURNED"].includes(proposal.latestVersion.status))
      .map((proposal) => ({ opportunityId: node.id, opportunityName: node.name, ownerEmail: node.owner.email, proposalId: proposal.id, proposalVersion: proposal.version, latest: proposal.latestVersion! })),
  );
  if (candidates.length < 2) throw new Error(`The demo seed has ${candidates.length} submitted or returned proposals in East China; the tests need 2`);

  const revise = async (candidate: Candidate, answer: boolean) => {
    if (candidate.latest.status === "SUBMITTED") {
      await apiData(app, `mutation ($id: ID!) { decideProposal(proposalVersionId: $id, decision: RETURN_FOR_REVISION, note: "请补充付款条件") { status } }`, { id: candidate.latest.id }, manager);
    }
    const rep = await app.tokenFor(candidate.ownerEmail);
    const { proposal } = await apiData<{ proposal: { version: number } }>(app, `query ($id: ID!) { proposal(id: $id) { version } }`, { id: candidate.proposalId }, rep);
    await apiData(app, REVISION, { id: candidate.proposalId, expected: proposal.version }, rep);
    const { submitProposal } = await apiData<{ submitProposal: { id: string; number: number } }>(app, `mutation ($id: ID!) { submitProposal(id: $id) { id number } }`, { id: candidate.proposalId }, rep);
    const { startReview } = await apiData<{ startReview: { id: string }[] }>(
      app,
      `mutation ($id: ID!, $reviewer: ID!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: [$reviewer]) { id } }`,
      { id: submitProposal.id, reviewer: reviewerId },
      manager,
    );
    if (answer) {
      await apiData(app, `mutation ($id: ID!) { submitReview(reviewId: $id, verdict: REQUEST_CHANGES, comments: [{ part: PRICING, text: "质保金比例偏低，建议提高到 10%" }]) { verdict } }`, { id: startReview[0]!.id }, reviewer);
    }
    return { candidate, v2: submitProposal.id, v1: candidate.latest.id };
  };
  const decide = await revise(candidates[0]!, true);
  const review = await revise(candidates[1]!, false);
  return { teamId: viewer.team.id, decide, review };
}
