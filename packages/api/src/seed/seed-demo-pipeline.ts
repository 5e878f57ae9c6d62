import { chinaMainlandCalendar, localDate, type BusinessCalendar } from "@sales/domain";
import { and, eq, inArray } from "drizzle-orm";
import type { Actor } from "../access/actor.ts";
import type { Database } from "../db/database.ts";
import { leads } from "../leads/lead.table.ts";
import { recordContract, saveNegotiationPrep, startNegotiation } from "../opportunities/negotiation.service.ts";
import { markLost, openOpportunity } from "../opportunities/opportunity.service.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { createProposal, decideProposal, submitProposal, updateProposal } from "../proposals/proposal.service.ts";
import { startReview, submitReview } from "../reviews/review.service.ts";
import { users, type UserRow } from "../users/user.table.ts";
import { planDemoDeal, type DemoDeal, type Journey } from "./demo-deal-plan.ts";
import { PAYMENT_TERMS } from "./demo-pipeline-catalog.ts";
import type { DemoTeam } from "./seed-demo-data.ts";

export interface PipelineSeedOptions {
  teams: readonly DemoTeam[];
  now: Date;
  /** The seed's leads, in seed order: `leadId(0)` to `leadId(leadCount - 1)`. */
  leadCount: number;
  leadId: (index: number) => string;
  onProgress?: (done: number, total: number) => void;
}

export interface PipelineSeedSummary {
  opened: number;
  /** Converted demo leads that already had an opportunity. */
  alreadyThere: number;
}

/** Deals walked per transaction: each service call runs in a savepoint, so a batch commits once. */
const DEALS_PER_TRANSACTION = 100;
const CONCURRENT_BATCHES = 4;
/** Leads looked up per statement when finding the converted ones. */
const LOOKUP_CHUNK = 2_000;

/**
 * SOP sections 4–6 demo data. SOP-4.3: a converted lead has an opportunity, so every converted
 * demo lead without one gets it, taken along its journey (planDemoDeal) through the real
 * services: every row, stage move and audit event is what the API itself would write. Each
 * starts where the lead's own history ended and its steps are spread up to the seed's clock.
 * Re-running opens nothing twice; after a larger lead seed only the new converted leads get one.
 */
export async function seedDemoPipeline(db: Database, options: PipelineSeedOptions): Promise<PipelineSeedSummary> {
  const calendar = chinaMainlandCalendar();
  const { deals, alreadyThere } = await findDealsToOpen(db, options, calendar);
  const people = new Map((await db.select().from(users)).map((user) => [user.id, user]));
  const batches = Array.from({ length: Math.ceil(deals.length / DEALS_PER_TRANSACTION) }, (_, i) =>
    deals.slice(i * DEALS_PER_TRANSACTION, (i + 1) * DEALS_PER_TRANSACTION),
  );
  let done = 0;
  // Deals change no row in common, so batches run side by side on PostgreSQL's pool; PGlite
  // has one connection and runs them one after another.
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      await db.transaction(async (tx) => {
        for (const deal of batch) {
          await walk(tx, deal.plan, deal.leadId, {
            rep: people.get(deal.ownerId)!,
            manager: people.get(deal.team.managerId)!,
            reviewer: people.get(deal.team.reviewerId)!,
            start: deal.openedAt,
            now: options.now,
            calendar,
          });
        }
      });
      done += batch.length;
      options.onProgress?.(done, deals.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
  return { opened: deals.length, alreadyThere };
}

interface DealToOpen {
  leadId: string;
  ownerId: string;
  team: DemoTeam;
  openedAt: Date;
  plan: DemoDeal;
}

/**
 * The converted demo leads without an opportunity, in seed order, each with its deal. A deal's
 * journey depends on the lead's place among its team's converted leads, counted over all of
 * them (with an opportunity or not), so a top-up continues the mix where the last run stopped.
 */
async function findDealsToOpen(
  db: Database,
  options: PipelineSeedOptions,
  calendar: BusinessCalendar,
): Promise<{ deals: DealToOpen[]; alreadyThere: number }> {
  const teamsById = new Map(options.teams.map((team) => [team.id, team]));
  const converted = new Map<string, number>();
  const deals: DealToOpen[] = [];
  let alreadyThere = 0;
  for (let start = 0; start < options.leadCount; start += LOOKUP_CHUNK) {
    const ids = Array.from({ length: Math.min(LOOKUP_CHUNK, options.leadCount - start) }, (_, offset) => options.leadId(start + offset));
    const rows = await db
      .select({ id: leads.id, teamId: leads.teamId, ownerId: leads.ownerId, updatedAt: leads.updatedAt })
      .from(leads)
      .where(and(inArray(leads.id, ids), eq(leads.status, "CONVERTED")));
    const opened = await db.selectDistinct({ leadId: opportunities.leadId }).from(opportunities).where(inArray(opportunities.leadId, ids));
    const withOpportunity = new Set(opened.map((row) => row.leadId));
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const [offset, id] of ids.entries()) {
      const lead = byId.get(id);
      const team = lead && teamsById.get(lead.teamId);
      if (!lead || !team) continue;
      const teamPosition = converted.get(team.id) ?? 0;
      converted.set(team.id, teamPosition + 1);
      if (withOpportunity.has(lead.id)) {
        alreadyThere++;
        continue;
      }
      // The rep who owns the lead opens its opportunity; a lead handed to someone else is left alone.
      if (!team.repIds.includes(lead.ownerId)) continue;
      const openedAt = new Date(Math.min(lead.updatedAt.getTime(), options.now.getTime()));
      const plan = planDemoDeal(start + offset, teamPosition, openedAt, options.now, calendar);
      deals.push({ leadId: lead.id, ownerId: lead.ownerId, team, openedAt, plan });
    }
  }
  return { deals, alreadyThere };
}

interface Cast {
  rep: UserRow;
  manager: UserRow;
  reviewer: UserRow;
  start: Date;
  now: Date;
  calendar: BusinessCalendar;
}

/** The deal's journey; a lost deal is walked to where it was given up, then lost there. */
async function walk(db: Database, deal: DemoDeal, leadId: string, cast: Cast): Promise<void> {
  let clock = cast.start.getTime();
  const as = (user: UserRow, steps = 1): Actor => {
    clock = Math.min(clock + steps * deal.stepMs, cast.now.getTime());
    return { user, requestId: "seed", now: new Date(clock) };
  };
  const opportunityId = await walkTo(db, deal.lostAfter ?? deal.journey, deal, leadId, cast, as);
  if (deal.journey === "LOST") await markLost(db, as(cast.rep), opportunityId, deal.loss.reason, deal.loss.note);
}

async function walkTo(
  db: Database,
  goal: Journey,
  deal: DemoDeal,
  leadId: string,
  cast: Cast,
  as: (user: UserRow, steps?: number) => Actor,
): Promise<string> {
  const { id } = await openOpportunity(db, as(cast.rep, 0), leadId, {
    name: deal.name,
    estimatedValue: { amount: String(deal.estimatedValueMinor), currency: "CNY" },
    expectedCloseOn: deal.expectedCloseOn,
  });
  if (goal === "OPPORTUNITY") return id;
  const proposal = await createProposal(db, as(cast.rep), id);
  const parts = goal === "DRAFT" ? { needsAnalysis: deal.proposal.needsAnalysis, solution: deal.proposal.solution } : deal.proposal;
  const draft = await updateProposal(db, as(cast.rep), proposal.id, parts, proposal.version);
  if (goal === "DRAFT") return id;
  const version = await submitProposal(db, as(cast.rep), draft.id);
  if (goal === "SUBMITTED") return id;
  const [review] = await startReview(db, as(cast.manager), version.id, ["FINANCE"], [cast.reviewer.id]);
  if (goal === "IN_REVIEW") return id;
  if (goal === "RETURNED" || goal === "REJECTED") {
    await submitReview(db, as(cast.reviewer), review!.id, { verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "质保金比例偏低，建议提高到 10%" }] });
    await decideProposal(db, as(cast.manager), version.id, goal === "RETURNED" ? "RETURN_FOR_REVISION" : "REJECT", "请按财务评审意见调整付款条件");
    return id;
  }
  await submitReview(db, as(cast.reviewer), review!.id, { verdict: "APPROVE", comments: [] });
  await decideProposal(db, as(cast.manager), version.id, "APPROVE", null);
  if (goal === "APPROVED") return id;
  await saveNegotiationPrep(db, as(cast.rep), id, deal.prep);
  await startNegotiation(db, as(cast.rep), id);
  if (goal === "NEGOTIATION") return id;
  const signer = as(cast.rep);
  // WON at or above the floor; AWAITING_APPROVAL below it, waiting for the manager's approveContract.
  await recordContract(db, signer, id, {
    amount: { amount: String(deal.contractMinor), currency: "CNY" },
    signedOn: localDate(cast.calendar, signer.now),
    paymentTerms: PAYMENT_TERMS,
  });
  return id;
}
