import type { DuplicateKeys, DuplicateReason } from "@sales/domain";
import { and, eq, isNull, ne, or, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { leads } from "./lead.table.ts";

export interface DuplicateMatch {
  leadId: string;
  ownerId: string;
  reasons: DuplicateReason[];
}

/**
 * SOP-1.4 the team's leads that look like the same customer: the same normalised email or
 * phone, or the same company. A credit code is the exact company key: two leads that both have
 * one are the same company exactly when the codes are equal, whatever their names say.
 */
export async function findDuplicates(
  db: Executor,
  teamId: string,
  keys: Partial<DuplicateKeys>,
  options: { excludeLeadId?: string } = {},
): Promise<DuplicateMatch[]> {
  const candidates: SQL[] = [];
  if (keys.emailKey) candidates.push(eq(leads.emailKey, keys.emailKey));
  if (keys.phoneKey) candidates.push(eq(leads.phoneKey, keys.phoneKey));
  if (keys.creditCodeKey) candidates.push(eq(leads.creditCodeKey, keys.creditCodeKey));
  if (keys.companyKey) candidates.push(eq(leads.companyKey, keys.companyKey));
  if (candidates.length === 0) return [];
  const rows = await db
    .select({
      id: leads.id,
      ownerId: leads.ownerId,
      emailKey: leads.emailKey,
      phoneKey: leads.phoneKey,
      companyKey: leads.companyKey,
      creditCodeKey: leads.creditCodeKey,
    })
    .from(leads)
    .where(
      and(
        eq(leads.teamId, teamId),
        isNull(leads.mergedIntoId),
        options.excludeLeadId ? ne(leads.id, options.excludeLeadId) : undefined,
        or(...candidates),
      ),
    )
    .orderBy(leads.createdAt, leads.id);
  return rows
    .map((row) => ({ leadId: row.id, ownerId: row.ownerId, reasons: matchReasons(keys, row) }))
    .filter((match) => match.reasons.length > 0);
}

/** Why two leads' keys say they are the same customer; empty when they do not. */
export function matchReasons(a: Partial<DuplicateKeys>, b: Partial<DuplicateKeys>): DuplicateReason[] {
  const reasons: DuplicateReason[] = [];
  if (a.creditCodeKey && b.creditCodeKey) {
    if (a.creditCodeKey === b.creditCodeKey) reasons.push("CREDIT_CODE");
  } else if (a.companyKey && a.companyKey === b.companyKey) {
    reasons.push("COMPANY_NAME");
  }
  if (a.emailKey && a.emailKey === b.emailKey) reasons.push("EMAIL");
  if (a.phoneKey && a.phoneKey === b.phoneKey) reasons.push("PHONE");
  return reasons;
}
