import { historyValuesFor } from "../access/contact-details.ts";
import type { UserRow } from "../users/user.table.ts";
import type { AuditEventRow } from "./audit-event.table.ts";
import type { AuditEvent } from "./audit-event.type.ts";

/** Stored history entries as `viewer` may read them (a lead's or an opportunity's `history`). */
export function historyAsSeenBy(viewer: UserRow | null, rows: readonly AuditEventRow[]): AuditEvent[] {
  return rows.map((row) => ({
    ...row,
    id: String(row.id),
    before: historyValuesFor(viewer, row.before as Record<string, unknown> | null),
    after: historyValuesFor(viewer, row.after as Record<string, unknown> | null),
  }));
}
