import { eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { canChange } from "../access/visibility.ts";
import { changedFields, writeAudit } from "../audit/audit.ts";
import type { Transaction } from "../db/database.ts";
import { isUuid } from "../db/uuid.ts";
import { AppError, ErrorCode } from "../errors/app-error.ts";
import { leadColumns, leads, type LeadRow } from "./lead.table.ts";

/**
 * The lead a change applies to, locked for the rest of the transaction. A lead the actor may
 * not change is reported exactly like one that does not exist, so ids cannot be probed.
 */
export async function lockLeadForChange(tx: Transaction, actor: Actor, leadId: string, field: string): Promise<LeadRow> {
  const [lead] = isUuid(leadId) ? await tx.select(leadColumns).from(leads).where(eq(leads.id, leadId)).for("update") : [];
  if (!lead || !canChange(actor.user, lead)) throw AppError.notFound("Lead", field);
  if (lead.mergedIntoId) {
    throw new AppError(ErrorCode.NOT_FOUND, `This lead was merged into lead ${lead.mergedIntoId}`, [
      { field, message: "was merged into another lead" },
    ]);
  }
  return lead;
}

export type LeadChanges = Partial<Omit<typeof leads.$inferInsert, "id" | "version" | "createdAt" | "updatedAt" | "searchGrams">>;

/** Applies `changes`, bumps the version, and records the changed fields in the lead's history. */
export async function saveLeadChanges(
  tx: Transaction,
  actor: Actor,
  lead: LeadRow,
  changes: LeadChanges,
  action: string,
): Promise<LeadRow> {
  const [saved] = await tx
    .update(leads)
    .set({ ...changes, version: lead.version + 1, updatedAt: actor.now })
    .where(eq(leads.id, lead.id))
    .returning(leadColumns);
  await writeAudit(tx, actor, {
    entityType: "LEAD",
    entityId: lead.id,
    leadId: lead.id,
    teamId: saved!.teamId,
    action,
    ...changedFields(lead, changes),
  });
  return saved!;
}
