// Issue 9 report 6: stalled and at-risk (停滞与风险). Open deals standing in their stage longer than
// the team playbook allows, reviews and manager decisions waiting longer than it allows (SOP-5.3),
// and close dates already past. Every threshold is the deal's own team's playbook `pipeline`
// section; waits are elapsed days of 24 hours from the moment the wait began until now.
import { type OpenStage, type ReviewDepartment } from "@sales/domain";
import { and, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { opportunities } from "../opportunities/opportunity.table.ts";
import { proposalVersions } from "../proposals/proposal.table.ts";
import { proposalReviews } from "../reviews/review.table.ts";
import { drillParam, type DrillSpec } from "./drill-token.ts";
import { closeDatePassed, isOpen, perTeamStageSetting } from "./report-predicates.ts";
import { inScope, teamWindows, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

export const RISK_SECTIONS = ["STALLED", "REVIEWS_WAITING", "DECISIONS_WAITING", "CLOSE_DATE_PASSED"] as const;
export type RiskSection = (typeof RISK_SECTIONS)[number];

const now = (scope: ReportScope) => sql`${scope.now.toISOString()}::timestamptz`;

/** Elapsed days (24 hours each) from `since` to the report's now, as a decimal. */
function daysSince(scope: ReportScope, since: SQL | typeof opportunities.stageEnteredAt): SQL {
  return sql`(extract(epoch from (${now(scope)} - ${since})) / 86400)::float8`;
}

/** More than `days` whole days (24 hours each) have passed since `since`. */
function waitedMoreThan(scope: ReportScope, since: SQL | typeof opportunities.stageEnteredAt, days: SQL): SQL {
  return sql`extract(epoch from (${now(scope)} - ${since})) > ${days} * 86400`;
}

/** Each team's stalledAfterDays per open stage from its playbook, as a table `s(team_id, stage, days)`. */
function stalledThresholds(scope: ReportScope): SQL {
  return perTeamStageSetting(scope, "s", "days", (team, stage) => team.rules.playbook.pipeline.stalledAfterDays[stage]);
}

/**
 * Past `days` whole days (24 hours each) in its stage, written as a bound on stage_entered_at so
 * the (team, stage, stage_entered_at) index ranges over the stalled deals of each team and stage
 * rather than the report computing every open deal's wait.
 */
function stalledPast(scope: ReportScope, days: SQL): SQL {
  return sql`${opportunities.stageEnteredAt} < ${now(scope)} - ${days} * interval '24 hours'`;
}

/** The opportunity's team's reviewWaitDays or decisionWaitDays, from a VALUES table `t(team_id, days)` of the scope's playbooks. */
function teamWaitDays(scope: ReportScope, setting: "reviewWaitDays" | "decisionWaitDays"): SQL {
  const rows = scope.teams.map((team) => sql`(${team.id}::uuid, ${team.rules.playbook.pipeline[setting]}::int)`);
  return sql`(select t.days from (values ${sql.join(rows, sql`, `)}) as t(team_id, days) where t.team_id = ${opportunities.teamId})`;
}

/** Open and in its current stage longer than its team allows (the drill's condition, one deal at a time). */
function isStalled(scope: ReportScope): SQL {
  return sql`(${isOpen} and exists (select 1 from ${stalledThresholds(scope)}
    where s.team_id = ${opportunities.teamId} and s.stage = ${opportunities.stage} and ${stalledPast(scope, sql`s.days`)}))`;
}

/**
 * A review (proposal_reviews joined to its version and the version's opportunity) still without
 * a verdict, requested longer ago than the team allows, of a version in review while its
 * opportunity is IN_REVIEW: a lost opportunity's reviews wait hidden, as in the review queue.
 */
function isReviewWaiting(scope: ReportScope): SQL {
  return sql`(${proposalReviews.verdict} is null and ${proposalVersions.status} = 'IN_REVIEW' and ${opportunities.stage} = 'IN_REVIEW'
    and ${waitedMoreThan(scope, sql`${proposalReviews.requestedAt}`, teamWaitDays(scope, "reviewWaitDays"))})`;
}

/** When the last review of the version (proposal_versions) came in. */
const lastReviewAt = sql`(select max(${proposalReviews.submittedAt}) from ${proposalReviews} where ${proposalReviews.versionId} = ${proposalVersions.id})`;

/**
 * A version (joined to its opportunity) sent for review, every review in and no manager decision
 * yet (status IN_REVIEW, as decideProposal reads it), while the opportunity is IN_REVIEW, whose
 * last review came in longer ago than the team allows. A version submitted but not yet sent for
 * review has no review to wait after, and is not counted here.
 */
function isDecisionWaiting(scope: ReportScope): SQL {
  return sql`(${proposalVersions.status} = 'IN_REVIEW' and ${opportunities.stage} = 'IN_REVIEW'
    and not exists (select 1 from ${proposalReviews} where ${proposalReviews.versionId} = ${proposalVersions.id} and ${proposalReviews.verdict} is null)
    and ${waitedMoreThan(scope, lastReviewAt, teamWaitDays(scope, "decisionWaitDays"))})`;
}

export interface StalledItem {
  opportunityId: string;
  stage: OpenStage;
  daysInStage: number;
  thresholdDays: number;
}

export interface ReviewWaitItem {
  reviewId: string;
  versionId: string;
  opportunityId: string;
  department: ReviewDepartment;
  reviewerId: string;
  requestedAt: Date;
  waitedDays: number;
  thresholdDays: number;
}

export interface DecisionWaitItem {
  versionId: string;
  opportunityId: string;
  lastReviewAt: Date;
  waitedDays: number;
  thresholdDays: number;
}

export interface CloseDatePassedItem {
  opportunityId: string;
  expectedCloseOn: string;
  daysPast: number;
}

export interface Section<T> {
  totalCount: number;
  items: T[];
}

export interface RisksReport {
  stalled: Section<StalledItem>;
  reviewsWaiting: Section<ReviewWaitItem> & { opportunityCount: number };
  decisionsWaiting: Section<DecisionWaitItem>;
  closeDatePassed: Section<CloseDatePassedItem>;
}

const iso = (at: SQL) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** Each section's count and its first `first` items, longest waiting first. */
export function pipelineRisks(db: Executor, scope: ReportScope, first: number): Promise<RisksReport> {
  return withoutParallelWorkers(db, (tx) => risksOf(tx, scope, first));
}

async function risksOf(db: Executor, scope: ReportScope, first: number): Promise<RisksReport> {
  if (scope.teams.length === 0) {
    const empty = { totalCount: 0, items: [] };
    return { stalled: empty, reviewsWaiting: { ...empty, opportunityCount: 0 }, decisionsWaiting: empty, closeDatePassed: empty };
  }
  const scoped = inScope(scope, opportunities);
  const reviewsFrom = sql`${proposalReviews} join ${proposalVersions} on ${proposalVersions.id} = ${proposalReviews.versionId}
    join ${opportunities} on ${opportunities.id} = ${proposalVersions.opportunityId}`;
  const [stalled, reviewTotals, reviews, decisions, passed] = await Promise.all([
    rawRows<{ total: number; opportunity_id: string; stage: OpenStage; days_in_stage: number; threshold_days: number }>(
      db,
      sql`select (count(*) over ())::int as total, ${opportunities.id} as opportunity_id, ${opportunities.stage} as stage,
            ${daysSince(scope, opportunities.stageEnteredAt)} as days_in_stage, s.days as threshold_days
          from ${opportunities} join ${stalledThresholds(scope)} on s.team_id = ${opportunities.teamId} and s.stage = ${opportunities.stage}
          where ${stalledPast(scope, sql`s.days`)} and ${scoped}
          order by ${opportunities.stageEnteredAt} + s.days * interval '24 hours', ${opportunities.id} limit ${first}`,
    ),
    rawRows<{ total: number; opportunities: number }>(
      db,
      sql`select count(*)::int as total, count(distinct ${opportunities.id})::int as opportunities
          from ${reviewsFrom} where ${isReviewWaiting(scope)} and ${scoped}`,
    ),
    rawRows<{ review_id: string; version_id: string; opportunity_id: string; department: ReviewDepartment; reviewer_id: string; requested_at: string; waited_days: number; threshold_days: number }>(
      db,
      sql`select ${proposalReviews.id} as review_id, ${proposalReviews.versionId} as version_id, ${opportunities.id} as opportunity_id,
            ${proposalReviews.department} as department, ${proposalReviews.reviewerId} as reviewer_id,
            ${iso(sql`${proposalReviews.requestedAt}`)} as requested_at, ${daysSince(scope, sql`${proposalReviews.requestedAt}`)} as waited_days,
            ${teamWaitDays(scope, "reviewWaitDays")} as threshold_days
          from ${reviewsFrom} where ${isReviewWaiting(scope)} and ${scoped}
          order by ${proposalReviews.requestedAt}, ${proposalReviews.id} limit ${first}`,
    ),
    rawRows<{ total: number; version_id: string; opportunity_id: string; last_review_at: string; waited_days: number; threshold_days: number }>(
      db,
      sql`select (count(*) over ())::int as total, ${proposalVersions.id} as version_id, ${opportunities.id} as opportunity_id,
            ${iso(lastReviewAt)} as last_review_at, ${daysSince(scope, lastReviewAt)} as waited_days,
            ${teamWaitDays(scope, "decisionWaitDays")} as threshold_days
          from ${proposalVersions} join ${opportunities} on ${opportunities.id} = ${proposalVersions.opportunityId}
          where ${isDecisionWaiting(scope)} and ${scoped}
          order by ${lastReviewAt}, ${proposalVersions.id} limit ${first}`,
    ),
    rawRows<{ total: number; opportunity_id: string; expected_close_on: string; days_past: number }>(
      db,
      sql`select (count(*) over ())::int as total, ${opportunities.id} as opportunity_id, ${opportunities.expectedCloseOn}::text as expected_close_on,
            (w.today - ${opportunities.expectedCloseOn})::int as days_past
          from ${opportunities} join ${teamWindows(scope)} on w.team_id = ${opportunities.teamId}
          where ${closeDatePassed} and ${scoped}
          order by ${opportunities.expectedCloseOn}, ${opportunities.id} limit ${first}`,
    ),
  ]);
  const total = (rows: { total: number }[]) => Number(rows[0]?.total ?? 0);
  return {
    stalled: {
      totalCount: total(stalled),
      items: stalled.map((row) => ({
        opportunityId: row.opportunity_id,
        stage: row.stage,
        daysInStage: Number(row.days_in_stage),
        thresholdDays: Number(row.threshold_days),
      })),
    },
    reviewsWaiting: {
      totalCount: Number(reviewTotals[0]?.total ?? 0),
      opportunityCount: Number(reviewTotals[0]?.opportunities ?? 0),
      items: reviews.map((row) => ({
        reviewId: row.review_id,
        versionId: row.version_id,
        opportunityId: row.opportunity_id,
        department: row.department,
        reviewerId: row.reviewer_id,
        requestedAt: new Date(row.requested_at),
        waitedDays: Number(row.waited_days),
        thresholdDays: Number(row.threshold_days),
      })),
    },
    decisionsWaiting: {
      totalCount: total(decisions),
      items: decisions.map((row) => ({
        versionId: row.version_id,
        opportunityId: row.opportunity_id,
        lastReviewAt: new Date(row.last_review_at),
        waitedDays: Number(row.waited_days),
        thresholdDays: Number(row.threshold_days),
      })),
    },
    closeDatePassed: {
      totalCount: total(passed),
      items: passed.map((row) => ({ opportunityId: row.opportunity_id, expectedCloseOn: row.expected_close_on, daysPast: Number(row.days_past) })),
    },
  };
}

/** What a section's drill token selects: its opportunities (for reviews and decisions, the opportunities of those versions). */
export function pipelineRisksDrill(spec: DrillSpec, scope: ReportScope): { subject: "OPPORTUNITY"; condition: SQL } {
  const section = drillParam(spec, "section", RISK_SECTIONS, "drill");
  const scoped = inScope(scope, opportunities);
  const conditions: Record<RiskSection, () => SQL> = {
    STALLED: () => isStalled(scope),
    REVIEWS_WAITING: () =>
      sql`exists (select 1 from ${proposalReviews} join ${proposalVersions} on ${proposalVersions.id} = ${proposalReviews.versionId}
        where ${proposalVersions.opportunityId} = ${opportunities.id} and ${isReviewWaiting(scope)})`,
    DECISIONS_WAITING: () =>
      sql`exists (select 1 from ${proposalVersions} where ${proposalVersions.opportunityId} = ${opportunities.id} and ${isDecisionWaiting(scope)})`,
    CLOSE_DATE_PASSED: () => closeDatePassed,
  };
  return { subject: "OPPORTUNITY", condition: and(conditions[section](), scoped)! };
}
