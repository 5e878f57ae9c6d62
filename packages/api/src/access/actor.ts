import type { UserRow } from "../users/user.table.ts";

/** Who is making a change, in which request, at what time: what every audit event records. */
export interface Actor {
  user: UserRow;
  requestId: string;
  now: Date;
}
