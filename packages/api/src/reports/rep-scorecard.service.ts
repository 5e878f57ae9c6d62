// Issue 9, report 8: the rep scorecard, one row per rep combining the other reports' figures.
// Every figure is built from the same predicates as the report it comes from (follow-up
// discipline's facts, report-predicates.ts), so the scorecard and those reports cannot disagree.
// Two statements whatever the number of reps: the counts with the page of reps, then the money
// of that page per currency.
import { TIERS, type CurrencyCode, type Tier } from "@sales/domain";
import { and, inArray, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { leads } from "../leads/lead.table.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { users } from "../users/user.table.ts";
import { drillParam, optionalDrillParam, type DrillSpec } from "./drill-token.ts";
import {
  disciplineFacts,
  disciplineFigureLeads,
  factCounts,
  leadInScope,
  optionalIdParam,
  type DisciplineFigure,
} from "./follow-up-discipline.service.ts";
import { afterRep, repOrder, type RepKey, type RepPageQuery } from "./report-rep-page.ts";
import { closedEitherWayInPeriod, closedInPeriod, isOpen, stageProbabilities, weightedValueSum } from "./report-predicates.ts";
import { inScope, teamWindows, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export const SCORECARD_FIGURES = [
  "LEADS_OWNED",
  "FIRST_CONTACT_DUE",
  "FIRST_CONTACT_ON_TIME",
  "OVERDUE_NOW",
  "OPEN_PIPELINE",
  "WON",
  "CLOSED",
] as const;
export type ScorecardFigure = (typeof SCORECARD_FIGURES)[number];

const MONEY_FIGURES = ["OPEN_PIPELINE", "WEIGHTED_FORECAST", "WON_VALUE"] as const;
type MoneyFigure = (typeof MONEY_FIGURES)[number];

export interface ScorecardMoney {
  currency: CurrencyCode;
  amount: string;
}

export interface ScorecardRow extends RepKey {
  leadsOwned: Record<Tier, number>;
  firstContactDue: number;
  firstContactOnTime: number;
  overdueNow: number;
  won: number;
  closed: number;
  money: Record<MoneyFigure, ScorecardMoney[]>;
}

export interface Scorecard {
  rows: ScorecardRow[];
  hasMoreReps: boolean;
}

/** The rep's leads now: in scope, not merged, not disqualified. */
function leadOwnedNow(scope: ReportScope): SQL {
  return sql`(${leadInScope(scope)} and ${leads.status} <> 'DISQUALIFIED')`;
}

/** The follow-up discipline figures a scorecard row shows. */
const FOLLOWED_FIGURES = ["OVERDUE_NOW", "FIRST_CONTACT_DUE", "FIRST_CONTACT_ON_TIME"] as const satisfies readonly DisciplineFigure[];

const TIER_COLUMNS = TIERS.map((tier) => sql.identifier(`owned_${tier.toLowerCase()}`));

interface CountRow extends Record<string, unknown> {
  team_id: string;
  owner_id: string;
  won: number;
  closed: number;
}

export async function repScorecard(db: Executor, scope: ReportScope, page: RepPageQuery): Promise<Scorecard> {
  if (scope.teams.length === 0) return { rows: [], hasMoreReps: false };
  return withoutParallelWorkers(db, (tx) => scorecardOf(tx, scope, page));
}

async function scorecardOf(db: Executor, scope: ReportScope, page: RepPageQuery): Promise<Scorecard> {
  const same = (table: string) => sql.raw(`${table}.team_id = reps.team_id and ${table}.owner_id = reps.owner_id`);
  const counts = await rawRows<CountRow>(
    db,
    sql`with followed as (
          select team_id, owner_id, ${factCounts(FOLLOWED_FIGURES)}
          from ${disciplineFacts(scope, FOLLOWED_FIGURES)}
          group by team_id, owner_id
        ),
        owned as (
          select ${leads.teamId} as team_id, ${leads.ownerId} as owner_id,
            ${sql.join(
              TIERS.map((tier, index) => sql`count(*) filter (where ${leads.tier} = ${tier})::int as ${TIER_COLUMNS[index]}`),
              sql`, `,
            )}
          from ${leads} where ${leadOwnedNow(scope)}
          group by ${leads.teamId}, ${leads.ownerId}
        ),
        closed as (
          select ${opportunities.teamId} as team_id, ${opportunities.ownerId} as owner_id,
            count(*) filter (where ${closedInPeriod("WON")})::int as won, count(*)::int as closed
          from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
          where ${inScope(scope, opportunities)} and ${closedEitherWayInPeriod}
          group by ${opportunities.teamId}, ${opportunities.ownerId}
        ),
        open_deals as (
          select distinct ${opportunities.teamId} as team_id, ${opportunities.ownerId} as owner_id
          from ${opportunities} where ${inScope(scope, opportunities)} and ${isOpen}
        ),
        -- Active reps of the teams in scope, and anyone with work counted here.
        reps as (
          select ${users.teamId} as team_id, ${users.id} as owner_id from ${users}
          where ${users.role} = 'REP' and ${users.active} and ${inScope(scope, { teamId: users.teamId, ownerId: users.id })}
          union select team_id, owner_id from followed
          union select team_id, owner_id from owned
          union select team_id, owner_id from closed
          union select team_id, owner_id from open_deals
        )
        select reps.team_id, reps.owner_id, ${sql.join(
          TIER_COLUMNS.map((column) => sql`coalesce(owned.${column}, 0) as ${column}`),
          sql`, `,
        )},
          coalesce(followed.overdue_now, 0) as overdue_now, coalesce(followed.first_contact_due, 0) as first_contact_due,
          coalesce(followed.first_contact_on_time, 0) as first_contact_on_time,
          coalesce(closed.won, 0) as won, coalesce(closed.closed, 0) as closed
        from reps
        join ${users} on ${users.id} = reps.owner_id and ${users.role} = 'REP'
        left join owned on ${same("owned")}
        left join followed on ${same("followed")}
        left join closed on ${same("closed")}
        where ${afterRep("reps", page.after)}
        order by ${repOrder("reps")}
        limit ${page.first + 1}`,
  );
  const shown = counts.slice(0, page.first);
  const money = shown.length === 0 ? [] : await moneyRows(db, scope, [...new Set(shown.map((row) => row.owner_id))]);
  return {
    rows: shown.map((row) => {
      const ofRep = (figure: MoneyFigure) =>
        money
          .filter((entry) => entry.figure === figure && entry.team_id === row.team_id && entry.owner_id === row.owner_id)
          .map((entry) => ({ currency: entry.currency, amount: entry.amount }));
      return {
        teamId: row.team_id,
        ownerId: row.owner_id,
        leadsOwned: Object.fromEntries(TIERS.map((tier) => [tier, Number(row[`owned_${tier.toLowerCase()}`])])) as Record<Tier, number>,
        firstContactDue: Number(row.first_contact_due),
        firstContactOnTime: Number(row.first_contact_on_time),
        overdueNow: Number(row.overdue_now),
        won: Number(row.won),
        closed: Number(row.closed),
        money: Object.fromEntries(MONEY_FIGURES.map((figure) => [figure, ofRep(figure)])) as Record<MoneyFigure, ScorecardMoney[]>,
      };
    }),
    hasMoreReps: counts.length > page.first,
  };
}

interface MoneyRow {
  team_id: string;
  owner_id: string;
  currency: CurrencyCode;
  figure: MoneyFigure;
  amount: string;
}

/** Open pipeline, weighted forecast and won value per rep and currency, summed in SQL as numeric. */
async function moneyRows(db: Executor, scope: ReportScope, ownerIds: string[]): Promise<MoneyRow[]> {
  const ofPage = and(inScope(scope, opportunities), inArray(opportunities.ownerId, ownerIds));
  const keys = sql`${opportunities.teamId} as team_id, ${opportunities.ownerId} as owner_id, ${opportunities.currency} as currency`;
  const groupBy = sql`group by ${opportunities.teamId}, ${opportunities.ownerId}, ${opportunities.currency}`;
  return rawRows<MoneyRow>(
    db,
    sql`select ${keys}, 'OPEN_PIPELINE'::text as figure, sum(${opportunities.estimatedValueMinor})::text as amount
        from ${opportunities} where ${ofPage} and ${isOpen} ${groupBy}
        union all
        select ${keys}, 'WEIGHTED_FORECAST'::text, (${weightedValueSum})::text
        from ${opportunities} join ${stageProbabilities(scope)} on p.team_id = ${opportunities.teamId} and p.stage = ${opportunities.stage}
        where ${ofPage} and ${isOpen} ${groupBy}
        union all
        select ${keys}, 'WON_VALUE'::text, sum(${opportunities.contractAmountMinor})::text
        from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
        where ${ofPage} and ${closedInPeriod("WON")} ${groupBy}`,
  );
}

/** What a scorecard figure's drill token selects: one rep's leads or opportunities in one team. */
export function repScorecardDrill(spec: DrillSpec, scope: ReportScope): { subject: "LEAD" | "OPPORTUNITY"; condition: SQL } {
  const figure = drillParam(spec, "figure", SCORECARD_FIGURES, "drill");
  const teamId = optionalIdParam(spec, "team");
  const ownerId = optionalIdParam(spec, "rep");
  if (teamId === null || ownerId === null) throw AppError.badInput([{ field: "drill", message: "is not a drill token a report returned" }]);
  const rep = { teamId, ownerId };
  switch (figure) {
    case "LEADS_OWNED": {
      const tier = optionalDrillParam(spec, "tier", TIERS, "drill");
      return {
        subject: "LEAD",
        condition: and(
          leadOwnedNow(scope),
          sql`${leads.teamId} = ${teamId}::uuid and ${leads.ownerId} = ${ownerId}::uuid`,
          tier === null ? undefined : sql`${leads.tier} = ${tier}`,
        )!,
      };
    }
    case "FIRST_CONTACT_DUE":
    case "FIRST_CONTACT_ON_TIME":
    case "OVERDUE_NOW":
      return { subject: "LEAD", condition: disciplineFigureLeads(scope, figure, { ...rep, tier: null }) };
    case "OPEN_PIPELINE":
    case "WON":
    case "CLOSED": {
      const condition = figure === "OPEN_PIPELINE" ? isOpen : figure === "WON" ? closedInPeriod("WON") : closedEitherWayInPeriod;
      return {
        subject: "OPPORTUNITY",
        condition: and(
          inScope(scope, opportunities),
          condition,
          sql`${opportunities.teamId} = ${teamId}::uuid and ${opportunities.ownerId} = ${ownerId}::uuid`,
        )!,
      };
    }
  }
}
