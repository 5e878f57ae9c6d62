import type { DuplicateKeys, DuplicateReason } from "@sales/domain";
import { and, eq, inArray, isNull, or, sql, type SQL } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Executor, Transaction } from "../db/database.ts";
import { leads } from "./lead.table.ts";

export interface DuplicateMatch {
  leadId: string;
  ownerId: string;
  reasons: DuplicateReason[];
  /** Set when the match is an earlier row of the same import batch. */
  matchedRowId?: string | null;
}

type Keys = Partial<DuplicateKeys>;
type Candidate = Keys & { leadId: string; ownerId: string; matchedRowId?: string | null };

const KEY_NAMES = ["emailKey", "phoneKey", "creditCodeKey", "companyKey"] as const;

/**
 * Up to this many distinct keys (a capture has at most four; an import of a dozen rows or so)
 * are locked one by one; more lock the team as a whole. Every advisory lock takes a slot in
 * PostgreSQL's shared lock table (max_locks_per_transaction × connections, 6,400 by default),
 * which the 20,000 keys of a 5,000-row import would exhaust ("out of shared memory").
 */
export const MAX_KEY_LOCKS = 64;

/**
 * SOP-1.4 serialises the creation of leads that could be the same customer: looking for
 * duplicates and then inserting, under READ COMMITTED, lets two captures of one customer both
 * find nothing and both insert. Call it in every transaction that creates leads, before looking
 * for duplicates: the locks last until commit, so a caller that waited then finds the other's
 * lead, exactly as if it had come second.
 *
 * A few keys each get an exclusive lock, in one sorted order so that two callers whose keys
 * overlap cannot deadlock, under a shared lock on the team's duplicate detection; more keys take
 * that team lock exclusively, so a large import waits for the team's captures in flight and they
 * wait for it. Captures with no key in common never wait for each other.
 */
export async function lockDuplicateKeys(tx: Transaction, teamId: string, keysList: readonly Keys[]): Promise<void> {
  const slots = new Set<string>();
  for (const keys of keysList) {
    for (const name of KEY_NAMES) {
      const value = keys[name];
      if (value) slots.add(`${teamId}:${name}:${value}`);
    }
  }
  if (slots.size === 0) return;
  const team = advisoryLockId(`team:${teamId}`);
  if (slots.size > MAX_KEY_LOCKS) {
    await tx.execute(sql`select pg_advisory_xact_lock(${team}::bigint)`);
    return;
  }
  await tx.execute(sql`select pg_advisory_xact_lock_shared(${team}::bigint)`);
  // Any order would do, as long as every caller uses the same one.
  const ids = [...new Set([...slots].map((slot) => advisoryLockId(`key:${slot}`)))].sort();
  await tx.execute(sql`select pg_advisory_xact_lock(id) from unnest(${`{${ids.join(",")}}`}::bigint[]) as id`);
}

/** A 64-bit advisory lock id (as decimal text) for `name`, in a namespace of duplicate detection's own. */
function advisoryLockId(name: string): string {
  return createHash("sha256").update(`lead-duplicates:${name}`).digest().readBigInt64BE(0).toString();
}

/** SOP-1.4 the team's leads that look like the same customer as `keys`. */
export async function findDuplicates(db: Executor, teamId: string, keys: Keys): Promise<DuplicateMatch[]> {
  const index = await loadDuplicateIndex(db, teamId, [keys]);
  return index.matches(keys);
}

/**
 * One query for the existing leads that could match any of `keysList` (an import checks
 * thousands of rows at once); the returned index answers each row in memory.
 */
export async function loadDuplicateIndex(db: Executor, teamId: string, keysList: readonly Keys[]): Promise<DuplicateIndex> {
  const index = new DuplicateIndex();
  const candidates: SQL[] = [];
  for (const name of KEY_NAMES) {
    const values = [...new Set(keysList.map((keys) => keys[name]).filter((value): value is string => !!value))];
    if (values.length > 0) candidates.push(inArray(leads[name], values));
  }
  if (candidates.length === 0) return index;
  const rows = await db
    .select({
      leadId: leads.id,
      ownerId: leads.ownerId,
      emailKey: leads.emailKey,
      phoneKey: leads.phoneKey,
      companyKey: leads.companyKey,
      creditCodeKey: leads.creditCodeKey,
    })
    .from(leads)
    .where(and(eq(leads.teamId, teamId), isNull(leads.mergedIntoId), or(...candidates)))
    .orderBy(leads.createdAt, leads.id);
  for (const row of rows) index.add(row);
  return index;
}

/** Leads (or import rows) by each duplicate key, for matching many new leads quickly. */
export class DuplicateIndex {
  private readonly byKey = new Map<string, Candidate[]>();

  add(candidate: Candidate): void {
    for (const name of KEY_NAMES) {
      const value = candidate[name];
      if (!value) continue;
      const slot = `${name}:${value}`;
      const list = this.byKey.get(slot) ?? [];
      list.push(candidate);
      this.byKey.set(slot, list);
    }
  }

  matches(keys: Keys): DuplicateMatch[] {
    const seen = new Set<Candidate>();
    const found: DuplicateMatch[] = [];
    for (const name of KEY_NAMES) {
      const value = keys[name];
      for (const candidate of (value && this.byKey.get(`${name}:${value}`)) || []) {
        if (seen.has(candidate)) continue;
        seen.add(candidate);
        const reasons = matchReasons(keys, candidate);
        if (reasons.length > 0) {
          found.push({ leadId: candidate.leadId, ownerId: candidate.ownerId, reasons, matchedRowId: candidate.matchedRowId ?? null });
        }
      }
    }
    return found;
  }
}

/**
 * Why two leads' keys say they are the same customer; empty when they do not. A credit code is
 * the exact company key: two leads that both have one are the same company exactly when the
 * codes are equal, whatever their names say.
 */
export function matchReasons(a: Keys, b: Keys): DuplicateReason[] {
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
