// What a user still holds in their team: the work that must be handed over before they may move
// to another team. Work belongs to its team (its calendar, playbook, manager and review desk), so
// a move never takes work along (README, "A rep who changes teams").
import { OPEN_STAGES } from "@sales/domain";
import { sql } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { leads } from "../leads/lead.table.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions } from "../proposals/proposal.table.ts";
import { proposalReviews } from "../reviews/review.table.ts";
import type { UserRow } from "./user.table.ts";

/**
 * Counts of what `user` holds in `teamId`. Leads count whatever their status, as reassignLeads
 * moves them: a disqualified lead can be reopened and a won customer brings the next deal, so
 * each needs an owner in the team. Reviews count while the reviewer can act on them, as their
 * review queue lists them. Closed deals and done follow-ups are not held: they stay on the
 * record of the team they were done in.
 */
async function workHeld(db: Executor, user: UserRow, teamId: string) {
  const openStages = sql.join(OPEN_STAGES.map((stage) => sql`${stage}`), sql`, `);
  const [row] = await rawRows<{ leads: number; follow_ups: number; opportunities: number; reviews: number }>(
    db,
    sql`select
          (select count(*) from ${leads}
            where ${leads.ownerId} = ${user.id} and ${leads.teamId} = ${teamId} and ${leads.mergedIntoId} is null)::int as leads,
          (select count(*) from ${followUps}
            where ${followUps.ownerId} = ${user.id} and ${followUps.teamId} = ${teamId} and ${followUps.status} = 'OPEN')::int as follow_ups,
          (select count(*) from ${opportunities}
            where ${opportunities.ownerId} = ${user.id} and ${opportunities.teamId} = ${teamId} and ${opportunities.stage} in (${openStages}))::int as opportunities,
          (select count(*) from ${proposalReviews}
            join ${proposalVersions} on ${proposalVersions.id} = ${proposalReviews.versionId}
            join ${opportunities} on ${opportunities.id} = ${proposalVersions.opportunityId}
            where ${proposalReviews.reviewerId} = ${user.id} and ${proposalReviews.teamId} = ${teamId} and ${proposalReviews.verdict} is null
              and ${proposalVersions.status} = 'IN_REVIEW' and ${opportunities.stage} = 'IN_REVIEW')::int as reviews`,
  );
  return { leads: Number(row!.leads), followUps: Number(row!.follow_ups), opportunities: Number(row!.opportunities), reviews: Number(row!.reviews) };
}

/**
 * Refuses (CONFLICT naming `field`) while `user` holds work in their current team, saying what
 * and how to hand it over. Nothing is moved for the admin: who takes a rep's customers is the
 * team manager's decision.
 */
export async function refuseWhileHoldingTeamWork(db: Executor, user: UserRow, field: string): Promise<void> {
  if (user.teamId === null) return;
  const held = await workHeld(db, user, user.teamId);
  const counted = (count: number, one: string, many: string) => count > 0 && `${count} ${count === 1 ? one : many}`;
  const parts = [
    counted(held.leads, "lead", "leads"),
    counted(held.followUps, "open follow-up", "open follow-ups"),
    counted(held.opportunities, "open opportunity", "open opportunities"),
    counted(held.reviews, "open review", "open reviews"),
  ].filter((part): part is string => part !== false);
  if (parts.length === 0) return;
  const handOver = [
    held.leads + held.followUps + held.opportunities > 0 &&
      "the team's manager hands their leads, with the follow-ups and opportunities, to another member (reassignLeads from this user)",
    held.reviews > 0 && "they submit their open reviews",
  ].filter((step): step is string => step !== false);
  throw AppError.conflict(
    `${user.displayName} still holds ${listed(parts)} in their team, and work stays with its team: first ${listed(handOver)}, then move them`,
    field,
  );
}

/** "a", "a and b", "a, b and c". */
function listed(items: readonly string[]): string {
  return items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}
