import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * SOP-3.6 the first-contact SLA of a team's leads whose first-contact deadline lies in
 * [from, to): kept, late, still open, per tier (A, B, C always present) and per rep (those who
 * missed most first), as the API counts it.
 */
export const FirstContactSlaQuery = graphql(`
  query FirstContactSla($teamId: ID!, $from: DateTime!, $to: DateTime!) {
    firstContactSla(teamId: $teamId, from: $from, to: $to) {
      asOf
      totals {
        due
        contactedOnTime
        contactedLate
        stillOpen
        stillOpenOverdue
        missed
      }
      byTier {
        tier
        due
        contactedOnTime
        contactedLate
        stillOpen
        stillOpenOverdue
        missed
      }
      byRep {
        rep {
          id
          displayName
        }
        due
        contactedOnTime
        contactedLate
        stillOpen
        stillOpenOverdue
        missed
      }
    }
  }
`);

export type FirstContactSlaReport = ResultOf<typeof FirstContactSlaQuery>["firstContactSla"];
export type SlaCounts = FirstContactSlaReport["totals"];

/** The reps of a team, whose queues a manager (or an analyst) can look at one by one. */
export const QueueRepsQuery = graphql(`
  query QueueReps($teamId: ID!) {
    users(role: REP, teamId: $teamId, first: 500) {
      id
      displayName
    }
  }
`);
