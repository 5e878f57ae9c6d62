import { graphql, type ResultOf } from "../graphql/graphql.ts";

/*
 * The shapes the desk's documents share, as fragments. `@_unmask` keeps their fields in each
 * query's own result type (gql.tada masks a fragment's fields by default), since the desk reads
 * them where it reads the rest.
 */
const Person = graphql(`
  fragment DeskPerson on User @_unmask {
    id
    displayName
  }
`);

const Amount = graphql(`
  fragment DeskMoney on Money @_unmask {
    amount
    currency
  }
`);

/** The opportunity a version is for, and its customer (null where the viewer may not see the lead). */
const VersionOpportunity = graphql(`
  fragment DeskOpportunity on Opportunity @_unmask {
    id
    name
    lead {
      id
      companyName
    }
  }
`);

/** A proposal's totals: this version's, and the previous one's to mark what changed. */
const Totals = graphql(
  `
    fragment DeskTotals on PricingTotals @_unmask {
      gross {
        ...DeskMoney
      }
      discount {
        ...DeskMoney
      }
      totalWithoutVat {
        ...DeskMoney
      }
      vat {
        ...DeskMoney
      }
      totalWithVat {
        ...DeskMoney
      }
    }
  `,
  [Amount],
);

/** SOP-5.3 a team's versions waiting for the manager's decision, longest waiting first (the API's order). */
export const PendingDecisionsQuery = graphql(
  `
    query ReviewDeskPendingDecisions($teamId: ID!) {
      pendingDecisions(teamId: $teamId, first: 100) {
        waitedMs
        waitingSince
        version {
          id
          number
          status
          submittedBy {
            ...DeskPerson
          }
          reviews {
            id
            verdict
          }
          proposal {
            id
            opportunity {
              ...DeskOpportunity
            }
          }
        }
      }
    }
  `,
  [Person, VersionOpportunity],
);

export type PendingDecisionRow = ResultOf<typeof PendingDecisionsQuery>["pendingDecisions"][number];

/** SOP-5.3 the reviews still waiting for the signed-in reviewer, oldest first. */
export const ReviewQueueQuery = graphql(
  `
    query ReviewDeskQueue {
      reviewQueue(first: 100) {
        id
        department
        requestedAt
        waitedMs
        version {
          id
          number
          status
          submittedBy {
            ...DeskPerson
          }
        }
      }
    }
  `,
  [Person],
);

export type ReviewQueueRow = ResultOf<typeof ReviewQueueQuery>["reviewQueue"][number];

/** Teams an analyst or admin can pick a desk from. */
export const DeskTeamsQuery = graphql(`
  query ReviewDeskTeams {
    teams(first: 500) {
      id
      name
      timeZone
    }
  }
`);

export type DeskTeam = ResultOf<typeof DeskTeamsQuery>["teams"][number];

/**
 * One version as a document (SOP-5.2's six parts, prices computed by the API), its reviews with
 * comments tied to parts (SOP-5.3), and the proposal's versions to find the one before it (SOP-5.4:
 * its totals). A reviewer gets `proposal: null`: the API shows them only the versions assigned to them.
 */
export const VersionDocumentQuery = graphql(
  `
    query ReviewDeskVersion($id: ID!) {
      proposalVersion(id: $id) {
        id
        number
        status
        submittedAt
        decidedAt
        decisionNote
        submittedBy {
          ...DeskPerson
        }
        proposal {
          id
          opportunity {
            ...DeskOpportunity
          }
          versions(last: 100) {
            id
            number
          }
        }
        reviews {
          id
          department
          verdict
          requestedAt
          submittedAt
          reviewer {
            ...DeskPerson
          }
          comments {
            part
            text
          }
        }
        content {
          needsAnalysis {
            summary
            painPoints {
              pain
              cause
            }
          }
          solution {
            summary
            configuration
          }
          productIntroduction {
            summary
            strengths
            caseStudies
          }
          implementationPlan {
            milestones {
              name
              date
              deliverable
              owner
            }
          }
          pricing {
            currency
            lines {
              product
              quantity
              unitPrice {
                ...DeskMoney
              }
              discountBasisPoints
              vatRateBasisPoints
              pricesIncludeVat
              gross {
                ...DeskMoney
              }
              discount {
                ...DeskMoney
              }
              net {
                ...DeskMoney
              }
              vat {
                ...DeskMoney
              }
              totalWithVat {
                ...DeskMoney
              }
            }
            totals {
              ...DeskTotals
            }
            paymentOptions {
              name
              description
              pros
              cons
              instalments {
                trigger
                percentBasisPoints
                dueDays
              }
            }
          }
          risks {
            risks {
              risk
              likelihood
              impact
              countermeasure
            }
          }
        }
      }
    }
  `,
  [Person, VersionOpportunity, Amount, Totals],
);

export type DeskVersion = NonNullable<ResultOf<typeof VersionDocumentQuery>["proposalVersion"]>;
export type DeskContent = DeskVersion["content"];
export type DeskReview = DeskVersion["reviews"][number];

/**
 * SOP-5.4 what changed since the version just before this one, part by part (null for version 1).
 * The API answers it to whoever may read this version, reviewers included.
 */
export const VersionDiffQuery = graphql(`
  query ReviewDeskDiff($id: ID!) {
    proposalVersion(id: $id) {
      id
      diffFromPrevious {
        part
        changed
        changes {
          path
          before
          after
        }
      }
    }
  }
`);

/**
 * The previous version's totals, to mark the totals that changed (they are computed, so the diff
 * does not list them). Asked only where the viewer may read that version (not reviewers).
 */
export const PreviousTotalsQuery = graphql(
  `
    query ReviewDeskPreviousTotals($id: ID!) {
      proposalVersion(id: $id) {
        id
        number
        content {
          pricing {
            totals {
              ...DeskTotals
            }
          }
        }
      }
    }
  `,
  [Totals],
);

export type DeskDiff = ResultOf<typeof VersionDiffQuery>;

/** SOP-5.3 the manager's decision; the note is required unless approving (the API says so). */
export const DecideProposalMutation = graphql(`
  mutation ReviewDeskDecide($id: ID!, $decision: ManagerDecision!, $note: String) {
    decideProposal(proposalVersionId: $id, decision: $decision, note: $note) {
      id
      status
      decidedAt
      decisionNote
    }
  }
`);

/** SOP-5.3 a reviewer's verdict with comments tied to parts. */
export const SubmitReviewMutation = graphql(`
  mutation ReviewDeskSubmitReview($reviewId: ID!, $verdict: ReviewVerdict!, $comments: [ReviewCommentInput!]!) {
    submitReview(reviewId: $reviewId, verdict: $verdict, comments: $comments) {
      id
      verdict
      submittedAt
      comments {
        part
        text
      }
    }
  }
`);
