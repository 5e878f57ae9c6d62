// What the follow-up discipline report relies on (issue 9): an open follow-up is its lead's owner's
// and tier's work, because open follow-ups move with a reassigned lead and are re-planned with a
// new tier; done ones keep the rep and tier of their time.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import type { Executor } from "../../src/db/database.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads } from "../../src/leads/lead.table.ts";

/** Checks every open follow-up carries its lead's owner and tier; returns how many it checked. */
export async function expectOpenFollowUpsOfTheirLeads(db: Executor): Promise<number> {
  const open = await db
    .select({ id: followUps.id, ownerId: followUps.ownerId, tier: followUps.tier, leadOwnerId: leads.ownerId, leadTier: leads.tier })
    .from(followUps)
    .innerJoin(leads, eq(leads.id, followUps.leadId))
    .where(eq(followUps.status, "OPEN"));
  expect(open.filter((row) => row.ownerId !== row.leadOwnerId || row.tier !== row.leadTier)).toEqual([]);
  return open.length;
}
