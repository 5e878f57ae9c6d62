import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * One opportunity as the opportunity page shows it: stage history with the API's time in each
 * stage, the proposal's versions with their reviews, the negotiation checklist (its price floor
 * only where the API returns it: the owner and the team's managers), and the contract or loss.
 * Review comments stay on the review desk: with them this would cost past the API's limit.
 */
export const OpportunityQuery = graphql(`
  query OpportunityPage($id: ID!) {
    opportunity(id: $id) {
      id
      name
      stage
      createdAt
      expectedCloseOn
      estimatedValue {
        amount
        currency
      }
      owner {
        id
        displayName
      }
      team {
        id
        name
        timeZone
      }
      lead {
        id
        companyName
        tier
      }
      stageHistory {
        fromStage
        toStage
        at
        leftAt
        durationMs
        actor {
          id
          displayName
        }
      }
      proposals {
        id
        versions(last: 20) {
          id
          number
          status
          submittedAt
          decidedAt
          decisionNote
          submittedBy {
            id
            displayName
          }
          reviews {
            id
            department
            verdict
            requestedAt
            submittedAt
            reviewer {
              id
              displayName
            }
          }
        }
      }
      negotiationPrep {
        goals
        repConcessions
        managerConcessions
        gaps
        decisionMakers {
          name
          title
          role
        }
        priceFloor {
          amount
          currency
        }
      }
      priceFloor {
        amount
        currency
      }
      pendingPriceFloor {
        amount
        currency
      }
      contract {
        amount {
          amount
          currency
        }
        signedOn
        paymentTerms
        awaitsApproval
      }
      lossReason
      lossNote
    }
  }
`);

export type OpportunityDetail = NonNullable<ResultOf<typeof OpportunityQuery>["opportunity"]>;
export type StageChangeView = OpportunityDetail["stageHistory"][number];
export type VersionView = OpportunityDetail["proposals"][number]["versions"][number];
