import { planFirstContact, type Tier } from "@sales/domain";
import { randomUUID } from "node:crypto";
import type { Actor } from "../access/actor.ts";
import { writeAudit, type AuditEntry } from "../audit/audit.ts";
import type { Transaction } from "../db/database.ts";
import { insertInChunks } from "../db/insert-in-chunks.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import type { TeamRules } from "../teams/team-rules.ts";
import type { NormalizedLeadFields } from "./lead-fields.ts";
import { leads } from "./lead.table.ts";

export type NewLead = NormalizedLeadFields &
  Required<Pick<NormalizedLeadFields, "channel" | "companyName" | "contactName">> & { ownerId: string; teamId: string };

/**
 * Creates leads in bulk (one for a capture, thousands for an import): each enters the system
 * now, tier B until assessed (SOP-2.3), with its first contact planned and its first-contact
 * deadline set (SOP-3.2, 3.5), and a history entry. Returns the new ids in input order.
 */
export async function createLeads(tx: Transaction, actor: Actor, items: readonly NewLead[], rules: TeamRules): Promise<string[]> {
  // Every lead here is captured at the same instant under the same tier, so one plan fits all.
  const tier: Tier = "B";
  const first = planFirstContact({ capturedAt: actor.now, tier }, rules.playbook, rules.calendar);
  const leadRows = items.map((item) => ({
    ...item,
    id: randomUUID(),
    firstContactDueAt: first.slaDueAt,
    createdAt: actor.now,
    updatedAt: actor.now,
  }));
  const followUpRows = leadRows.map((lead) => ({
    id: randomUUID(),
    leadId: lead.id,
    teamId: lead.teamId,
    ownerId: lead.ownerId,
    tier,
    kind: first.kind,
    channel: first.channel,
    dueAt: first.dueAt,
    slaDueAt: first.slaDueAt,
    calendarCovered: first.calendarCovered,
    createdAt: actor.now,
    updatedAt: actor.now,
  }));
  await insertInChunks(tx, leads, leadRows);
  await insertInChunks(tx, followUps, followUpRows);
  const history: AuditEntry[] = [];
  for (const [index, lead] of leadRows.entries()) {
    const { emailKey: _e, phoneKey: _p, companyKey: _c, creditCodeKey: _k, ...fields } = lead;
    const followUp = followUpRows[index]!;
    history.push(
      { entityType: "LEAD", entityId: lead.id, leadId: lead.id, teamId: lead.teamId, action: "LEAD_CAPTURED", after: { ...fields, status: "NEW", tier } },
      {
        entityType: "FOLLOW_UP",
        entityId: followUp.id,
        leadId: lead.id,
        teamId: lead.teamId,
        action: "FOLLOW_UP_PLANNED",
        after: { kind: followUp.kind, channel: followUp.channel, dueAt: followUp.dueAt, slaDueAt: followUp.slaDueAt },
      },
    );
  }
  await writeAudit(tx, actor, history);
  return leadRows.map((lead) => lead.id);
}
