// The reps of a per-rep report (issue 9 reports 7 and 8), a page at a time: a company-wide report
// can cover hundreds of reps, and every list a client can ask for is bounded. Reps are listed by
// name, then team and id; a rep's row is their work in one team.
import { sql, type SQL } from "drizzle-orm";
import { decodeCursorValues, encodeCursorValues } from "../graphql/cursor.ts";
import { checkPageSize } from "../graphql/page-size.ts";
import { users } from "../users/user.table.ts";

export const MAX_REPS_PER_PAGE = 500;

export interface RepPageQuery {
  first: number;
  /** The last rep of the previous page. */
  after: RepKey | null;
}

export interface RepKey {
  teamId: string;
  ownerId: string;
}

/** Checks `first` and `after`, naming the argument at fault. */
export function repPageQuery(first: number, after: string | null | undefined): RepPageQuery {
  checkPageSize(first, MAX_REPS_PER_PAGE);
  if (after === null || after === undefined) return { first, after: null };
  const [teamId, ownerId] = decodeCursorValues(after, "after", ["uuid", "uuid"]);
  return { first, after: { teamId: teamId!, ownerId: ownerId! } };
}

export function repCursor(key: RepKey): string {
  return encodeCursorValues([key.teamId, key.ownerId]);
}

/** The page info of a page of reps (in `repOrder`), continuing after its last rep. */
export function repPageInfo(reps: readonly RepKey[], hasMoreReps: boolean): { hasNextPage: boolean; endCursor: string | null } {
  return { hasNextPage: hasMoreReps, endCursor: reps.length === 0 ? null : repCursor(reps.at(-1)!) };
}

/**
 * The order reps are listed in, for a query with `users` joined on the rep and the rep's
 * `team_id` and `owner_id` in `keys`.
 */
export function repOrder(keys: string): SQL {
  return sql`${users.displayName}, ${sql.raw(keys)}.team_id, ${sql.raw(keys)}.owner_id`;
}

/**
 * After the cursor's rep in `repOrder`. The cursor holds ids only; the name is read again, so a
 * rep renamed between two pages moves, as in any list sorted by a changing value.
 */
export function afterRep(keys: string, after: RepKey | null): SQL {
  if (after === null) return sql`true`;
  return sql`(${users.displayName}, ${sql.raw(keys)}.team_id, ${sql.raw(keys)}.owner_id)
    > ((select ${users.displayName} from ${users} where ${users.id} = ${after.ownerId}::uuid), ${after.teamId}::uuid, ${after.ownerId}::uuid)`;
}
