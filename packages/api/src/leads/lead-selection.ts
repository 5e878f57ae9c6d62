import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { leadColumns } from "./lead.table.ts";

/**
 * What each Lead field reads besides its own name's column; always the key, the keyset orders'
 * columns, and the scope every nested field checks.
 */
const LEAD_SELECTION = {
  always: ["id", "createdAt", "updatedAt", "ownerId", "teamId"],
  reads: {
    owner: [],
    team: [],
    tierReasons: ["tierOverride", "tierOverrideReason"],
    latestAssessment: [],
    nextFollowUp: [],
    mergedInto: ["mergedIntoId"],
    possibleDuplicates: [],
    opportunities: [],
    history: [],
    historyCount: [],
    __typename: [],
  },
} as const;

/** What a list page selects for the Lead fields asked for; rows so read carry only those columns. */
export function leadColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  return columnsForFields(leadColumns, LEAD_SELECTION, fields);
}
