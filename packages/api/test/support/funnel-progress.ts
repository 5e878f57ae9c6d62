// The funnel's kept facts (leads.first_assessed_at, opportunities.furthest_stage) derived from the
// assessments and the stage history by migration 0011's own backfill statements: for fixtures that
// insert those rows directly, and as the reference the services' upkeep is checked against.
import { readFileSync } from "node:fs";
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../src/db/database.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities } from "../../src/opportunities/opportunity.table.ts";

const BACKFILL = readFileSync(new URL("../../../../drizzle/0011_funnel_progress.sql", import.meta.url), "utf8")
  .split("--> statement-breakpoint")
  .map((statement) => statement.trim())
  .filter((statement) => statement.startsWith('UPDATE "leads"') || statement.startsWith('UPDATE "opportunities"'));

export async function deriveFunnelProgress(db: Executor): Promise<void> {
  if (BACKFILL.length !== 2) throw new Error(`expected migration 0011 to backfill two columns, found ${BACKFILL.length} statements`);
  for (const statement of BACKFILL) await db.execute(sql.raw(statement));
}

export interface KeptFunnelProgress {
  /** Leads with a first assessment recorded. */
  assessedLeads: number;
  /** Opportunities whose furthest stage is not the one they stand in (moved back, or lost). */
  furtherThanNow: number;
  /** Opportunities that reached each stage at the furthest. */
  furthest: Record<string, number>;
}

/**
 * Checks that what the services kept on every lead and opportunity is what migration 0011
 * derives from the assessments and the stage history: reads both columns, clears them, derives
 * them again and compares. Returns what was kept, so a suite can check it held the cases it meant
 * to exercise (a deal moved back, a lost one, a merged lead's assessment).
 */
export async function expectFunnelProgressKept(db: Executor): Promise<KeptFunnelProgress> {
  const read = async () => ({
    leads: await db.select({ id: leads.id, firstAssessedAt: leads.firstAssessedAt }).from(leads).orderBy(leads.id),
    opportunities: await db
      .select({ id: opportunities.id, stage: opportunities.stage, furthestStage: opportunities.furthestStage })
      .from(opportunities)
      .orderBy(opportunities.id),
  });
  const kept = await read();
  await db.update(leads).set({ firstAssessedAt: null });
  await db.update(opportunities).set({ furthestStage: "OPPORTUNITY" });
  await deriveFunnelProgress(db);
  expect(kept).toEqual(await read());
  const furthest: Record<string, number> = {};
  for (const row of kept.opportunities) furthest[row.furthestStage] = (furthest[row.furthestStage] ?? 0) + 1;
  return {
    assessedLeads: kept.leads.filter((row) => row.firstAssessedAt !== null).length,
    furtherThanNow: kept.opportunities.filter((row) => row.furthestStage !== row.stage).length,
    furthest,
  };
}
