// Issue 9 report 5: what changed in the pipeline since a moment (Salesforce's "pipeline
// inspection"). Read from the stage history and the audit trail's OPPORTUNITY_UPDATED events,
// never from the opportunities' current values, so it is right for any past `since`.
import { PIPELINE_STAGES, STAGE_MOVE_KINDS, stageRank, validateChangesSince, type PipelineStage } from "@sales/domain";
import { inArray, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { auditEvents } from "../audit/audit-event.table.ts";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { AppError } from "../errors/app-error.ts";
import { fieldProblems } from "../errors/field-problems.ts";
import { decodeCursorValues, encodeCursorValues } from "../graphql/cursor.ts";
import { opportunities, opportunityStageChanges } from "../opportunities/opportunity.table.ts";
import { drillParam, type DrillSpec } from "./drill-token.ts";
import { inScope, scopeTeamIds, type ReportScope } from "./report-scope.ts";
import { withoutParallelWorkers } from "./report-transaction.ts";

/**
 * The stage moves (domain classifyStageMove), then the changes updateOpportunity records. A value
 * is compared only within one currency: updateOpportunity keeps the currency, and should a
 * recorded change ever carry another one it is VALUE_CHANGED, neither raised nor cut.
 */
export const PIPELINE_CHANGE_KINDS = [
  ...STAGE_MOVE_KINDS,
  "CLOSE_DATE_PUSHED",
  "CLOSE_DATE_PULLED_IN",
  "VALUE_RAISED",
  "VALUE_CUT",
  "VALUE_CHANGED",
  "RENAMED",
] as const;
export type PipelineChangeKind = (typeof PIPELINE_CHANGE_KINDS)[number];

/** `since`, checked: BAD_USER_INPUT naming `since` when in the future or more than two years back. */
export function checkChangesSince(since: Date, now: Date): Date {
  const checked = validateChangesSince(since, now);
  if (!checked.ok) throw AppError.badInput(fieldProblems(checked.error, ""));
  return checked.value;
}

// Where an entry comes from, the middle of the page's sort key: one audit event that changes the
// close date and the value yields two entries with the same time and id.
const SOURCE = { STAGE: 1, CLOSE_DATE: 2, VALUE: 3, NAME: 4 } as const;

function rankOf(column: SQL): SQL {
  const ranked = PIPELINE_STAGES.filter((stage) => stageRank(stage) !== null);
  return sql`(case ${column} ${sql.raw(ranked.map((stage) => `when '${stage}' then ${stageRank(stage)}`).join(" "))} end)`;
}

/** classifyStageMove in SQL, from the same stage ranks, in the same order of tests. */
export function stageMoveKind(from: SQL, to: SQL): SQL {
  return sql`(case when ${from} is null then 'CREATED' when ${to} = 'WON' then 'WON' when ${to} = 'LOST' then 'LOST'
    when ${from} = 'LOST' then 'REOPENED' when ${rankOf(to)} > ${rankOf(from)} then 'MOVED_FORWARD' else 'MOVED_BACKWARD' end)`;
}

const iso = (at: PgColumn) => sql`to_char(${at} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Every change since `since` of the `teams` (an opportunity's team never changes) as rows `(opportunity_id, kind, at, at_iso, source, id, actor_id,
 * from_stage, to_stage, close_before, close_after, value_before, value_after, currency_before,
 * currency_after, name_before, name_after)`, of every opportunity or, with `opportunity`, of that
 * one only. Counts, the page and the drill all read this, so they cannot disagree. The stage
 * history is narrowed to the teams from its team index: a team's moves are an eighth of the
 * company's, and the join to the opportunities would otherwise meet every one of them.
 */
function changeEntries(since: Date, teamIds: string[], opportunity?: SQL): SQL {
  const at = sql`${since.toISOString()}::timestamptz`;
  const stageOf = sql` and ${inArray(opportunityStageChanges.teamId, teamIds)}${opportunity ? sql` and ${opportunityStageChanges.opportunityId} = ${opportunity}` : sql``}`;
  const auditOf = opportunity ? sql` and ${auditEvents.entityId} = ${opportunity}` : sql``;
  const before = (field: string) => sql`(${auditEvents.before} ->> ${sql.raw(`'${field}'`)})`;
  const after = (field: string) => sql`(${auditEvents.after} ->> ${sql.raw(`'${field}'`)})`;
  const money = (side: PgColumn, part: "amount" | "currency") => sql`(${side} -> 'estimatedValue' ->> ${sql.raw(`'${part}'`)})`;
  const updates = sql`${auditEvents.action} = 'OPPORTUNITY_UPDATED' and ${auditEvents.entityType} = 'OPPORTUNITY' and ${auditEvents.at} >= ${at}${auditOf}`;
  const auditColumns = (kind: SQL, source: number) =>
    sql`${auditEvents.entityId} as opportunity_id, ${kind} as kind, ${auditEvents.at} as at, ${iso(auditEvents.at)} as at_iso,
        ${sql.raw(String(source))} as source, ${auditEvents.id}::text as id, ${auditEvents.actorId} as actor_id,
        null::text as from_stage, null::text as to_stage`;
  const none = (n: number) => sql.raw(Array.from({ length: n }, () => "null::text").join(", "));
  return sql`
    select ${opportunityStageChanges.opportunityId} as opportunity_id,
        ${stageMoveKind(sql`${opportunityStageChanges.fromStage}`, sql`${opportunityStageChanges.toStage}`)} as kind,
        ${opportunityStageChanges.at} as at, ${iso(opportunityStageChanges.at)} as at_iso, ${sql.raw(String(SOURCE.STAGE))} as source,
        ${opportunityStageChanges.id}::text as id, ${opportunityStageChanges.actorId} as actor_id,
        ${opportunityStageChanges.fromStage} as from_stage, ${opportunityStageChanges.toStage} as to_stage,
        null::text as close_before, null::text as close_after, null::text as value_before, null::text as value_after,
        null::text as currency_before, null::text as currency_after, null::text as name_before, null::text as name_after
      from ${opportunityStageChanges} where ${opportunityStageChanges.at} >= ${at}${stageOf}
    union all
    select ${auditColumns(sql`case when ${after("expectedCloseOn")}::date > ${before("expectedCloseOn")}::date then 'CLOSE_DATE_PUSHED' else 'CLOSE_DATE_PULLED_IN' end`, SOURCE.CLOSE_DATE)},
        ${before("expectedCloseOn")}, ${after("expectedCloseOn")}, ${none(6)}
      from ${auditEvents} where ${updates} and ${before("expectedCloseOn")}::date <> ${after("expectedCloseOn")}::date
    union all
    select ${auditColumns(
      sql`case when ${money(auditEvents.after, "currency")} <> ${money(auditEvents.before, "currency")} then 'VALUE_CHANGED'
        when ${money(auditEvents.after, "amount")}::numeric > ${money(auditEvents.before, "amount")}::numeric then 'VALUE_RAISED' else 'VALUE_CUT' end`,
      SOURCE.VALUE,
    )},
        null::text, null::text, ${money(auditEvents.before, "amount")}, ${money(auditEvents.after, "amount")},
        ${money(auditEvents.before, "currency")}, ${money(auditEvents.after, "currency")}, null::text, null::text
      from ${auditEvents} where ${updates} and (${auditEvents.before} -> 'estimatedValue') <> (${auditEvents.after} -> 'estimatedValue')
    union all
    select ${auditColumns(sql`'RENAMED'`, SOURCE.NAME)}, ${none(6)}, ${before("name")}, ${after("name")}
      from ${auditEvents} where ${updates} and ${before("name")} <> ${after("name")}`;
}

/** The changes of the opportunities in scope, as `e`, joined to their opportunity. */
function scopedChanges(scope: ReportScope, since: Date): SQL {
  return sql`(${changeEntries(since, scopeTeamIds(scope))}) as e join ${opportunities} on ${opportunities.id} = e.opportunity_id where ${inScope(scope, opportunities)}`;
}

export interface ChangeCount {
  kind: PipelineChangeKind;
  /** Changes of this kind. */
  count: number;
  /** Distinct opportunities with at least one: the rows the drill returns. */
  opportunities: number;
}

export function pipelineChangeSummary(db: Executor, scope: ReportScope, since: Date): Promise<ChangeCount[]> {
  return withoutParallelWorkers(db, (tx) => changeSummary(tx, scope, since));
}

async function changeSummary(db: Executor, scope: ReportScope, since: Date): Promise<ChangeCount[]> {
  const rows =
    scope.teams.length === 0
      ? []
      : await rawRows<{ kind: PipelineChangeKind; count: number; opportunities: number }>(
          db,
          sql`select e.kind, count(*)::int as count, count(distinct e.opportunity_id)::int as opportunities from ${scopedChanges(scope, since)} group by e.kind`,
        );
  return PIPELINE_CHANGE_KINDS.map((kind) => {
    const row = rows.find((candidate) => candidate.kind === kind);
    return { kind, count: Number(row?.count ?? 0), opportunities: Number(row?.opportunities ?? 0) };
  });
}

export interface ChangeEntry {
  kind: PipelineChangeKind;
  at: Date;
  opportunityId: string;
  actorId: string | null;
  fromStage: PipelineStage | null;
  toStage: PipelineStage | null;
  closeDateBefore: string | null;
  closeDateAfter: string | null;
  valueBefore: { amount: string; currency: string } | null;
  valueAfter: { amount: string; currency: string } | null;
  nameBefore: string | null;
  nameAfter: string | null;
  cursor: string;
}

interface EntryRow {
  opportunity_id: string;
  kind: PipelineChangeKind;
  at_iso: string;
  source: number;
  id: string;
  actor_id: string | null;
  from_stage: PipelineStage | null;
  to_stage: PipelineStage | null;
  close_before: string | null;
  close_after: string | null;
  value_before: string | null;
  value_after: string | null;
  currency_before: string | null;
  currency_after: string | null;
  name_before: string | null;
  name_after: string | null;
}

/** Where a page of changes continues: after this (at, source, id), newest first. */
export function decodeChangeCursor(cursor: string, field: string): { at: string; source: string; id: string } {
  const [at, source, id] = decodeCursorValues(cursor, field, ["timestamp", "wholeNumber", "wholeNumber"]);
  return { at: at!, source: source!, id: id! };
}

interface ChangePageQuery {
  first: number;
  after: { at: string; source: string; id: string } | null;
}

interface ChangePage {
  entries: ChangeEntry[];
  hasNextPage: boolean;
}

/** A page of changes, newest first, keyset on (at, source, id). */
export function pipelineChangePage(db: Executor, scope: ReportScope, since: Date, page: ChangePageQuery): Promise<ChangePage> {
  return withoutParallelWorkers(db, (tx) => changePage(tx, scope, since, page));
}

async function changePage(db: Executor, scope: ReportScope, since: Date, page: ChangePageQuery): Promise<ChangePage> {
  if (scope.teams.length === 0) return { entries: [], hasNextPage: false };
  const after = page.after
    ? sql` and (e.at, e.source, e.id::bigint) < (${page.after.at}::timestamptz, ${page.after.source}::int, ${page.after.id}::bigint)`
    : sql``;
  const rows = await rawRows<EntryRow>(
    db,
    sql`select e.* from ${scopedChanges(scope, since)}${after} order by e.at desc, e.source desc, e.id::bigint desc limit ${page.first + 1}`,
  );
  const money = (amount: string | null, currency: string | null) => (amount === null || currency === null ? null : { amount, currency });
  return {
    hasNextPage: rows.length > page.first,
    entries: rows.slice(0, page.first).map((row) => ({
      kind: row.kind,
      at: new Date(row.at_iso),
      opportunityId: row.opportunity_id,
      actorId: row.actor_id,
      fromStage: row.from_stage,
      toStage: row.to_stage,
      closeDateBefore: row.close_before,
      closeDateAfter: row.close_after,
      valueBefore: money(row.value_before, row.currency_before),
      valueAfter: money(row.value_after, row.currency_after),
      nameBefore: row.name_before,
      nameAfter: row.name_after,
      cursor: encodeCursorValues([row.at_iso, String(row.source), row.id]),
    })),
  };
}

/** What a change count's drill token selects: the opportunities in scope with at least one change of its kind since `since`. */
export function pipelineChangesDrill(spec: DrillSpec, scope: ReportScope): { subject: "OPPORTUNITY"; condition: SQL } {
  const kind = drillParam(spec, "kind", PIPELINE_CHANGE_KINDS, "drill");
  const since = spec.params.since;
  if (since === undefined || !/^\d{4}-\d{2}-\d{2}T/.test(since) || Number.isNaN(Date.parse(since))) {
    throw AppError.badInput([{ field: "drill", message: "is not a drill token a report returned" }]);
  }
  return {
    subject: "OPPORTUNITY",
    condition: sql`exists (select 1 from (${changeEntries(new Date(since), scopeTeamIds(scope), sql`${opportunities.id}`)}) as e where e.kind = ${kind}) and ${inScope(scope, opportunities)}`,
  };
}
