import { columnsForFields } from "../graphql/columns-for-fields.ts";
import { userColumns } from "./user.table.ts";

/** What each User field reads besides its own name's column; always the key. */
const USER_SELECTION = {
  always: ["id"],
  reads: {
    team: ["teamId"],
    __typename: [],
  },
} as const;

/**
 * What a page selects of the users it joins (a deal's or a lead's owner) for the User fields asked
 * for: a page's owners are asked for a name, and reading, parsing and keeping each whole row (two
 * timestamps among its eight columns) was about a tenth of the pipeline page's CPU (issue 13).
 */
export function userColumnsFor(fields: ReadonlySet<string>): Partial<typeof userColumns> {
  return columnsForFields(userColumns, USER_SELECTION, fields);
}
