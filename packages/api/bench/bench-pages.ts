// The pages the benchmark drives: each a GraphQL operation as a client sends it, the demo
// account that asks, and whether the raw baseline (raw-server.ts) answers it too.

/** The demo accounts (db:generate-large and db:seed create them; all share DEMO_PASSWORD). */
export const BENCH_ACCOUNTS = {
  manager: "manager.east@demo.example.com",
  rep: "rep1.east@demo.example.com",
  reviewer: "reviewer.east@demo.example.com",
} as const;
export type BenchAccount = keyof typeof BENCH_ACCOUNTS;

export interface BenchPage {
  name: string;
  /** The raw baseline picks its statement by this name. */
  operationName: string;
  query: string;
  account: BenchAccount;
  /** Answered by the raw baseline too, with the same JSON. */
  raw: boolean;
  /** Measured at a fixed rate too: the pages issue 13 sets a latency goal for. */
  openLoop: boolean;
}

const LEAD_NODE = `id companyName contactName phone tier status createdAt
  owner { id displayName } nextFollowUp { id kind channel dueAt isOverdue }`;

export const BENCH_PAGES: BenchPage[] = [
  {
    name: "leads first: 50 (manager)",
    operationName: "LeadsPage",
    query: `query LeadsPage { leads(first: 50) { edges { node { ${LEAD_NODE} } } pageInfo { hasNextPage } } }`,
    account: "manager",
    raw: true,
    openLoop: true,
  },
  {
    name: "pipeline first: 20 (manager)",
    operationName: "PipelinePage",
    // The README's pipeline query, as the manager sees it.
    query: `query PipelinePage { opportunities(first: 20, orderBy: CLOSE_DATE_ASC,
      filter: { stage: [OPPORTUNITY, PROPOSAL, IN_REVIEW, NEGOTIATION] }) {
      edges { node { name stage expectedCloseOn estimatedValue { amount currency } priceFloor { amount }
        lead { companyName tier } owner { displayName } latestProposalVersion { number status }
        pendingReviews { department reviewer { displayName } waitedMs } } } } }`,
    account: "manager",
    raw: true,
    openLoop: true,
  },
  {
    name: "leads first: 50 with totalCount (manager)",
    operationName: "LeadsPageWithCount",
    query: `query LeadsPageWithCount { leads(first: 50) { totalCount edges { node { ${LEAD_NODE} } } pageInfo { hasNextPage } } }`,
    account: "manager",
    raw: true,
    openLoop: false,
  },
  {
    name: "follow-up queue first: 20 (rep)",
    operationName: "FollowUpQueue",
    // The README's rep's day.
    query: `query FollowUpQueue { followUpQueue(first: 20) { edges { node { id kind channel dueAt bucket isOverdue lead { companyName } } } } }`,
    account: "rep",
    raw: false,
    openLoop: false,
  },
  {
    name: "review queue first: 50 (reviewer)",
    operationName: "ReviewQueue",
    // Each version's computed total, as the review desk shows it.
    query: `query ReviewQueue { reviewQueue(first: 50) { id department requestedAt waitedMs
      version { number content { pricing { totals { totalWithVat { amount currency } } } } } } }`,
    account: "reviewer",
    raw: false,
    openLoop: false,
  },
];

/** Durations that grow between two requests, so two answers may differ by this much (ms). */
export const ANSWER_TOLERANCES = { waitedMs: 60_000 };

export function requestBody(page: BenchPage): string {
  return JSON.stringify({ operationName: page.operationName, query: page.query, variables: {} });
}
