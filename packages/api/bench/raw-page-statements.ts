// The raw baseline's pages: for each, ONE SQL statement through postgres.js (prepared, as
// postgres.js does by default) and the rows shaped into the very JSON the API answers for the
// same manager, as a hand-written endpoint would. The visibility is the API's for a manager
// (access/visibility.ts): their team's rows.
import type { Sql } from "postgres";

export interface RawViewer {
  id: string;
  teamId: string;
}

export type RawPage = (sql: Sql, viewer: RawViewer) => Promise<unknown>;

const OPEN_STAGES = ["OPPORTUNITY", "PROPOSAL", "IN_REVIEW", "NEGOTIATION"];

interface LeadPageRow {
  id: string;
  company_name: string;
  contact_name: string;
  phone: string | null;
  tier: string;
  status: string;
  created_at: Date;
  owner_id: string;
  owner_name: string;
  follow_up_id: string | null;
  follow_up_kind: string | null;
  follow_up_channel: string | null;
  follow_up_due_at: Date | null;
  total: string | null;
}

/** The newest 50 leads of the team (51 read, for hasNextPage), each with its owner and its open follow-up due soonest. */
async function leadRows(sql: Sql, viewer: RawViewer, withCount: boolean): Promise<LeadPageRow[]> {
  return sql<LeadPageRow[]>`
    select l.id, l.company_name, l.contact_name, l.phone, l.tier, l.status, l.created_at,
      u.id as owner_id, u.display_name as owner_name,
      f.id as follow_up_id, f.kind as follow_up_kind, f.channel as follow_up_channel, f.due_at as follow_up_due_at,
      ${withCount ? sql`(select coalesce(sum(leads), 0) from lead_counts where team_id = ${viewer.teamId})` : sql`null::bigint`} as total
    from (
      select id, owner_id, company_name, contact_name, phone, tier, status, created_at from leads
      where team_id = ${viewer.teamId} and merged_into_id is null
      order by created_at desc nulls last, id desc nulls last limit 51
    ) l
    join users u on u.id = l.owner_id
    left join lateral (
      select id, kind, channel, due_at from follow_ups where lead_id = l.id and status = 'OPEN' order by due_at, id limit 1
    ) f on true
    order by l.created_at desc nulls last, l.id desc nulls last`;
}

function leadConnection(rows: LeadPageRow[], withCount: boolean) {
  const now = Date.now();
  const edges = rows.slice(0, 50).map((row) => ({
    node: {
      id: row.id,
      companyName: row.company_name,
      contactName: row.contact_name,
      phone: row.phone,
      tier: row.tier,
      status: row.status,
      createdAt: row.created_at.toISOString(),
      owner: { id: row.owner_id, displayName: row.owner_name },
      nextFollowUp:
        row.follow_up_id === null
          ? null
          : {
              id: row.follow_up_id,
              kind: row.follow_up_kind,
              channel: row.follow_up_channel,
              dueAt: row.follow_up_due_at!.toISOString(),
              isOverdue: row.follow_up_due_at!.getTime() < now,
            },
    },
  }));
  const pageInfo = { hasNextPage: rows.length > 50 };
  return withCount ? { totalCount: Number(rows[0]?.total ?? 0), edges, pageInfo } : { edges, pageInfo };
}

interface PipelineRow {
  name: string;
  stage: string;
  expected_close_on: string;
  value_minor: string;
  currency: string;
  floor_minor: string | null;
  lead_company: string | null;
  lead_tier: string | null;
  owner_name: string;
  version_number: number | null;
  version_status: string | null;
  reviews: { department: string; reviewer: string; requestedAtMs: number }[] | null;
}

/** The team's 20 open opportunities closing soonest, each with its lead, owner, latest version and the reviews still out. */
async function pipelineRows(sql: Sql, viewer: RawViewer): Promise<PipelineRow[]> {
  return sql<PipelineRow[]>`
    select o.name, o.stage, o.expected_close_on::text as expected_close_on, o.estimated_value_minor::text as value_minor,
      o.currency, o.frozen_floor_minor::text as floor_minor, l.company_name as lead_company, l.tier as lead_tier,
      u.display_name as owner_name, v.number as version_number, v.status as version_status, r.reviews
    from (
      select id, lead_id, owner_id, name, stage, expected_close_on, estimated_value_minor, currency, frozen_floor_minor
      from opportunities where team_id = ${viewer.teamId} and stage in ${sql(OPEN_STAGES)}
      order by expected_close_on asc nulls first, id asc nulls first limit 20
    ) o
    left join leads l on l.id = o.lead_id and l.team_id = ${viewer.teamId}
    join users u on u.id = o.owner_id
    left join lateral (
      select pv.id, pv.number, pv.status from proposal_versions pv
      where pv.proposal_id = (
        select id from proposals where opportunity_id = o.id and team_id = ${viewer.teamId} order by created_at, id limit 1
      )
      order by pv.number desc limit 1
    ) v on true
    left join lateral (
      select json_agg(json_build_object('department', pr.department, 'reviewer', ru.display_name,
          'requestedAtMs', (extract(epoch from pr.requested_at) * 1000)::bigint) order by pr.requested_at, pr.department) as reviews
      from proposal_reviews pr join users ru on ru.id = pr.reviewer_id
      where pr.version_id = v.id and v.status = 'IN_REVIEW' and pr.verdict is null
    ) r on true
    order by o.expected_close_on asc nulls first, o.id asc nulls first`;
}

function pipelineConnection(rows: PipelineRow[]) {
  const now = Date.now();
  return {
    edges: rows.map((row) => ({
      node: {
        name: row.name,
        stage: row.stage,
        expectedCloseOn: row.expected_close_on,
        estimatedValue: { amount: row.value_minor, currency: row.currency },
        // A manager of the opportunity's team sees the floor (SOP-6.2).
        priceFloor: row.floor_minor === null ? null : { amount: row.floor_minor },
        lead: row.lead_company === null ? null : { companyName: row.lead_company, tier: row.lead_tier },
        owner: { displayName: row.owner_name },
        latestProposalVersion: row.version_number === null ? null : { number: row.version_number, status: row.version_status },
        pendingReviews: (row.reviews ?? []).map((review) => ({
          department: review.department,
          reviewer: { displayName: review.reviewer },
          waitedMs: Math.max(0, now - review.requestedAtMs),
        })),
      },
    })),
  };
}

/** By the operation name the benchmark's pages send (bench-pages.ts). */
export const RAW_PAGES: Record<string, RawPage> = {
  LeadsPage: async (sql, viewer) => ({ data: { leads: leadConnection(await leadRows(sql, viewer, false), false) } }),
  LeadsPageWithCount: async (sql, viewer) => ({ data: { leads: leadConnection(await leadRows(sql, viewer, true), true) } }),
  PipelinePage: async (sql, viewer) => ({ data: { opportunities: pipelineConnection(await pipelineRows(sql, viewer)) } }),
};
