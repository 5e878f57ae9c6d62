import { graphql, type ResultOf } from "../graphql/graphql.ts";

/**
 * SOP-1.3 one batch of up to IMPORT_BATCH_SIZE rows. Re-sending a batchId returns the first
 * results and creates nothing (`replayed`). Each row's result: CREATED with the lead, DUPLICATE
 * with what it matches (SOP-1.4; the lead only when the viewer may see it, the owner always, so
 * the rep knows whom to talk to), INVALID with what to fix. The API prices `results` at one per
 * row sent, so a row may read 11 objects (its lead, up to 10 duplicates' owners): a batch of
 * 2,000 costs 22,001, under the request cost limit of 25,000.
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
          owner {
            id
            displayName
          }
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
