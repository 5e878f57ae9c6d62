import { COMPANY_SIZES, LEAD_CHANNELS, isOneOf, localDate, type DuplicateKeys } from "@sales/domain";
import { and, eq } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import { writeAudit } from "../audit/audit.ts";
import type { Database } from "../db/database.ts";
import { AppError, type FieldProblem } from "../errors/app-error.ts";
import { DuplicateIndex, loadDuplicateIndex, lockDuplicateKeys, type DuplicateMatch } from "../leads/duplicate-detection.ts";
import { createLeads, type NewLead } from "../leads/lead-creation.ts";
import { normalizeLeadFields } from "../leads/lead-fields.ts";
import { resolveOwner } from "../leads/lead.service.ts";
import { loadTeamRules } from "../teams/team-rules.ts";
import { importBatches } from "./import-batch.table.ts";
import type { ImportDefaultsInput, ImportLeadRowInput } from "./import.input.ts";
import type { ImportRowStatus } from "./import.type.ts";

export const MAX_IMPORT_ROWS = 5000;
export const BATCH_ID_MAX_LENGTH = 200;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A row's outcome as stored with the batch, so a re-run can answer exactly the same. */
export interface ImportRowOutcome {
  rowId: string;
  status: ImportRowStatus;
  leadId: string | null;
  duplicates: DuplicateMatch[];
  errors: FieldProblem[];
}

/**
 * SOP-1.3 bulk import: every row gets a result: CREATED, DUPLICATE (of an existing lead or an
 * earlier row of the batch) or INVALID (with its field errors). Valid rows are created even
 * when others fail. The batch id makes it safe to retry: a second run returns the first run's
 * results and creates nothing — also when the two runs overlap, since the second waits on the
 * first's batch row.
 */
export async function importLeads(
  db: Database,
  actor: Actor,
  batchId: string,
  rows: readonly ImportLeadRowInput[],
  defaults: ImportDefaultsInput,
): Promise<{ results: ImportRowOutcome[]; replayed: boolean }> {
  checkBatchShape(batchId, rows);
  return db.transaction(async (tx) => {
    const owner = await resolveOwner(tx, actor, defaults.ownerId ?? null, "defaults.ownerId");
    const teamId = owner.teamId!;
    const [claimed] = await tx
      .insert(importBatches)
      .values({ actorId: actor.user.id, batchId, teamId, rowCount: rows.length, createdAt: actor.now })
      .onConflictDoNothing()
      .returning({ id: importBatches.id });
    if (!claimed) {
      const [previous] = await tx
        .select({ results: importBatches.results })
        .from(importBatches)
        .where(and(eq(importBatches.actorId, actor.user.id), eq(importBatches.batchId, batchId)));
      return { results: previous!.results as ImportRowOutcome[], replayed: true };
    }

    const rules = await loadTeamRules(tx, teamId);
    const today = localDate(rules.calendar, actor.now);
    const validated = rows.map((row) => validateRow(row, defaults, today));
    const valid = validated.flatMap((v) => (v.ok ? [v.value] : []));
    // Captures and other imports of the same customers wait here until this batch commits.
    await lockDuplicateKeys(tx, teamId, valid);
    const existing = await loadDuplicateIndex(tx, teamId, valid);
    const earlierRows = new DuplicateIndex();
    const results: ImportRowOutcome[] = [];
    const toCreate: { index: number; lead: NewLead }[] = [];
    for (const [index, row] of rows.entries()) {
      const check = validated[index]!;
      if (!check.ok) {
        results.push({ rowId: row.rowId, status: "INVALID", leadId: null, duplicates: [], errors: check.error });
        continue;
      }
      const duplicates = [...existing.matches(check.value), ...earlierRows.matches(check.value)];
      if (duplicates.length > 0) {
        results.push({ rowId: row.rowId, status: "DUPLICATE", leadId: null, duplicates, errors: [] });
        continue;
      }
      // The lead id is known only after the insert below; the row id stands in until then.
      earlierRows.add({ ...check.value, leadId: `row:${row.rowId}`, ownerId: owner.id, matchedRowId: row.rowId });
      toCreate.push({ index, lead: { ...check.value, ownerId: owner.id, teamId } });
      results.push({ rowId: row.rowId, status: "CREATED", leadId: null, duplicates: [], errors: [] });
    }

    const ids = await createLeads(tx, actor, toCreate.map((item) => item.lead), rules);
    const leadIdOfRow = new Map<string, string>();
    for (const [position, item] of toCreate.entries()) {
      results[item.index]!.leadId = ids[position]!;
      leadIdOfRow.set(rows[item.index]!.rowId, ids[position]!);
    }
    for (const result of results) {
      for (const match of result.duplicates) {
        if (match.matchedRowId) match.leadId = leadIdOfRow.get(match.matchedRowId)!;
      }
    }

    await tx.update(importBatches).set({ results }).where(eq(importBatches.id, claimed.id));
    const count = (status: ImportRowStatus) => results.filter((r) => r.status === status).length;
    await writeAudit(tx, actor, {
      entityType: "IMPORT_BATCH",
      entityId: claimed.id,
      teamId,
      action: "LEADS_IMPORTED",
      after: { batchId, rows: rows.length, created: count("CREATED"), duplicates: count("DUPLICATE"), invalid: count("INVALID") },
    });
    return { results, replayed: false };
  });
}

function checkBatchShape(batchId: string, rows: readonly ImportLeadRowInput[]): void {
  const problems: FieldProblem[] = [];
  if (batchId.trim() === "" || batchId.length > BATCH_ID_MAX_LENGTH) {
    problems.push({ field: "batchId", message: `must be 1 to ${BATCH_ID_MAX_LENGTH} characters` });
  }
  if (rows.length === 0 || rows.length > MAX_IMPORT_ROWS) {
    problems.push({ field: "rows", message: `must hold 1 to ${MAX_IMPORT_ROWS} rows; split larger lists into several batches` });
  }
  const seen = new Set<string>();
  for (const [index, row] of rows.entries()) {
    if (row.rowId === "" || seen.has(row.rowId)) {
      problems.push({ field: `rows[${index}].rowId`, message: row.rowId === "" ? "is empty" : `repeats row id "${row.rowId}"` });
      break;
    }
    seen.add(row.rowId);
  }
  if (problems.length > 0) throw AppError.badInput(problems);
}

type RowCheck = { ok: true; value: NewLead & Partial<DuplicateKeys> } | { ok: false; error: FieldProblem[] };

/** A row with the batch defaults filled in, checked like a captured lead; errors name the row's own fields. */
function validateRow(row: ImportLeadRowInput, defaults: ImportDefaultsInput, today: string): RowCheck {
  const problems: FieldProblem[] = [];
  const channel = row.channel?.trim() || defaults.channel || null;
  if (!channel) problems.push({ field: "channel", message: "is required (in the row or the batch defaults)" });
  else if (!isOneOf(LEAD_CHANNELS, channel)) problems.push({ field: "channel", message: `is not one of ${LEAD_CHANNELS.join(", ")}` });
  const companySize = row.companySize?.trim() || null;
  if (companySize && !isOneOf(COMPANY_SIZES, companySize)) {
    problems.push({ field: "companySize", message: `is not one of ${COMPANY_SIZES.join(", ")}` });
  }
  const collectedOn = row.collectedOn?.trim() || defaults.collectedOn || null;
  if (collectedOn && (!ISO_DATE.test(collectedOn) || Number.isNaN(Date.parse(collectedOn)))) {
    problems.push({ field: "collectedOn", message: "must be a date as YYYY-MM-DD" });
  }
  const fields = normalizeLeadFields(
    {
      ...row,
      channel: isOneOf(LEAD_CHANNELS, channel) ? channel : "TRADE_SHOW",
      companyName: row.companyName ?? "",
      contactName: row.contactName ?? "",
      companySize: isOneOf(COMPANY_SIZES, companySize) ? companySize : null,
      sourceDetail: row.sourceDetail?.trim() || defaults.sourceDetail || null,
      collectedOn: problems.some((p) => p.field === "collectedOn") ? null : collectedOn,
    },
    { prefix: "", today },
  );
  if (!fields.ok) problems.push(...fields.error);
  if (problems.length > 0 || !fields.ok) return { ok: false, error: problems };
  return { ok: true, value: fields.value as NewLead & Partial<DuplicateKeys> };
}
