import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { leadColumns } from "./lead.table.ts";

/** What each Lead field reads besides its own name's column (lead.resolver.ts): the key its loaders look up, the owner, the team, the override. */
const LEAD_READS = {
  owner: ["ownerId"],
  team: ["teamId"],
  tierReasons: ["id", "tierOverride", "tierOverrideReason"],
  latestAssessment: ["id"],
  nextFollowUp: ["id"],
  mergedInto: ["mergedIntoId"],
  possibleDuplicates: ["id"],
  opportunities: ["id"],
  history: ["id"],
  historyCount: ["id"],
  __typename: [],
} as const;

/**
 * A lead nested in another page's row (a deal's, a follow-up's) reads its key, which also tells a
 * lead the viewer may not see (the left join's null) from one asked for `__typename` alone, and
 * what its fields read.
 */
const NESTED_LEAD_SELECTION = { always: ["id"], reads: LEAD_READS } as const;

/** The leads page's own rows always read their key, both keyset orders' columns (their cursors) and their scope. */
const LEAD_PAGE_SELECTION = { always: ["id", "ownerId", "teamId", "createdAt", "updatedAt"], reads: LEAD_READS } as const;

/** What the leads page selects for the Lead fields asked for; rows so read carry only those columns. */
export function leadPageColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  return columnsForFields(leadColumns, LEAD_PAGE_SELECTION, fields);
}

/** What a page of other rows (deals, follow-ups) selects for the Lead fields asked for of their leads; rows so read carry only those columns. */
export function leadColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  return columnsForFields(leadColumns, NESTED_LEAD_SELECTION, fields);
}
