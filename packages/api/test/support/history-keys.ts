// Issue 10 finding 1: analysts read a lead's and an opportunity's stored history by allow-list.
// Every key the services wrote into a history entry must have been decided: open to analysts,
// masked (contact details), or hidden on purpose. A key nobody decided on fails here, before it
// can reach anyone.
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { CONTACT_FIELDS, HIDDEN_HISTORY_KEYS, OPEN_HISTORY_KEYS } from "../../src/access/contact-details.ts";
import type { Executor } from "../../src/db/database.ts";
import { rawRows } from "../../src/db/raw-rows.ts";

/** Checks every key stored in the history of leads and opportunities is decided; returns the keys seen. */
export async function expectHistoryKeysDecided(db: Executor): Promise<string[]> {
  const rows = await rawRows<{ key: string }>(
    db,
    sql`select distinct key from (
          select jsonb_object_keys(before) as key from audit_events where lead_id is not null and jsonb_typeof(before) = 'object'
          union select jsonb_object_keys(after) from audit_events where lead_id is not null and jsonb_typeof(after) = 'object'
        ) as stored order by key`,
  );
  const keys = rows.map((row) => row.key);
  const decided = new Set<string>([...OPEN_HISTORY_KEYS, ...HIDDEN_HISTORY_KEYS, ...CONTACT_FIELDS]);
  expect(keys.filter((key) => !decided.has(key))).toEqual([]);
  return keys;
}
