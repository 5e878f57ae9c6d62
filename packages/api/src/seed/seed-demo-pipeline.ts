import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import type { Database } from "../db/database.ts";
import { leads } from "../leads/lead.table.ts";
import { recordContract, saveNegotiationPrep, startNegotiation } from "../opportunities/negotiation.service.ts";
import { markLost, openOpportunity } from "../opportunities/opportunity.service.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { createProposal, decideProposal, submitProposal, updateProposal } from "../proposals/proposal.service.ts";
import { startReview, submitReview } from "../reviews/review.service.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { DEMO_NEGOTIATION_PREP, DEMO_PROPOSAL } from "./demo-pipeline-catalog.ts";
import type { DemoTeam } from "./seed-demo-data.ts";

/** Where each demo opportunity is taken to, so the pipeline shows every stage and review state. */
const JOURNEYS = [
  "OPPORTUNITY",
  "DRAFT",
  "SUBMITTED",
  "IN_REVIEW",
  "RETURNED",
  "REJECTED",
  "APPROVED",
  "NEGOTIATION",
  "AWAITING_APPROVAL",
  "WON",
  "LOST",
] as const;
type Journey = (typeof JOURNEYS)[number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * SOP sections 4–6 demo data: per team, one converted lead taken along each journey through the
 * real services (so every row, stage move and audit event is what the API itself would write),
 * a few hours per step after the lead's own history. Runs once: a database that has
 * opportunities is left alone.
 */
export async function seedDemoPipeline(db: Database, teams: readonly DemoTeam[], now: Date): Promise<number> {
  const [existing] = await db.select({ n: sql<number>`count(*)::int` }).from(opportunities);
  if ((existing?.n ?? 0) > 0) return 0;
  const people = new Map((await db.select().from(users)).map((user) => [user.id, user]));
  let opened = 0;
  for (const team of teams) {
    const candidates = await db
      .select({ id: leads.id, ownerId: leads.ownerId, updatedAt: leads.updatedAt })
      .from(leads)
      .where(and(eq(leads.teamId, team.id), eq(leads.status, "CONVERTED"), inArray(leads.ownerId, team.repIds)))
      .orderBy(asc(leads.createdAt), asc(leads.id))
      .limit(JOURNEYS.length);
    for (const [index, lead] of candidates.entries()) {
      const journey = JOURNEYS[index]!;
      // Each journey picks up where the lead's own history ended, never later than now.
      const start = new Date(Math.min(lead.updatedAt.getTime(), now.getTime()));
      await walk(db, journey, lead.id, {
        rep: people.get(lead.ownerId)!,
        manager: people.get(team.managerId)!,
        reviewer: people.get(team.reviewerId)!,
        start,
        now,
      });
      opened++;
    }
  }
  return opened;
}

async function walk(
  db: Database,
  journey: Journey,
  leadId: string,
  cast: { rep: UserRow; manager: UserRow; reviewer: UserRow; start: Date; now: Date },
): Promise<void> {
  let clock = cast.start.getTime();
  const as = (user: UserRow, afterHours = 6): Actor => {
    clock = Math.min(clock + afterHours * HOUR, cast.now.getTime());
    return { user, requestId: "seed", now: new Date(clock) };
  };
  const closeOn = new Date(cast.now.getTime() + 90 * DAY).toISOString().slice(0, 10);
  const opportunity = await openOpportunity(db, as(cast.rep, 0), leadId, {
    name: "设备联网与预测性维护",
    estimatedValue: { amount: "106000000", currency: "CNY" },
    expectedCloseOn: closeOn,
  });
  if (journey === "OPPORTUNITY") return;
  if (journey === "LOST") {
    await markLost(db, as(cast.rep), opportunity.id, "COMPETITOR", "客户选择了竞品的低价方案");
    return;
  }
  const proposal = await createProposal(db, as(cast.rep), opportunity.id);
  const draft = await updateProposal(db, as(cast.rep), proposal.id, journey === "DRAFT" ? { needsAnalysis: DEMO_PROPOSAL.needsAnalysis } : DEMO_PROPOSAL, proposal.version);
  if (journey === "DRAFT") return;
  const version = await submitProposal(db, as(cast.rep), draft.id);
  if (journey === "SUBMITTED") return;
  const [review] = await startReview(db, as(cast.manager), version.id, ["FINANCE"], [cast.reviewer.id]);
  if (journey === "IN_REVIEW") return;
  if (journey === "RETURNED" || journey === "REJECTED") {
    await submitReview(db, as(cast.reviewer), review!.id, { verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "质保金比例偏低，建议提高到 10%" }] });
    await decideProposal(db, as(cast.manager), version.id, journey === "RETURNED" ? "RETURN_FOR_REVISION" : "REJECT", "请按财务评审意见调整付款条件");
    return;
  }
  await submitReview(db, as(cast.reviewer), review!.id, { verdict: "APPROVE", comments: [] });
  await decideProposal(db, as(cast.manager), version.id, "APPROVE", null);
  if (journey === "APPROVED") return;
  await saveNegotiationPrep(db, as(cast.rep), opportunity.id, DEMO_NEGOTIATION_PREP);
  await startNegotiation(db, as(cast.rep), opportunity.id);
  if (journey === "NEGOTIATION") return;
  const signedOn = new Date(clock).toISOString().slice(0, 10);
  const amount = journey === "AWAITING_APPROVAL" ? "90000000" : "98000000";
  // WON at or above the floor; AWAITING_APPROVAL below it, waiting for the manager's approveContract.
  await recordContract(db, as(cast.rep), opportunity.id, { amount: { amount, currency: "CNY" }, signedOn, paymentTerms: "30% 预付，40% 到货，20% 验收，10% 质保金" });
}
