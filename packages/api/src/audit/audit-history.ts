import { historyValuesFor } from "../access/contact-details.ts";
import type { UserRow } from "../users/user.table.ts";
import type { AuditEventRow } from "./audit-event.table.ts";
import type { AuditEvent } from "./audit-event.type.ts";

/** A history lists its newest entries: this many unless asked (`last`), at most HISTORY_MAX_ENTRIES. */
export const HISTORY_DEFAULT_ENTRIES = 50;
export const HISTORY_MAX_ENTRIES = 200;
export const HISTORY_LAST_DESCRIPTION = `How many of the newest entries, 1 to ${HISTORY_MAX_ENTRIES}; historyCount tells how many there are`;

/** Stored history entries as `viewer` may read them (a lead's or an opportunity's `history`). */
export function historyAsSeenBy(viewer: UserRow | null, rows: readonly AuditEventRow[]): AuditEvent[] {
  return rows.map((row) => ({
    ...row,
    id: String(row.id),
    before: historyValuesFor(viewer, row.before as Record<string, unknown> | null),
    after: historyValuesFor(viewer, row.after as Record<string, unknown> | null),
  }));
}
