import { leadColumns } from "./lead.table.ts";

type LeadColumnKey = keyof typeof leadColumns;

/** Always read: the key, the keyset orders' columns, and the scope every nested field checks. */
const ALWAYS: readonly LeadColumnKey[] = ["id", "createdAt", "updatedAt", "ownerId", "teamId"];

/**
 * The columns each Lead field resolver reads besides its own name's column; a field missing
 * here and from the columns (a field added later) makes the page read every column.
 */
const READS: Partial<Record<string, readonly LeadColumnKey[]>> = {
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
};

/**
 * What a list page selects for the Lead fields asked for (issue 13: the manager's page asks for
 * a handful of the 39 columns, and reading, mapping and keeping every one of them for 50 rows
 * was a large part of the request's CPU time). Rows so read carry only those columns.
 */
export function leadColumnsFor(fields: ReadonlySet<string>): Partial<typeof leadColumns> {
  const keys = new Set<LeadColumnKey>(ALWAYS);
  for (const field of fields) {
    const reads = READS[field];
    if (reads) for (const key of reads) keys.add(key);
    else if (field in leadColumns) keys.add(field as LeadColumnKey);
    else return leadColumns;
  }
  return Object.fromEntries([...keys].map((key) => [key, leadColumns[key]])) as Partial<typeof leadColumns>;
}

