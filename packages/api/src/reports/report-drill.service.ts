// The rows behind a report figure, from its drill token: selected again under the caller's own
// visibility and the token's filters, paged newest first like `leads` and `opportunities`.
import { and, desc, isNull, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { AppError } from "../errors/app-error.ts";
import type { KeysetPosition } from "../graphql/cursor.ts";
import { leadColumns, leads, type LeadRow } from "../leads/lead.table.ts";
import { opportunities, type OpportunityRow } from "../opportunities/opportunity.table.ts";
import type { UserRow } from "../users/user.table.ts";
import { decodeDrill, type DrillSpec } from "./drill-token.ts";
import { forecastDrill } from "./forecast.service.ts";
import { followUpDisciplineDrill } from "./follow-up-discipline.service.ts";
import { funnelDrill } from "./funnel.service.ts";
import { pipelineChangesDrill } from "./pipeline-changes.service.ts";
import { pipelineRisksDrill } from "./pipeline-risks.service.ts";
import { inScope, resolveReportScope, teamWindows, type ReportScope } from "./report-scope.ts";
import { repScorecardDrill } from "./rep-scorecard.service.ts";
import { velocityDrill } from "./velocity.service.ts";
import { winLossDrill } from "./win-loss.service.ts";

export type DrillSubject = "LEAD" | "OPPORTUNITY";

interface Drill {
  subject: DrillSubject;
  condition: SQL;
}

function drillOf(spec: DrillSpec, scope: ReportScope): Drill {
  switch (spec.report) {
    case "FUNNEL_COHORT":
    case "FUNNEL_ACTIVITY":
      return funnelDrill(spec, scope);
    case "WIN_LOSS":
      return winLossDrill(spec, scope);
    case "VELOCITY":
      return velocityDrill(spec, scope);
    case "FORECAST":
      return forecastDrill(spec, scope);
    case "PIPELINE_CHANGES":
      return pipelineChangesDrill(spec, scope);
    case "RISKS":
      return pipelineRisksDrill(spec, scope);
    case "FOLLOW_UP_DISCIPLINE":
      return followUpDisciplineDrill(spec, scope);
    case "SCORECARD":
      return repScorecardDrill(spec, scope);
    default:
      throw AppError.badInput([{ field: "drill", message: "is not a drill token a report returned" }]);
  }
}

interface PageQuery {
  token: string;
  first: number;
  after: KeysetPosition | null;
  now: Date;
}

async function openDrill(db: Executor, viewer: UserRow, query: PageQuery, subject: DrillSubject): Promise<{ scope: ReportScope; drill: Drill } | null> {
  const spec = decodeDrill(query.token, "drill");
  const scope = await resolveReportScope(db, viewer, { teamId: spec.teamId, ownerId: spec.ownerId, period: spec.period, now: query.now });
  const drill = drillOf(spec, scope);
  if (drill.subject !== subject) {
    const other = drill.subject === "LEAD" ? "reportLeads" : "reportOpportunities";
    throw AppError.badInput([{ field: "drill", message: `selects ${drill.subject === "LEAD" ? "leads" : "opportunities"}: ask ${other}` }]);
  }
  return scope.teams.length === 0 ? null : { scope, drill };
}

export async function drillLeads(db: Executor, viewer: UserRow, query: PageQuery): Promise<{ rows: LeadRow[]; hasNextPage: boolean }> {
  const opened = await openDrill(db, viewer, query, "LEAD");
  if (!opened) return { rows: [], hasNextPage: false };
  const { scope, drill } = opened;
  const rows = await db
    .select(leadColumns)
    .from(leads)
    .innerJoin(teamWindows(scope), sql`w.team_id = ${leads.teamId}`)
    .where(
      and(
        drill.condition,
        inScope(scope, leads),
        isNull(leads.mergedIntoId),
        query.after ? sql`(${leads.createdAt}, ${leads.id}) < (${query.after.at.toISOString()}::timestamptz, ${query.after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(query.first + 1);
  return { rows: rows.slice(0, query.first), hasNextPage: rows.length > query.first };
}

export async function drillOpportunities(
  db: Executor,
  viewer: UserRow,
  query: PageQuery,
): Promise<{ rows: OpportunityRow[]; hasNextPage: boolean }> {
  const opened = await openDrill(db, viewer, query, "OPPORTUNITY");
  if (!opened) return { rows: [], hasNextPage: false };
  const { scope, drill } = opened;
  const rows = await db
    .select({ opportunity: opportunities })
    .from(opportunities)
    .innerJoin(teamWindows(scope), sql`w.team_id = ${opportunities.teamId}`)
    .where(
      and(
        drill.condition,
        inScope(scope, opportunities),
        query.after
          ? sql`(${opportunities.createdAt}, ${opportunities.id}) < (${query.after.at.toISOString()}::timestamptz, ${query.after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
    .limit(query.first + 1);
  return { rows: rows.slice(0, query.first).map((row) => row.opportunity), hasNextPage: rows.length > query.first };
}
