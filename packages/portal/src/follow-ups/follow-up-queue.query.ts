import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * SOP-3.6 the open follow-ups, overdue first then by due time. Without `teamId` it is the
 * viewer's own queue (a rep's); with it, a team's (a manager's own team, any team for analysts),
 * or with `ownerId` too, one rep's of that team.
 * The total comes with every page, so "N of M" stays right while the queue changes.
 */
export const FollowUpQueueQuery = graphql(`
  query FollowUpQueue($first: Int!, $after: String, $teamId: ID, $ownerId: ID) {
    followUpQueue(first: $first, after: $after, teamId: $teamId, ownerId: $ownerId) {
      totalCount
      edges {
        node {
          id
          dueAt
          bucket
          isOverdue
          kind
          channel
          owner {
            id
            displayName
          }
          lead {
            id
            companyName
            tier
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

export type QueueFollowUp = ResultOf<typeof FollowUpQueueQuery>["followUpQueue"]["edges"][number]["node"];

/** Teams an analyst or admin can pick a queue from. */
export const QueueTeamsQuery = graphql(`
  query QueueTeams {
    teams(first: 500) {
      id
      name
      timeZone
    }
  }
`);

export type QueueTeam = ResultOf<typeof QueueTeamsQuery>["teams"][number];
