import { COMPLETE_PARTS, COMPLETE_PREP, type GraphqlResponse, type TestServer, type UserRow } from "@sales/api/testing";

// The pipeline operations (SOP sections 4–6) the acceptance and end-to-end tests drive, as a
// client app sends them. `call` fails the test with the server's errors when the API refuses;
// `attempt` returns the raw answer for tests that expect a refusal. A caller is a user (the test
// server signs a token for them) or a bearer token from `login`.

export type Caller = Pick<UserRow, "id"> | string;



export const OPPORTUNITY = `id name stage expectedCloseOn signals lossReason lossNote version
  estimatedValue { amount currency }
  lead { id status }
  owner { id }
  priceFloor { amount currency }
  pendingPriceFloor { amount currency }
  negotiationPrep { gaps priceFloor { amount currency } }
  contract { amount { amount currency } signedOn paymentTerms awaitsApproval }
  stageHistory { fromStage toStage at leftAt durationMs actor { id } }`;

export interface MoneyView {
  amount: string;
  currency: string;
}

export interface StageChangeView {
  fromStage: string | null;
  toStage: string;
  at: string;
  leftAt: string | null;
  durationMs: number;
  actor: { id: string };
}

export interface OpportunityView {
  id: string;
  name: string;
  stage: string;
  expectedCloseOn: string;
  signals: string[];
  lossReason: string | null;
  lossNote: string | null;
  version: number;
  estimatedValue: MoneyView;
  lead: { id: string; status: string } | null;
  owner: { id: string };
  priceFloor: MoneyView | null;
  pendingPriceFloor: MoneyView | null;
  negotiationPrep: { gaps: string[]; priceFloor: MoneyView | null } | null;
  contract: { amount: MoneyView; signedOn: string; paymentTerms: string; awaitsApproval: boolean } | null;
  stageHistory: StageChangeView[];
}

const TOTALS = "gross { amount } discount { amount } totalWithoutVat { amount } vat { amount } totalWithVat { amount }";
export const PROPOSAL = `id version editable
  missingParts { part reason }
  content { pricing { currency totals { ${TOTALS} } lines { product gross { amount } discount { amount } net { amount } vat { amount } totalWithoutVat { amount } totalWithVat { amount } } } }
  versions { id number status }
  opportunity { id stage }`;

type Amount = { amount: string };
export interface ProposalView {
  id: string;
  version: number;
  editable: boolean;
  missingParts: { part: string; reason: string }[];
  content: {
    pricing: {
      currency: string;
      totals: Record<"gross" | "discount" | "totalWithoutVat" | "vat" | "totalWithVat", Amount> | null;
      lines: ({ product: string } & Record<"gross" | "discount" | "net" | "vat" | "totalWithoutVat" | "totalWithVat", Amount>)[];
    } | null;
  };
  versions: { id: string; number: number; status: string }[];
  opportunity: { id: string; stage: string };
}

export const VERSION = `id number status decisionNote submittedAt
  reviews { id department verdict reviewer { id } comments { part text } }`;

export interface VersionView {
  id: string;
  number: number;
  status: string;
  decisionNote: string | null;
  submittedAt: string;
  reviews: ReviewView[];
}

export const REVIEW = "id department verdict submittedAt waitedMs reviewer { id } comments { part text } version { id number }";

export interface ReviewView {
  id: string;
  department: string;
  verdict: string | null;
  submittedAt?: string | null;
  waitedMs?: number;
  reviewer: { id: string };
  comments: { part: string; text: string }[];
  version?: { id: string; number: number } | null;
}

export interface PartDiff {
  part: string;
  changed: boolean;
  changes: { path: string; before: unknown; after: unknown }[];
}

export interface FollowUpView {
  id: string;
  status: string;
  kind: string;
  signals: string[];
}

export class PipelineClient {
  private sequence = 0;

  constructor(private readonly api: TestServer) {}

  attempt<T>(as: Caller, query: string, variables: Record<string, unknown> = {}): Promise<GraphqlResponse<T>> {
    return this.api.graphql<T>(query, variables, { as });
  }

  async call<T>(as: Caller, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    return dataOf(await this.attempt<T>(as, query, variables));
  }

  /** SOP-1 a new lead (tier B until assessed) and its open first-contact follow-up. */
  async capture(as: Caller, input: Record<string, unknown> = {}): Promise<{ id: string; nextFollowUp: { id: string } }> {
    this.sequence += 1;
    const data = await this.call<{ captureLead: { lead: { id: string; nextFollowUp: { id: string } } } }>(
      as,
      `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id nextFollowUp { id } } } }`,
      {
        input: {
          channel: "SEMINAR",
          companyName: `管道验收${this.sequence}号有限公司`,
          contactName: "林涛",
          email: `pipeline-${this.sequence}@example.cn`,
          ...input,
        },
      },
    );
    return data.captureLead.lead;
  }

  /** SOP-3 completes an open follow-up as reached, with the signals the rep noticed (SOP-4.1/4.2). */
  async complete(as: Caller, followUpId: string, signals: string[]): Promise<{ completed: FollowUpView; next: FollowUpView | null }> {
    const FOLLOW_UP = "id status kind signals";
    const data = await this.call<{ completeFollowUp: { completed: FollowUpView; next: FollowUpView | null } }>(
      as,
      `mutation($id: ID!, $signals: [BuyingSignal!]!) {
        completeFollowUp(id: $id, input: { outcome: CONNECTED, signals: $signals }) { completed { ${FOLLOW_UP} } next { ${FOLLOW_UP} } }
      }`,
      { id: followUpId, signals },
    );
    return data.completeFollowUp;
  }

  async suggestions(as: Caller, ownerId?: string): Promise<{ lead: { id: string }; signals: string[]; reason: string }[]> {
    const data = await this.call<{ opportunitySuggestions: { lead: { id: string }; signals: string[]; reason: string }[] }>(
      as,
      `query($ownerId: ID) { opportunitySuggestions(ownerId: $ownerId) { lead { id } signals reason } }`,
      { ownerId },
    );
    return data.opportunitySuggestions;
  }

  async openOpportunity(as: Caller, leadId: string, input: Record<string, unknown> = {}): Promise<OpportunityView> {
    const data = await this.call<{ openOpportunity: OpportunityView }>(
      as,
      `mutation($leadId: ID!, $input: OpenOpportunityInput!) { openOpportunity(leadId: $leadId, input: $input) { ${OPPORTUNITY} } }`,
      { leadId, input: { name: "产线数字化改造", estimatedValue: { amount: "106000000", currency: "CNY" }, expectedCloseOn: "2027-03-31", ...input } },
    );
    return data.openOpportunity;
  }

  /** A fresh lead, opened straight away as an opportunity (stage OPPORTUNITY). */
  async newOpportunity(as: Caller): Promise<OpportunityView> {
    return this.openOpportunity(as, (await this.capture(as)).id);
  }

  /** The opportunity as `as` sees it; null when it is not theirs to see. */
  async opportunity(as: Caller, id: string): Promise<OpportunityView | null> {
    const data = await this.call<{ opportunity: OpportunityView | null }>(as, `query($id: ID!) { opportunity(id: $id) { ${OPPORTUNITY} } }`, { id });
    return data.opportunity;
  }

  async createProposal(as: Caller, opportunityId: string): Promise<ProposalView> {
    const data = await this.call<{ createProposal: ProposalView }>(as, `mutation($id: ID!) { createProposal(opportunityId: $id) { ${PROPOSAL} } }`, { id: opportunityId });
    return data.createProposal;
  }

  updateProposalAttempt(as: Caller, proposal: { id: string; version: number }, input: Record<string, unknown>) {
    return this.attempt<{ updateProposal: ProposalView }>(
      as,
      `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { ${PROPOSAL} } }`,
      { id: proposal.id, input, v: proposal.version },
    );
  }

  async updateProposal(as: Caller, proposal: { id: string; version: number }, input: Record<string, unknown>): Promise<ProposalView> {
    return dataOf(await this.updateProposalAttempt(as, proposal, input)).updateProposal;
  }

  async proposal(as: Caller, id: string): Promise<ProposalView | null> {
    const data = await this.call<{ proposal: ProposalView | null }>(as, `query($id: ID!) { proposal(id: $id) { ${PROPOSAL} } }`, { id });
    return data.proposal;
  }

  submitProposalAttempt(as: Caller, proposalId: string) {
    return this.attempt<{ submitProposal: VersionView }>(as, `mutation($id: ID!) { submitProposal(id: $id) { ${VERSION} } }`, { id: proposalId });
  }

  async submitProposal(as: Caller, proposalId: string): Promise<VersionView> {
    return dataOf(await this.submitProposalAttempt(as, proposalId)).submitProposal;
  }

  /** An opportunity with a complete proposal, submitted as version 1 (stage IN_REVIEW). */
  async submittedProposal(rep: Caller): Promise<{ opportunityId: string; proposal: ProposalView; version: VersionView }> {
    const opportunity = await this.newOpportunity(rep);
    const draft = await this.createProposal(rep, opportunity.id);
    const proposal = await this.updateProposal(rep, draft, COMPLETE_PARTS);
    const version = await this.submitProposal(rep, proposal.id);
    return { opportunityId: opportunity.id, proposal, version };
  }

  /** An opportunity whose proposal version 1 finance reviewed and the manager approved (still IN_REVIEW, ready to negotiate). */
  async approvedOpportunity(rep: Caller, manager: Caller, reviewer: Pick<UserRow, "id">): Promise<string> {
    const { opportunityId, version } = await this.submittedProposal(rep);
    await this.reviewAndApprove(manager, reviewer, version.id);
    return opportunityId;
  }

  /** SOP-5.3 the manager sends the version to finance, the reviewer approves it, and so does the manager. */
  async reviewAndApprove(manager: Caller, reviewer: Pick<UserRow, "id">, versionId: string): Promise<VersionView & { proposal: ProposalView | null }> {
    const [review] = await this.startReview(manager, versionId, ["FINANCE"], [reviewer.id]);
    await this.submitReview(reviewer, review!.id, "APPROVE");
    return this.decide(manager, versionId, "APPROVE");
  }

  async startReview(as: Caller, versionId: string, departments: string[], reviewerIds: string[]): Promise<ReviewView[]> {
    const data = await this.call<{ startReview: ReviewView[] }>(
      as,
      `mutation($id: ID!, $departments: [ReviewDepartment!]!, $reviewers: [ID!]!) {
        startReview(proposalVersionId: $id, departments: $departments, reviewerIds: $reviewers) { ${REVIEW} } }`,
      { id: versionId, departments, reviewers: reviewerIds },
    );
    return data.startReview;
  }

  submitReviewAttempt(as: Caller, reviewId: string, verdict: string, comments: { part: string; text: string }[] = []) {
    return this.attempt<{ submitReview: ReviewView }>(
      as,
      `mutation($id: ID!, $verdict: ReviewVerdict!, $comments: [ReviewCommentInput!]!) {
        submitReview(reviewId: $id, verdict: $verdict, comments: $comments) { ${REVIEW} } }`,
      { id: reviewId, verdict, comments },
    );
  }

  async submitReview(as: Caller, reviewId: string, verdict: string, comments: { part: string; text: string }[] = []): Promise<ReviewView> {
    return dataOf(await this.submitReviewAttempt(as, reviewId, verdict, comments)).submitReview;
  }

  async reviewQueue(as: Caller): Promise<ReviewView[]> {
    return (await this.call<{ reviewQueue: ReviewView[] }>(as, `{ reviewQueue { ${REVIEW} } }`)).reviewQueue;
  }

  decideAttempt(as: Caller, versionId: string, decision: string, note: string | null = null) {
    return this.attempt<{ decideProposal: VersionView & { proposal: ProposalView | null } }>(
      as,
      `mutation($id: ID!, $decision: ManagerDecision!, $note: String) {
        decideProposal(proposalVersionId: $id, decision: $decision, note: $note) { ${VERSION} proposal { ${PROPOSAL} } } }`,
      { id: versionId, decision, note },
    );
  }

  async decide(as: Caller, versionId: string, decision: string, note: string | null = null): Promise<VersionView & { proposal: ProposalView | null }> {
    return dataOf(await this.decideAttempt(as, versionId, decision, note)).decideProposal;
  }

  async diff(as: Caller, versionId: string, againstVersionId: string): Promise<PartDiff[]> {
    const data = await this.call<{ proposalVersion: { diff: PartDiff[] } }>(
      as,
      `query($id: ID!, $against: ID!) { proposalVersion(id: $id) { diff(againstVersionId: $against) { part changed changes { path before after } } } }`,
      { id: versionId, against: againstVersionId },
    );
    return data.proposalVersion.diff;
  }

  prepareAttempt(as: Caller, opportunityId: string, input: Record<string, unknown> = COMPLETE_PREP) {
    return this.attempt<{ negotiationPrep: OpportunityView }>(
      as,
      `mutation($id: ID!, $input: NegotiationPrepInput!) { negotiationPrep(opportunityId: $id, input: $input) { ${OPPORTUNITY} } }`,
      { id: opportunityId, input },
    );
  }

  async prepare(as: Caller, opportunityId: string, input: Record<string, unknown> = COMPLETE_PREP): Promise<OpportunityView> {
    return dataOf(await this.prepareAttempt(as, opportunityId, input)).negotiationPrep;
  }

  startNegotiationAttempt(as: Caller, opportunityId: string) {
    return this.attempt<{ startNegotiation: OpportunityView }>(as, `mutation($id: ID!) { startNegotiation(opportunityId: $id) { ${OPPORTUNITY} } }`, { id: opportunityId });
  }

  async startNegotiation(as: Caller, opportunityId: string): Promise<OpportunityView> {
    return dataOf(await this.startNegotiationAttempt(as, opportunityId)).startNegotiation;
  }

  recordContractAttempt(as: Caller, opportunityId: string, amount: string, signedOn = "2026-11-26", paymentTerms = "30/40/20/10 分期") {
    return this.attempt<{ recordContract: OpportunityView }>(
      as,
      `mutation($id: ID!, $amount: MoneyInput!, $signedOn: LocalDate!, $terms: String!) {
        recordContract(opportunityId: $id, amount: $amount, signedOn: $signedOn, paymentTerms: $terms) { ${OPPORTUNITY} } }`,
      { id: opportunityId, amount: { amount, currency: "CNY" }, signedOn, terms: paymentTerms },
    );
  }

  async recordContract(as: Caller, opportunityId: string, amount: string, signedOn?: string, paymentTerms?: string): Promise<OpportunityView> {
    return dataOf(await this.recordContractAttempt(as, opportunityId, amount, signedOn, paymentTerms)).recordContract;
  }

  approveContractAttempt(as: Caller, opportunityId: string) {
    return this.attempt<{ approveContract: OpportunityView }>(as, `mutation($id: ID!) { approveContract(opportunityId: $id) { ${OPPORTUNITY} } }`, { id: opportunityId });
  }

  markLostAttempt(as: Caller, opportunityId: string, reason: string, note: string | null = null) {
    return this.attempt<{ markLost: OpportunityView }>(
      as,
      `mutation($id: ID!, $reason: LossReason!, $note: String) { markLost(opportunityId: $id, reason: $reason, note: $note) { ${OPPORTUNITY} } }`,
      { id: opportunityId, reason, note },
    );
  }
}

/** Fails with the server's errors when a response has any; returns its data. */
export function dataOf<T>(res: GraphqlResponse<T>): T {
  if (res.errors) throw new Error(`The API refused: ${JSON.stringify(res.errors)}`);
  return res.data!;
}
