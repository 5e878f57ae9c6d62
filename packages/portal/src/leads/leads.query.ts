import { graphql, type ResultOf, type VariablesOf } from "../graphql/graphql.ts";

/**
 * The leads the viewer may see (a rep their own, a manager the team's, an analyst every team's
 * with contact details masked), newest first, keyset-paged. Contact details are shown exactly as
 * the API returns them: the portal never masks or unmasks.
 */
export const LeadsQuery = graphql(`
  query Leads($first: Int!, $after: String, $filter: LeadFilterInput) {
    leads(first: $first, after: $after, filter: $filter, orderBy: CREATED_DESC) {
      totalCount
      edges {
        node {
          id
          companyName
          contactName
          phone
          tier
          status
          channel
          province
          createdAt
          owner {
            id
            displayName
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

export type LeadRow = ResultOf<typeof LeadsQuery>["leads"]["edges"][number]["node"];
export type LeadFilter = NonNullable<VariablesOf<typeof LeadsQuery>["filter"]>;

/** The reps a lead list can be narrowed to: the manager's team's, or everyone's for analysts. */
export const LeadOwnersQuery = graphql(`
  query LeadOwners($teamId: ID) {
    users(role: REP, teamId: $teamId, first: 500) {
      id
      displayName
    }
  }
`);

/**
 * One lead, `?id=`: its contact details (as the API gives them to this viewer), the assessment
 * that decides its tier and why (SOP-2), its first-contact deadline and follow-ups (SOP-3), and
 * the newest `historyLast` entries of its history (the API gives at most 200).
 */
export const LeadDetailQuery = graphql(`
  query LeadDetail($id: ID!, $historyLast: Int!) {
    lead(id: $id) {
      id
      companyName
      contactName
      contactTitle
      phone
      email
      wechatId
      province
      city
      channel
      sourceDetail
      referredBy
      status
      disqualifiedReason
      companySize
      businessScope
      currentProduct
      createdAt
      collectedOn
      owner {
        id
        displayName
      }
      team {
        id
        name
        timeZone
      }
      tier
      computedTier
      tierOverride
      tierOverrideReason
      tierOverrideDisputed
      tierReasons
      assessmentIncomplete
      needsReassessment
      latestAssessment {
        id
        assessedAt
        needUrgency
        budget
        budgetAmount
        budgetCurrency
        decisionAuthority
        incomplete
        note
        tier
        tierReasons
      }
      firstContactDueAt
      firstContactAt
      lastContactAt
      nextFollowUp {
        id
        dueAt
        kind
        channel
        isOverdue
        bucket
        owner {
          id
          displayName
        }
      }
      historyCount
      history(last: $historyLast) {
        id
        at
        action
        entityType
        actor {
          id
          displayName
        }
      }
    }
  }
`);

export type LeadDetail = NonNullable<ResultOf<typeof LeadDetailQuery>["lead"]>;
