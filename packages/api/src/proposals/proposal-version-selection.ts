import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { proposalVersionSummaryColumns } from "./proposal.table.ts";

/**
 * What each ProposalVersion field reads besides its own name's column, of a version read without
 * its content (proposalVersionSummaryColumns); always the key.
 */
const VERSION_SELECTION = {
  always: ["id"],
  reads: {
    content: [],
    diff: ["proposalId"],
    diffFromPrevious: ["proposalId", "number"],
    proposal: ["proposalId"],
    reviews: [],
    submittedBy: ["submittedById"],
    __typename: [],
  },
} as const;

/** What a page selects for the ProposalVersion fields asked for of its rows' versions; rows so read carry only those columns. */
export function proposalVersionColumnsFor(fields: ReadonlySet<string>): Partial<typeof proposalVersionSummaryColumns> {
  return columnsForFields(proposalVersionSummaryColumns, VERSION_SELECTION, fields);
}
