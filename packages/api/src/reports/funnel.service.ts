// Issue 9, report 1: the funnel, from captured lead to WON, by tier (SOP-2) and by capture
// channel (SOP-1.1). Two views: the cohort of leads captured in the period, wherever they are
// now; and the activity of the period, every step entered during it.
import { FUNNEL_STEPS, LEAD_CHANNELS, REACHABLE_STAGES, stageRank, TIERS, type FunnelStep, type LeadChannel, type Tier } from "@sales/domain";
import { and, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { leads } from "../leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../opportunities/opportunity.table.ts";
import { drillParam, optionalDrillParam, type DrillSpec } from "./drill-token.ts";
import { inPeriod, inScope, scopeTeamIds, teamWindows, withinAnyPeriod, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export const FUNNEL_VIEWS = ["COHORT", "ACTIVITY"] as const;
export type FunnelView = (typeof FUNNEL_VIEWS)[number];

export type FunnelCounts = Record<FunnelStep, number>;

export interface FunnelGroup {
  tier: Tier | null;
  channel: LeadChannel | null;
  counts: FunnelCounts;
}

export interface FunnelReport {
  view: FunnelView;
  total: FunnelGroup;
  /** Every tier, zeros included. */
  byTier: FunnelGroup[];
  /** Every channel, zeros included. */
  byChannel: FunnelGroup[];
}

// How far a lead got: whether it was ever assessed (kept on the lead by assessLead and merges),
// and the furthest stage any of its opportunities ever entered (kept on each opportunity with its
// stage changes), so a deal rejected back to OPPORTUNITY or lost still counts as having reached
// IN_REVIEW. Forward moves go one stage at a time, so reaching a rank means reaching every lower one.
const everAssessed = sql`${leads.firstAssessedAt} is not null`;
const RANK_OF_FURTHEST_STAGE = sql.raw(
  `case ${opportunities.furthestStage.name} ${REACHABLE_STAGES.map((stage) => `when '${stage}' then ${stageRank(stage)}`).join(" ")} end`,
);
/** The furthest rank of the lead's opportunities (null: none), for a lead at a time (a drill's page). */
const furthestRankOfLead = sql`(select max(${RANK_OF_FURTHEST_STAGE}) from ${opportunities} where ${opportunities.leadId} = ${leads.id})`;

/**
 * The furthest rank per lead of the cohort's opportunities, as a table `reach(lead_id,
 * furthest_rank)` to join on a lead. An opportunity is opened from a lead already captured
 * (SOP-4.3), so only those opened since the earliest period start can be the cohort's: a year of
 * deals narrows to the period's, and the planner hashes them rather than the cohort's leads.
 */
function furthestRanks(scope: ReportScope): SQL {
  const earliestStart = new Date(Math.min(...scope.teams.map((team) => team.startsAt!.getTime())));
  return sql`(select ${opportunities.leadId} as lead_id, max(${RANK_OF_FURTHEST_STAGE}) as furthest_rank from ${opportunities}
    where ${inArray(opportunities.teamId, scopeTeamIds(scope))} and ${opportunities.createdAt} >= ${earliestStart.toISOString()}::timestamptz
    group by ${opportunities.leadId}) as reach`;
}

/** Whether a lead has reached `step` (or gone further), from whether it was assessed and its furthest rank. */
function reached(step: FunnelStep, assessed: SQL, rank: SQL): SQL {
  if (step === "CAPTURED") return sql`true`;
  if (step === "ASSESSED") return sql`(${assessed} or coalesce(${rank}, 0) >= 1)`;
  return sql`coalesce(${rank}, 0) >= ${sql.raw(String(stageRank(step)))}`;
}

// Each period condition comes with the scope's outer bounds as constants (withinAnyPeriod), which
// the time indexes can range over; the per-team window alone leaves the planner scanning the team.
function capturedInPeriod(scope: ReportScope): SQL {
  return and(withinAnyPeriod(scope, leads.createdAt), inPeriod(leads.createdAt), isNull(leads.mergedIntoId), inScope(scope, leads))!;
}

/** First assessed in the period: a lead enters the ASSESSED step once; a re-assessment updates it (SOP-2.6). */
function assessedInPeriod(scope: ReportScope): SQL {
  return and(withinAnyPeriod(scope, leads.firstAssessedAt), inPeriod(leads.firstAssessedAt), isNull(leads.mergedIntoId), inScope(scope, leads))!;
}

function enteredStageInPeriod(stage: FunnelStep): SQL {
  return sql`exists (select 1 from ${opportunityStageChanges} where ${opportunityStageChanges.opportunityId} = ${opportunities.id} and ${opportunityStageChanges.toStage} = ${stage} and ${inPeriod(opportunityStageChanges.at)})`;
}

interface GroupedRow {
  tier: Tier | null;
  channel: LeadChannel | null;
  by_tier: number;
  by_channel: number;
}

export async function pipelineFunnel(db: Executor, scope: ReportScope, view: FunnelView): Promise<FunnelReport> {
  const rows =
    scope.teams.length === 0
      ? []
      : await withoutParallelWorkers(db, (tx) => (view === "COHORT" ? cohortRows(tx, scope) : activityRows(tx, scope)));
  const countsOf = (match: (row: FunnelRow) => boolean): FunnelCounts => {
    const counts = Object.fromEntries(FUNNEL_STEPS.map((step) => [step, 0])) as FunnelCounts;
    for (const row of rows.filter(match)) counts[row.step] += row.count;
    return counts;
  };
  return {
    view,
    total: { tier: null, channel: null, counts: countsOf((row) => row.tier === null && row.channel === null) },
    byTier: TIERS.map((tier) => ({ tier, channel: null, counts: countsOf((row) => row.tier === tier) })),
    byChannel: LEAD_CHANNELS.map((channel) => ({ tier: null, channel, counts: countsOf((row) => row.channel === channel) })),
  };
}

interface FunnelRow {
  step: FunnelStep;
  tier: Tier | null;
  channel: LeadChannel | null;
  count: number;
}

function groupOf(row: GroupedRow): { tier: Tier | null; channel: LeadChannel | null } {
  return { tier: Number(row.by_tier) === 0 ? row.tier : null, channel: Number(row.by_channel) === 0 ? row.channel : null };
}

/** One pass over the cohort: each lead counted once per step it reached. */
async function cohortRows(db: Executor, scope: ReportScope): Promise<FunnelRow[]> {
  const stepCounts = FUNNEL_STEPS.map(
    (step) => sql`count(*) filter (where ${reached(step, sql.raw("cohort.assessed"), sql.raw("cohort.furthest_rank"))})::int as ${sql.identifier(step)}`,
  );
  const rows = await rawRows<GroupedRow & Record<FunnelStep, number>>(
    db,
    sql`select tier, channel, grouping(tier) as by_tier, grouping(channel) as by_channel, ${sql.join(stepCounts, sql`, `)}
        from (select ${leads.tier} as tier, ${leads.channel} as channel, ${everAssessed} as assessed, reach.furthest_rank
              from ${leads} join ${teamWindows(scope)} on w.team_id = ${leads.teamId}
              left join ${furthestRanks(scope)} on reach.lead_id = ${leads.id}
              where ${capturedInPeriod(scope)}) as cohort
        group by grouping sets ((), (tier), (channel))`,
  );
  return rows.flatMap((row) => FUNNEL_STEPS.map((step) => ({ step, ...groupOf(row), count: Number(row[step]) })));
}

/** Leads captured and assessed in the period, and opportunities entering each stage in it. */
async function activityRows(db: Executor, scope: ReportScope): Promise<FunnelRow[]> {
  const windows = teamWindows(scope);
  // Every part counts per tier and channel, a column per step, so the grouping sets add up a
  // few dozen rows rather than each lead or stage entry three times over.
  const stepColumns = (counted: Partial<Record<FunnelStep, SQL>>) =>
    sql.join(
      FUNNEL_STEPS.map((step) => sql`${counted[step] ?? sql`0`} as ${sql.identifier(step)}`),
      sql`, `,
    );
  const leadPart = (step: "CAPTURED" | "ASSESSED", condition: SQL) =>
    sql`select ${leads.tier} as tier, ${leads.channel} as channel, ${stepColumns({ [step]: sql`count(*)` })}
        from ${leads} join ${windows} on w.team_id = ${leads.teamId} where ${condition} group by 1, 2`;
  // Each opportunity counts once per stage however often it entered it (enteredStageInPeriod):
  // its entries in the period, read from the stage history's team index, become one row per deal
  // saying which stages it entered, so its lead's tier and channel are read once per deal.
  const entered = sql`select ${opportunityStageChanges.opportunityId} as opportunity_id,
      ${sql.join(
        REACHABLE_STAGES.map((stage) => sql`bool_or(${opportunityStageChanges.toStage} = ${stage}) as ${sql.identifier(stage)}`),
        sql`, `,
      )}
    from ${opportunityStageChanges} join ${windows} on w.team_id = ${opportunityStageChanges.teamId}
    where ${inArray(opportunityStageChanges.teamId, scopeTeamIds(scope))} and ${withinAnyPeriod(scope, opportunityStageChanges.at)}
      and ${inPeriod(opportunityStageChanges.at)} and ${opportunityStageChanges.toStage} <> 'LOST'
    group by ${opportunityStageChanges.opportunityId}`;
  const stagePart = sql`select ${leads.tier} as tier, ${leads.channel} as channel,
      ${stepColumns(Object.fromEntries(REACHABLE_STAGES.map((stage) => [stage, sql`count(*) filter (where entered.${sql.identifier(stage)})`])))}
    from (${entered}) as entered
    join ${opportunities} on ${opportunities.id} = entered.opportunity_id
    join ${leads} on ${leads.id} = ${opportunities.leadId}
    where ${inScope(scope, opportunities)}
    group by 1, 2`;
  const rows = await rawRows<GroupedRow & Record<FunnelStep, number>>(
    db,
    sql`select tier, channel, grouping(tier) as by_tier, grouping(channel) as by_channel,
          ${sql.join(
            FUNNEL_STEPS.map((step) => sql`sum(${sql.identifier(step)})::int as ${sql.identifier(step)}`),
            sql`, `,
          )}
        from (${leadPart("CAPTURED", capturedInPeriod(scope))} union all ${leadPart("ASSESSED", assessedInPeriod(scope))} union all ${stagePart}) as parts
        group by grouping sets ((), (tier), (channel))`,
  );
  return rows.flatMap((row) => FUNNEL_STEPS.map((step) => ({ step, ...groupOf(row), count: Number(row[step]) })));
}

/** What a funnel figure's drill token selects: leads (captured, assessed, cohort) or opportunities (activity stages). */
export function funnelDrill(spec: DrillSpec, scope: ReportScope): { subject: "LEAD" | "OPPORTUNITY"; condition: SQL } {
  const step = drillParam(spec, "step", FUNNEL_STEPS, "drill");
  const tier = optionalDrillParam(spec, "tier", TIERS, "drill");
  const channel = optionalDrillParam(spec, "channel", LEAD_CHANNELS, "drill");
  const ofLead = and(tier ? sql`${leads.tier} = ${tier}` : undefined, channel ? sql`${leads.channel} = ${channel}` : undefined);
  if (spec.report === "FUNNEL_COHORT") {
    return { subject: "LEAD", condition: and(capturedInPeriod(scope), reached(step, everAssessed, furthestRankOfLead), ofLead)! };
  }
  if (step === "CAPTURED") return { subject: "LEAD", condition: and(capturedInPeriod(scope), ofLead)! };
  if (step === "ASSESSED") return { subject: "LEAD", condition: and(assessedInPeriod(scope), ofLead)! };
  const leadCondition = ofLead ? sql` and exists (select 1 from ${leads} where ${leads.id} = ${opportunities.leadId} and ${ofLead})` : sql``;
  return { subject: "OPPORTUNITY", condition: sql`${enteredStageInPeriod(step)} and ${inScope(scope, opportunities)}${leadCondition}` };
}
