import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { leadColumns } from "./lead.table.ts";

const LEAD_READS = {
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
} as const;

/** What each Lead field reads besides its own name's column, of a lead nested in another page's row; always the key and the scope every nested field checks. */
const NESTED_LEAD_SELECTION = { always: ["id", "ownerId", "teamId"], reads: LEAD_READS } as const;

/** The same for the leads page's own rows, which also always read both keyset orders' columns (their cursors). */
const LEAD_PAGE_SELECTION = { always: [...NESTED_LEAD_SELECTION.always, "createdAt", "updatedAt"], reads: LEAD_READS } as const;

/** What the leads page selects for the Lead fields asked for; rows so read carry only those columns. */
export function leadPageColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  return columnsForFields(leadColumns, LEAD_PAGE_SELECTION, fields);
}

/** What a page of other rows (deals, follow-ups) selects for the Lead fields asked for of their leads; rows so read carry only those columns. */
export function leadColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  return columnsForFields(leadColumns, NESTED_LEAD_SELECTION, fields);
}
