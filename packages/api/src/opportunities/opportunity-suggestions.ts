import { suggestOpportunity, withPlaybookDefaults, type BuyingSignal, type StoredPlaybook } from "@sales/domain";
import { sql } from "drizzle-orm";
import { visibleTo } from "../access/visibility.ts";
import type { Executor } from "../db/database.ts";
import { rawRows } from "../db/raw-rows.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { leads } from "../leads/lead.table.ts";
import { teams } from "../teams/team.table.ts";
import type { UserRow } from "../users/user.table.ts";
import { opportunities } from "./opportunity.table.ts";

export interface Suggestion {
  leadId: string;
  signals: BuyingSignal[];
  reason: string;
}

/**
 * SOP-4.3 the owner's leads still being followed up (no open opportunity) whose recorded signals
 * meet the team playbook's rule: a qualifying signal such as a price question, or enough
 * distinct signals. Only leads with any signal are read, so this stays small. Only leads the
 * viewer may see: each suggestion's lead is then readable, even one the owner left behind in a
 * team they were moved from. The newest `limit` leads that qualify.
 */
export async function findOpportunitySuggestions(db: Executor, viewer: UserRow, ownerId: string, limit: number): Promise<Suggestion[]> {
  const rows = await rawRows<{ lead_id: string; signals: BuyingSignal[]; playbook: StoredPlaybook | null }>(
    db,
    sql`select ${leads.id} as lead_id, array_agg(distinct recorded.signal) as signals, ${teams.playbook} as playbook
        from ${leads}
        join ${teams} on ${teams.id} = ${leads.teamId}
        join ${followUps} on ${followUps.leadId} = ${leads.id}
        cross join lateral unnest(${followUps.signals}) as recorded(signal)
        where ${leads.ownerId} = ${ownerId}
          and ${visibleTo(viewer, leads) ?? sql`true`}
          and ${leads.status} in ('NEW', 'WORKING')
          and ${leads.mergedIntoId} is null
          and not exists (select 1 from ${opportunities} where ${opportunities.leadId} = ${leads.id} and ${opportunities.stage} not in ('WON', 'LOST'))
        group by ${leads.id}, ${teams.id}
        order by ${leads.createdAt} desc, ${leads.id} desc`,
  );
  const suggestions: Suggestion[] = [];
  for (const row of rows) {
    if (suggestions.length === limit) break;
    const suggestion = suggestOpportunity(row.signals, withPlaybookDefaults(row.playbook));
    if (suggestion.suggested) suggestions.push({ leadId: row.lead_id, signals: suggestion.distinctSignals, reason: suggestion.reason! });
  }
  return suggestions;
}
