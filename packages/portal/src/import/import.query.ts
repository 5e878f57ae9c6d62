import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * SOP-1.3 one batch of up to 5,000 rows. Re-sending a batchId returns the first results and
 * creates nothing (`replayed`). Each row's result: CREATED with the lead, DUPLICATE with what it
 * matches (SOP-1.4; the lead only when the viewer may see it, the owner always), INVALID with
 * what to fix. The API counts `results` at its bound (5,000) whatever is sent, so under the
 * request cost limit (25,000) a row may read one object: its lead. A duplicate's owner or lead
 * (10 each a row, 55,001 in all) would be refused, so a duplicate says only why it matched.
 */
export const ImportLeadsMutation = graphql(`
  mutation ImportLeads($batchId: String!, $rows: [ImportLeadRowInput!]!, $defaults: ImportDefaultsInput) {
    importLeads(batchId: $batchId, rows: $rows, defaults: $defaults) {
      batchId
      replayed
      createdCount
      duplicateCount
      invalidCount
      results {
        rowId
        status
        lead {
          id
          companyName
        }
        errors {
          field
          message
        }
        duplicates {
          leadId
          matchedRowId
          reasons
        }
      }
    }
  }
`);

export type ImportPayload = ResultOf<typeof ImportLeadsMutation>["importLeads"];
export type ImportResult = ImportPayload["results"][number];

/**
 * SOP-1.4 the preview's look for existing leads of the same company name, without writing:
 * the leads the viewer may see whose name holds the row's.
 */
export const ImportCompanySearchQuery = graphql(`
  query ImportCompanySearch($search: String!) {
    leads(first: 5, filter: { search: $search }) {
      edges {
        node {
          id
          companyName
          owner {
            id
            displayName
          }
        }
      }
    }
  }
`);

/** The reps a manager may import for (a manager's team's). */
export const ImportRepsQuery = graphql(`
  query ImportReps($teamId: ID!) {
    users(role: REP, teamId: $teamId, active: true, first: 500) {
      id
      displayName
    }
  }
`);
