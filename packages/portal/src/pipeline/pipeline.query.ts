import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * The columns' heads and the list's total for the board's filters, in one request: the API's
 * byStage (count and value per currency of each stage with any match) and totalCount, both
 * computed by one aggregate over exactly what the list would page through for this viewer.
 * `first: 1` because no edges are selected: only the totals are wanted.
 */
export const BoardHeadsQuery = graphql(`
  query PipelineBoardHeads($filter: OpportunityFilterInput) {
    opportunities(filter: $filter, first: 1) {
      totalCount
      byStage {
        stage
        count
        value {
          amount
          currency
        }
      }
    }
  }
`);

export type BoardHeadsAnswer = ResultOf<typeof BoardHeadsQuery>["opportunities"];

/**
 * The owners of the open deals an analyst sees (analysts may not list users), a page of 200 at a
 * time, owner only: the rep filter's choices for analysts and admins.
 */
export const PipelineOwnersQuery = graphql(`
  query PipelineOwners($filter: OpportunityFilterInput, $after: String) {
    opportunities(filter: $filter, first: 200, after: $after, orderBy: CREATED_ASC) {
      edges {
        node {
          id
          owner {
            id
            displayName
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** A board column's cards, or the list view's rows: what a card shows, a page at a time. */
export const PipelineCardsQuery = graphql(`
  query PipelineCards($filter: OpportunityFilterInput, $orderBy: OpportunityOrder!, $first: Int!, $after: String) {
    opportunities(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
      edges {
        node {
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
          lead {
            id
            companyName
            tier
          }
          stageHistory {
            leftAt
            durationMs
          }
          team {
            id
            timeZone
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export type PipelineCard = ResultOf<typeof PipelineCardsQuery>["opportunities"]["edges"][number]["node"];

/**
 * Which deals the API calls stalled (pipelineRisks.stalled: longer in their stage than the team
 * playbook's pipeline.stalledAfterDays), with the days and the threshold. The first 200 come
 * inline; `drill` lists every one of them (StalledIdsQuery) when there are more.
 */
export const StalledQuery = graphql(`
  query PipelineStalled($teamId: ID, $ownerId: ID) {
    pipelineRisks(first: 200, teamId: $teamId, ownerId: $ownerId) {
      stalled {
        totalCount
        drill
        items {
          daysInStage
          thresholdDays
          opportunity {
            id
          }
        }
      }
    }
  }
`);

export const StalledIdsQuery = graphql(`
  query PipelineStalledIds($drill: String!, $after: String) {
    reportOpportunities(drill: $drill, first: 200, after: $after) {
      edges {
        node {
          id
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** A manager's reps, for the rep filter (the API answers managers with their own team's users). */
export const TeamRepsQuery = graphql(`
  query PipelineTeamReps {
    users(role: REP, first: 500) {
      id
      displayName
    }
  }
`);

/** Teams an analyst or admin can narrow the board to. */
export const PipelineTeamsQuery = graphql(`
  query PipelineTeams {
    teams(first: 500) {
      id
      name
      timeZone
    }
  }
`);
