import type { Actor } from "../access/actor.ts";
import type { Executor } from "../db/database.ts";
import { insertInChunks } from "../db/insert-in-chunks.ts";
import { auditEvents } from "./audit-event.table.ts";

export const AUDIT_ENTITY_TYPES = ["LEAD", "FOLLOW_UP", "ASSESSMENT", "USER", "TEAM", "API_TOKEN", "IMPORT_BATCH", "OPPORTUNITY", "PROPOSAL"] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

export interface AuditEntry {
  entityType: AuditEntityType;
  entityId: string;
  action: string;
  /** The lead the change belongs to; it shows in that lead's history. */
  leadId?: string | null;
  teamId?: string | null;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

/** Written inside the transaction of the change, so a change and its audit event stand or fall together. */
export async function writeAudit(tx: Executor, actor: Actor, entries: AuditEntry | readonly AuditEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? (entries as readonly AuditEntry[]) : [entries as AuditEntry];
  if (list.length === 0) return;
  await insertInChunks(
    tx,
    auditEvents,
    list.map((entry) => ({
      entityType: entry.entityType,
      entityId: entry.entityId,
      action: entry.action,
      leadId: entry.leadId ?? null,
      teamId: entry.teamId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
      actorId: actor.user.id,
      requestId: actor.requestId,
      at: actor.now,
    })),
  );
}

/** Only the fields that changed, before and after, so a history entry reads as what was done. */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(after)) {
    if (value === undefined || sameValue(before[key], value)) continue;
    was[key] = before[key] ?? null;
    now[key] = value;
  }
  return { before: was, after: now };
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
