import { asc, notInArray } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import { apiTokens } from "../src/auth/api-token.table.ts";
import type { Database } from "../src/db/database.ts";
import { followUps } from "../src/follow-ups/follow-up.table.ts";
import { leads } from "../src/leads/lead.table.ts";
import { opportunities } from "../src/opportunities/opportunity.table.ts";
import { proposals, proposalVersions } from "../src/proposals/proposal.table.ts";
import { proposalReviews } from "../src/reviews/review.table.ts";
import { teams } from "../src/teams/team.table.ts";
import { users } from "../src/users/user.table.ts";

/** What an ID argument names, told from its name (fuzz/argument-values.ts). */
export const ID_KINDS = ["lead", "followUp", "opportunity", "proposal", "proposalVersion", "review", "team", "user", "apiToken"] as const;
export type IdKind = (typeof ID_KINDS)[number];

/**
 * Real values to put in arguments, so requests reach past "not found" into the services: ids of
 * existing rows by kind, the emails of accounts, and the drill tokens and cursors that answers
 * have handed out so far (harvested while the fuzzer runs).
 */
export interface FuzzPools {
  ids: Record<IdKind, string[]>;
  emails: string[];
  /** Drill tokens from any report, and cursors by the root field that returned them (`leads`). */
  harvested: { drill: string[]; cursors: Map<string, string[]> };
}

/** Enough rows of each kind to vary the requests; ordered, so a seed picks the same ones again. */
const ROWS_PER_KIND = 300;

/**
 * Reads the pools from the database the server runs on. The accounts the fuzzer signs in with
 * are left out of `user` and `emails`: a fuzzed `deactivateUser`, `resetUserPassword` or `login`
 * with a wrong password must not end the sessions the rest of the run needs.
 */
export async function readFuzzPools(db: Database, options: { actingEmails: readonly string[] }): Promise<FuzzPools> {
  const idsOf = async (table: PgTable, id: PgColumn) =>
    (await db.select({ id }).from(table).orderBy(asc(id)).limit(ROWS_PER_KIND)).map((row) => row.id as string);
  const others = await db
    .select({ id: users.id, email: users.email })
    .from(users)
    .where(notInArray(users.email, [...options.actingEmails]))
    .orderBy(asc(users.id));
  return {
    ids: {
      lead: await idsOf(leads, leads.id),
      followUp: await idsOf(followUps, followUps.id),
      opportunity: await idsOf(opportunities, opportunities.id),
      proposal: await idsOf(proposals, proposals.id),
      proposalVersion: await idsOf(proposalVersions, proposalVersions.id),
      review: await idsOf(proposalReviews, proposalReviews.id),
      team: await idsOf(teams, teams.id),
      user: others.map((user) => user.id),
      apiToken: await idsOf(apiTokens, apiTokens.id),
    },
    emails: others.map((user) => user.email),
    harvested: { drill: [], cursors: new Map() },
  };
}

const HARVEST_LIMIT = 200;

/** Keeps the drill tokens and cursors an answer to `rootField` holds, for later requests to pass back. */
export function harvest(pools: FuzzPools, rootField: string, data: unknown): void {
  let cursors = pools.harvested.cursors.get(rootField);
  if (!cursors) {
    cursors = [];
    pools.harvested.cursors.set(rootField, cursors);
  }
  const pending: unknown[] = [data];
  while (pending.length > 0) {
    const value = pending.pop();
    if (Array.isArray(value)) {
      pending.push(...value);
    } else if (typeof value === "object" && value !== null) {
      for (const [key, inner] of Object.entries(value)) {
        if (typeof inner === "string") {
          if (key === "drill") keep(pools.harvested.drill, inner);
          else if (key === "endCursor" || key === "cursor") keep(cursors, inner);
        } else {
          pending.push(inner);
        }
      }
    }
  }
}

function keep(list: string[], value: string): void {
  if (list.length < HARVEST_LIMIT && !list.includes(value)) list.push(value);
}
