import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { matchReasons, MAX_KEY_LOCKS } from "../src/leads/duplicate-detection.ts";
import { leadCounts } from "../src/leads/lead-count.table.ts";
import { leads } from "../src/leads/lead.table.ts";
import type { UserRow } from "../src/users/user.table.ts";
import { createTeam, createUser } from "./support/fixtures.ts";
import { useTestDatabase } from "./support/test-database.ts";
import { startTestServer } from "./support/test-server.ts";

// Concurrency on real PostgreSQL only: PGlite runs one transaction at a time, so no race can
// happen there. Each round uses a team of its own, so "the team's leads" are the round's.

const NOW = new Date("2026-11-27T08:00:00.000Z");
const ROUNDS = 5;

const CAPTURE = `mutation($input: CaptureLeadInput!) {
  captureLead(input: $input) { lead { id } duplicates { leadId reasons } }
}`;

const IMPORT = `mutation($batchId: String!, $rows: [ImportLeadRowInput!]!) {
  importLeads(batchId: $batchId, rows: $rows, defaults: { channel: TRADE_SHOW }) {
    results { rowId status lead { id } duplicates { leadId reasons } }
  }
}`;

interface Duplicate {
  leadId: string;
  reasons: string[];
}

interface CaptureResult {
  captureLead: { lead: { id: string } | null; duplicates: Duplicate[] };
}

interface ImportResult {
  importLeads: { results: { rowId: string; status: string; lead: { id: string } | null; duplicates: Duplicate[] }[] };
}

interface Customer {
  companyName: string;
  phone: string;
}

let sequence = 0;
/** A customer no other test or round has: its own company name and mobile number. */
function newCustomer(): Customer {
  sequence += 1;
  return { companyName: `竞速${sequence}号精密机械有限公司`, phone: `+86 139 ${String(sequence).padStart(8, "0")}` };
}

describe("concurrent lead creation on postgres (SOP-1.4)", () => {
  const database = useTestDatabase("postgres");
  const api = startTestServer(database, { now: NOW });

  /** A team with a manager and three reps, who all capture into it. */
  async function newTeam(): Promise<{ teamId: string; members: UserRow[] }> {
    const db = database.handle.db;
    const team = await createTeam(db);
    const members = [
      await createUser(db, { role: "MANAGER", teamId: team.id }),
      ...(await Promise.all([1, 2, 3].map(() => createUser(db, { role: "REP", teamId: team.id })))),
    ];
    return { teamId: team.id, members };
  }

  const capture = (as: UserRow, customer: Customer, contactName = "王伟") =>
    api.graphql<CaptureResult>(CAPTURE, { input: { channel: "TRADE_SHOW", contactName, ...customer } }, { as });
  const importRows = (as: UserRow, batchId: string, customers: Customer[]) =>
    api.graphql<ImportResult>(IMPORT, { batchId, rows: customers.map((customer, i) => ({ rowId: `row-${i}`, contactName: `联系人${i}`, ...customer })) }, { as });
  const leadsOf = (teamId: string) => database.handle.db.select().from(leads).where(eq(leads.teamId, teamId));

  it("20 parallel captures of one customer create one lead; the other 19 are told it is a duplicate, as a second capture is", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { teamId, members } = await newTeam();
      const customer = newCustomer();
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => capture(members[i % members.length]!, customer, `联系人${i}`)),
      );
      expect(responses.flatMap((res) => res.errors ?? [])).toEqual([]);
      const created = responses.filter((res) => res.data!.captureLead.lead !== null);
      expect(created).toHaveLength(1);
      const winner = created[0]!.data!.captureLead.lead!.id;
      for (const res of responses) {
        if (res === created[0]) continue;
        expect(res.data!.captureLead).toEqual({ lead: null, duplicates: [{ leadId: winner, reasons: ["COMPANY_NAME", "PHONE"] }] });
      }
      expect((await leadsOf(teamId)).map((lead) => lead.id)).toEqual([winner]);
    }
  });

  it("parallel imports (small and team-sized) and captures of the same customers create each customer once", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { teamId, members } = await newTeam();
      const customers = [newCustomer(), newCustomer(), newCustomer()];
      // Enough customers of its own that this import locks the whole team instead of each key.
      const fillers = Array.from({ length: MAX_KEY_LOCKS / 2 + 1 }, newCustomer);
      const [small, reversed, large, ...captures] = await Promise.all([
        importRows(members[0]!, "small", customers),
        importRows(members[1]!, "reversed", [...customers].reverse()),
        importRows(members[2]!, "large", [...fillers, ...customers]),
        ...customers.flatMap((customer) => members.map((member) => capture(member, customer))),
      ]);
      expect([small, reversed, large, ...captures].flatMap((res) => res!.errors ?? [])).toEqual([]);
      // One answer per import row and per capture: the lead it created, or the duplicates it found.
      const answers = [
        ...[small, reversed, large].flatMap((res) => res!.data!.importLeads.results),
        ...captures.map((res) => res.data!.captureLead),
      ];

      const stored = await leadsOf(teamId);
      expect(stored).toHaveLength(customers.length + fillers.length);
      for (const customer of customers) {
        const [lead, ...more] = stored.filter((row) => row.phone === customer.phone.replaceAll(" ", ""));
        expect(more).toEqual([]);
        // Three imports and every member's capture met this customer: one created its lead,
        // every other one was told about that lead.
        const about = answers.filter((a) => a.lead?.id === lead!.id || a.duplicates.some((d) => d.leadId === lead!.id));
        expect(about).toHaveLength(3 + members.length);
        expect(about.filter((a) => a.lead !== null)).toHaveLength(1);
        for (const answer of about.filter((a) => a.lead === null)) {
          expect(answer.duplicates).toEqual([{ leadId: lead!.id, reasons: ["COMPANY_NAME", "PHONE"] }]);
        }
      }
    }
  });

  it("captures and imports whose keys overlap in opposite orders all finish, without deadlock or duplicates", async () => {
    for (let round = 0; round < 2 * ROUNDS; round++) {
      const { teamId, members } = await newTeam();
      const [x, y] = [newCustomer(), newCustomer()];
      // Each capture shares its company with one customer and its phone with the other.
      const crossed = [
        { companyName: x.companyName, phone: y.phone },
        { companyName: y.companyName, phone: x.phone },
      ];
      const responses = await Promise.all([
        importRows(members[0]!, "x-then-y", [x, y]),
        importRows(members[1]!, "y-then-x", [y, x]),
        capture(members[2]!, crossed[0]!),
        capture(members[3]!, crossed[1]!),
      ]);
      expect(responses.flatMap((res) => res.errors ?? [])).toEqual([]);
      // Whichever went first, no two of the leads it left are the same customer.
      const stored = await leadsOf(teamId);
      expect(stored.length).toBeGreaterThan(0);
      for (const [i, a] of stored.entries()) {
        for (const b of stored.slice(i + 1)) expect(matchReasons(a, b)).toEqual([]);
      }
    }
  });

  it("issue 13: parallel captures, imports and opposite reassignments keep the team's kept lead counts exact, without deadlock", async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const { teamId, members } = await newTeam();
      const [manager, ...reps] = members as [UserRow, ...UserRow[]];
      for (const rep of reps) await Promise.all(Array.from({ length: 3 }, () => capture(rep, newCustomer())));
      const responses = await Promise.all([
        ...reps.flatMap((rep) => Array.from({ length: 4 }, () => capture(rep, newCustomer()))),
        importRows(reps[0]!, "more", Array.from({ length: 6 }, newCustomer)),
        api.graphql(`mutation($from: ID!, $to: ID!) { reassignLeads(fromUserId: $from, toUserId: $to) { movedLeadCount } }`, { from: reps[1]!.id, to: reps[2]!.id }, { as: manager }),
        api.graphql(`mutation($from: ID!, $to: ID!) { reassignLeads(fromUserId: $from, toUserId: $to) { movedLeadCount } }`, { from: reps[2]!.id, to: reps[1]!.id }, { as: manager }),
      ]);
      expect(responses.flatMap((res) => res.errors ?? [])).toEqual([]);
      const stored = await leadsOf(teamId);
      expect(stored).toHaveLength(3 * 3 + 3 * 4 + 6);
      const kept = await database.handle.db.select().from(leadCounts).where(eq(leadCounts.teamId, teamId));
      for (const rep of reps) {
        const counted = stored.filter((lead) => lead.ownerId === rep.id).length;
        expect(kept.filter((row) => row.ownerId === rep.id).reduce((sum, row) => sum + row.leads, 0)).toBe(counted);
      }
      const total = await api.graphql<{ leads: { totalCount: number } }>(`{ leads(first: 1) { totalCount } }`, {}, { as: manager });
      expect(total.data!.leads.totalCount).toBe(stored.length);
    }
  });
});
