// Issue 9, report 3: pipeline velocity. How long deals stay in each open stage (from the stage
// history, sop.md "Pipeline stages"), how long a won deal took from capture (SOP-1.3) to WON
// (SOP-6.3), and the sales-velocity figure built from them, in total, per team and per rep.
import { CURRENCY_CODES, OPEN_STAGES, ratio, salesVelocity, type CurrencyCode, type OpenStage } from "@sales/domain";
import { and, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { leads } from "../leads/lead.table.ts";
import { opportunities, opportunityStageChanges } from "../opportunities/opportunity.table.ts";
import { drillParam, type DrillSpec } from "./drill-token.ts";
import { closedEitherWayInPeriod, closedInPeriod, isOpen } from "./report-predicates.ts";
import { inPeriod, inScope, scopeTeamIds, teamWindows, withinAnyPeriod, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export interface StageDays {
  stage: OpenStage;
  stays: number;
  medianDays: number | null;
  p90Days: number | null;
}

export interface SalesCycle {
  deals: number;
  medianDays: number | null;
  p90Days: number | null;
  averageDays: number | null;
}

export interface VelocityInCurrency {
  currency: CurrencyCode;
  openOpportunities: number;
  wonDeals: number;
  /** Rounded half-up to a whole minor unit; null when nothing was won in this currency. */
  averageWonValueMinor: bigint | null;
  /** Minor units per day; null when a factor is unknown. */
  perDayMinor: bigint | null;
}

export interface VelocityGroup {
  /** Set on a team row. */
  teamId: string | null;
  /** Set on a rep row (the current owner). */
  ownerId: string | null;
  daysInStage: StageDays[];
  salesCycle: SalesCycle;
  openOpportunities: number;
  won: number;
  lost: number;
  /** Every currency with an open deal or a deal won in the period. */
  byCurrency: VelocityInCurrency[];
}

export interface VelocityReport {
  total: VelocityGroup;
  /** Every team in scope, zeros included. */
  byTeam: VelocityGroup[];
  /** Reps with a stay, a closed deal or an open deal; most open deals first, then most won, then by id. */
  byRep: VelocityGroup[];
}

const wonInPeriod = closedInPeriod("WON");
const lostInPeriod = closedInPeriod("LOST");
const OPEN_STAGE_LIST = sql.raw(OPEN_STAGES.map((stage) => `'${stage}'`).join(", "));

/**
 * A stage change as the stay it opened, `(opportunity_id, stage, entered_at, left_at)`: the stay in
 * its `to_stage` lasted until the opportunity's next change, whose time the change keeps as
 * `left_at` (null while the stay lasts).
 */
const STAY_COLUMNS = sql`${opportunityStageChanges.opportunityId} as opportunity_id, ${opportunityStageChanges.toStage} as stage, ${opportunityStageChanges.at} as entered_at,
  ${opportunityStageChanges.leftAt} as left_at`;

/** A stay `s` in an open stage (or in `stage`) that ended in the period of the opportunity's team (joined as `w`). */
function stayEndedInPeriod(stage: OpenStage | null): SQL {
  return sql`(s.stage in (${OPEN_STAGE_LIST}) and ${inPeriod(sql`s.left_at`)}${stage === null ? sql`` : sql` and s.stage = ${stage}`})`;
}

const stayDays = sql`extract(epoch from (s.left_at - s.entered_at))::float8 / 86400`;

/** SOP-1.3 capture to WON, with the deal's lead joined. */
const cycleDays = sql`extract(epoch from (${opportunities.stageEnteredAt} - ${leads.createdAt}))::float8 / 86400`;

interface Grouping {
  team_id: string | null;
  owner_id: string | null;
  by_team: number;
  by_owner: number;
}

interface StayRow extends Grouping {
  stage: OpenStage;
  stays: number;
  median_days: number | string | null;
  p90_days: number | string | null;
}

interface DealRow extends Grouping {
  currency: CurrencyCode | null;
  by_currency: number;
  open: number;
  won: number;
  lost: number;
  average_won_minor: string | null;
}

interface CycleRow extends Grouping {
  median_days: number | string | null;
  p90_days: number | string | null;
  average_days: number | string | null;
}

/** A float8 as the driver gave it (a number, or a string on some drivers), or null. */
function days(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value);
}

function groupKey(teamId: string | null, ownerId: string | null): string {
  return teamId ? `team:${teamId}` : ownerId ? `rep:${ownerId}` : "total";
}

/** A statement's rows by the group (total, team or rep) their grouping set made them rows of. */
function rowsByGroup<Row extends Grouping>(rows: Row[]): Map<string, Row[]> {
  const byGroup = new Map<string, Row[]>();
  for (const row of rows) {
    const key = Number(row.by_team) === 0 ? groupKey(row.team_id, null) : Number(row.by_owner) === 0 ? groupKey(null, row.owner_id) : groupKey(null, null);
    const ofGroup = byGroup.get(key);
    if (ofGroup) ofGroup.push(row);
    else byGroup.set(key, [row]);
  }
  return byGroup;
}

export async function pipelineVelocity(db: Executor, scope: ReportScope): Promise<VelocityReport> {
  const [stays, deals, cycles] =
    scope.teams.length === 0
      ? [[], [], []]
      : await withoutParallelWorkers(db, (tx) => Promise.all([stayRows(tx, scope), dealRows(tx, scope), cycleRows(tx, scope)]));
  // Rows filed by group once: a company-wide report has hundreds of rep groups, and searching
  // every row for each of them added about 35 ms to its answer (API against SQL time, p50).
  const stayRowsOf = rowsByGroup(stays);
  const dealRowsOf = rowsByGroup(deals);
  const cycleRowsOf = rowsByGroup(cycles);
  const group = (teamId: string | null, ownerId: string | null): VelocityGroup => {
    const key = groupKey(teamId, ownerId);
    const ofGroup = dealRowsOf.get(key) ?? [];
    const counts = ofGroup.find((row) => Number(row.by_currency) === 1);
    const winRate = counts ? ratio(Number(counts.won), Number(counts.won) + Number(counts.lost)).value : null;
    const cycle = cycleRowsOf.get(key)?.[0];
    const averageCycleDays = days(cycle?.average_days);
    const groupStays = stayRowsOf.get(key) ?? [];
    return {
      teamId,
      ownerId,
      daysInStage: OPEN_STAGES.map((stage) => {
        const row = groupStays.find((candidate) => candidate.stage === stage);
        return { stage, stays: row ? Number(row.stays) : 0, medianDays: days(row?.median_days), p90Days: days(row?.p90_days) };
      }),
      salesCycle: {
        deals: counts ? Number(counts.won) : 0,
        medianDays: days(cycle?.median_days),
        p90Days: days(cycle?.p90_days),
        averageDays: averageCycleDays,
      },
      openOpportunities: counts ? Number(counts.open) : 0,
      won: counts ? Number(counts.won) : 0,
      lost: counts ? Number(counts.lost) : 0,
      byCurrency: [...CURRENCY_CODES].sort().flatMap((currency): VelocityInCurrency[] => {
        const row = ofGroup.find((candidate) => Number(candidate.by_currency) === 0 && candidate.currency === currency);
        if (!row || Number(row.open) + Number(row.won) === 0) return [];
        const averageWonValueMinor = row.average_won_minor === null ? null : BigInt(row.average_won_minor);
        const perDay = salesVelocity({
          openOpportunities: Number(row.open),
          averageWonValueMinor: averageWonValueMinor === null ? null : Number(averageWonValueMinor),
          winRate,
          averageCycleDays,
        });
        return [
          {
            currency,
            openOpportunities: Number(row.open),
            wonDeals: Number(row.won),
            averageWonValueMinor,
            perDayMinor: perDay === null ? null : BigInt(perDay),
          },
        ];
      }),
    };
  };
  const reps = [...new Set([...stays, ...deals].filter((row) => Number(row.by_owner) === 0).map((row) => row.owner_id!))];
  return {
    total: group(null, null),
    byTeam: scope.teams.map((team) => group(team.id, null)),
    byRep: reps
      .map((ownerId) => group(null, ownerId))
      .sort((a, b) => b.openOpportunities - a.openOpportunities || b.won - a.won || (a.ownerId! < b.ownerId! ? -1 : 1)),
  };
}

const GROUPS = (extra: SQL) => sql`grouping sets ((${extra}), (team_id, ${extra}), (owner_id, ${extra}))`;

/** Days per stay ending in the period, by stage: count, median and p90. */
async function stayRows(db: Executor, scope: ReportScope): Promise<StayRow[]> {
  // The stays of the scope's teams ending between the earliest start and the latest end of their
  // periods, read from the (team, left_at) index, then each held to its own team's period. The
  // period is joined on the stage change's own team (an opportunity's team never changes), so it
  // bounds that team's index range; joined on the opportunity's, the planner paired every team's
  // period with all the scope's stays (605,000 rows for 75,000 stays company-wide).
  return rawRows<StayRow>(
    db,
    sql`select team_id, owner_id, stage, grouping(team_id) as by_team, grouping(owner_id) as by_owner, count(*)::int as stays,
          percentile_cont(0.5) within group (order by days) as median_days, percentile_cont(0.9) within group (order by days) as p90_days
        from (select s.team_id, s.owner_id, s.stage, ${stayDays} as days
              from (select ${STAY_COLUMNS}, ${opportunityStageChanges.teamId} as team_id, ${opportunities.ownerId} as owner_id
                    from ${opportunityStageChanges} join ${opportunities} on ${opportunities.id} = ${opportunityStageChanges.opportunityId}
                    where ${inArray(opportunityStageChanges.teamId, scopeTeamIds(scope))} and ${withinAnyPeriod(scope, opportunityStageChanges.leftAt)}
                      and ${inScope(scope, opportunities)}) as s
              join ${teamWindows(scope)} on w.team_id = s.team_id
              where ${stayEndedInPeriod(null)}) as ended
        group by ${GROUPS(sql`stage`)}`,
  );
}

/** Open deals now and deals closed in the period: counts, and per currency the open count and the average won contract. */
async function dealRows(db: Executor, scope: ReportScope): Promise<DealRow[]> {
  return rawRows<DealRow>(
    db,
    sql`select team_id, owner_id, currency, grouping(team_id) as by_team, grouping(owner_id) as by_owner, grouping(currency) as by_currency,
          count(*) filter (where open)::int as open, count(*) filter (where won)::int as won, count(*) filter (where lost)::int as lost,
          round(avg(contract) filter (where won))::text as average_won_minor
        from (select ${opportunities.teamId} as team_id, ${opportunities.ownerId} as owner_id, ${opportunities.currency} as currency,
                ${isOpen} as open, ${wonInPeriod} as won, ${lostInPeriod} as lost, ${opportunities.contractAmountMinor}::numeric as contract
              from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
              where (${isOpen} or ${closedEitherWayInPeriod}) and ${inScope(scope, opportunities)}) as deals
        group by grouping sets ((), (team_id), (owner_id), (currency), (team_id, currency), (owner_id, currency))`,
  );
}

/** The sales cycle of the deals won in the period: capture (SOP-1.3) to WON. */
async function cycleRows(db: Executor, scope: ReportScope): Promise<CycleRow[]> {
  return rawRows<CycleRow>(
    db,
    sql`select team_id, owner_id, grouping(team_id) as by_team, grouping(owner_id) as by_owner,
          percentile_cont(0.5) within group (order by days) as median_days, percentile_cont(0.9) within group (order by days) as p90_days,
          avg(days) as average_days
        from (select ${opportunities.teamId} as team_id, ${opportunities.ownerId} as owner_id, ${cycleDays} as days
              from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
              join ${leads} on ${leads.id} = ${opportunities.leadId}
              where ${wonInPeriod} and ${inScope(scope, opportunities)}) as won
        group by grouping sets ((), (team_id), (owner_id))`,
  );
}

export const VELOCITY_FIGURES = ["STAYS", "SALES_CYCLE", "OPEN"] as const;

/** What a velocity figure's drill token selects: opportunities, by the predicates the counts use. */
export function velocityDrill(spec: DrillSpec, scope: ReportScope): { subject: "OPPORTUNITY"; condition: SQL } {
  const figure = drillParam(spec, "figure", VELOCITY_FIGURES, "drill");
  const condition = (() => {
    switch (figure) {
      case "STAYS": {
        const stage = drillParam(spec, "stage", OPEN_STAGES, "drill");
        return sql`exists (select 1 from (select ${STAY_COLUMNS} from ${opportunityStageChanges} where ${opportunityStageChanges.opportunityId} = ${opportunities.id}) as s
          where ${stayEndedInPeriod(stage)})`;
      }
      case "SALES_CYCLE":
        return wonInPeriod;
      case "OPEN":
        return isOpen;
    }
  })();
  return { subject: "OPPORTUNITY", condition: and(condition, inScope(scope, opportunities))! };
}
