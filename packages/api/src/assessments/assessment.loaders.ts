import DataLoader from "dataloader";
import { desc, inArray } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { byKey } from "../context/by-key.ts";
import { leadAssessments, type LeadAssessmentRow } from "./assessment.table.ts";

/** SOP-2.6 the latest assessment, per lead. */
export function createLatestAssessmentByLeadLoader(db: Executor) {
  return new DataLoader<string, LeadAssessmentRow | null>(async (leadIds) => {
    const rows = await db
      .selectDistinctOn([leadAssessments.leadId])
      .from(leadAssessments)
      .where(inArray(leadAssessments.leadId, [...leadIds]))
      .orderBy(leadAssessments.leadId, desc(leadAssessments.assessedAt), desc(leadAssessments.sequence));
    return byKey(leadIds, rows, (row) => row.leadId);
  });
}
