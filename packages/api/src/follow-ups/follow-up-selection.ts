import { getTableColumns } from "drizzle-orm";
import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { followUps } from "./follow-up.table.ts";

const followUpColumns = getTableColumns(followUps);

/**
 * What each FollowUp field reads besides its own name's column; always the key, the due time the
 * queue is ordered by (its cursor), and the scope access checks read.
 */
const FOLLOW_UP_SELECTION = {
  always: ["id", "dueAt", "leadId", "ownerId", "teamId"],
  reads: {
    isOverdue: ["status", "dueAt"],
    bucket: ["status", "dueAt"],
    lead: [],
    owner: [],
    completedBy: ["completedById"],
    nextFollowUp: [],
    previousFollowUp: ["previousId"],
    __typename: [],
  },
} as const;

/** What a page selects for the FollowUp fields asked for (of its rows, or of their follow-ups); rows so read carry only those columns. */
export function followUpColumnsFor(fields: ReadonlySet<string>): Partial<typeof followUpColumns> {
  return columnsForFields(followUpColumns, FOLLOW_UP_SELECTION, fields);
}
