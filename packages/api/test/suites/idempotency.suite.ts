// Issue 10, "Faults and load": an idempotency key is bound to the request it was first used
// with, and expires after IDEMPOTENCY_KEY_TTL_MS (README, "Idempotency keys").
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import { idempotencyKeys } from "../../src/idempotency/idempotency-key.table.ts";
import { IDEMPOTENCY_KEY_TTL_MS, idempotent } from "../../src/idempotency/idempotent.ts";
import { leads } from "../../src/leads/lead.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const START = new Date("2026-11-27T08:00:00.000Z");

const CAPTURE = `mutation($input: CaptureLeadInput!, $key: String) {
  captureLead(input: $input, force: true, idempotencyKey: $key) { lead { id } } }`;
const ASSESS = `mutation($leadId: ID!, $key: String) {
  assessLead(leadId: $leadId, input: { needUrgency: HIGH, budget: HIGH, decisionAuthority: HIGH }, idempotencyKey: $key) { id tier } }`;
const LOG_ACTIVITY = `mutation($leadId: ID!, $input: LogActivityInput!, $key: String) {
  logActivity(leadId: $leadId, input: $input, idempotencyKey: $key) { activity { id } } }`;

type Capture = { captureLead: { lead: { id: string } } };

let sequence = 0;
function leadInput() {
  sequence += 1;
  return { channel: "TRADE_SHOW", companyName: `幂等${sequence}号机械有限公司`, contactName: "王伟", phone: `139 0013 ${String(8000 + sequence).padStart(4, "0")}` };
}

export function idempotencySuite(database: TestDatabase) {
  describe(`idempotency keys on ${database.driver}`, () => {
    let now = START;
    const api = startTestServer(database, { now: () => now });
    const db = () => database.handle.db;
    let rep: UserRow;
    let otherRep: UserRow;
    beforeAll(async () => {
      const team = await createTeam(db());
      rep = await createUser(db(), { role: "REP", teamId: team.id });
      otherRep = await createUser(db(), { role: "REP", teamId: team.id });
    });

    const capture = (as: UserRow, input: Record<string, unknown>, key: string) => api.graphql<Capture>(CAPTURE, { input, key }, { as });
    const leadIdOf = (res: GraphqlResponse<Capture>) => {
      expect(res.errors).toBeUndefined();
      return res.data!.captureLead.lead.id;
    };
    /** What a mutation may write: leads, their audit events, and the keys themselves. */
    const writes = async () => ({
      leads: (await db().select({ n: countRows() }).from(leads))[0]!.n,
      audit: (await db().select({ n: countRows() }).from(auditEvents))[0]!.n,
      keys: await db().select().from(idempotencyKeys),
    });
    const expectKeyRefused = (res: GraphqlResponse<unknown>) => {
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "idempotencyKey" });
      expect(res.errors![0]!.message).toMatch(/already used for .* other arguments/);
    };

    it("the same key with the same arguments replays the first answer and writes once", async () => {
      now = START;
      const input = leadInput();
      const first = leadIdOf(await capture(rep, input, "same-request"));
      const afterFirst = await writes();
      expect(leadIdOf(await capture(rep, { ...input }, "same-request"))).toBe(first);
      expect(await writes()).toEqual(afterFirst);
    });

    it("the same key with other arguments is refused naming idempotencyKey, writes nothing, and keeps the first binding", async () => {
      now = START;
      const input = leadInput();
      const first = leadIdOf(await capture(rep, input, "other-request"));
      const afterFirst = await writes();
      expectKeyRefused(await capture(rep, leadInput(), "other-request"));
      expectKeyRefused(await capture(rep, { ...input, contactName: "王芳" }, "other-request"));
      expect(await writes()).toEqual(afterFirst);
      // The refusal left the key as it was: the first request still replays.
      expect(leadIdOf(await capture(rep, input, "other-request"))).toBe(first);
    });

    it("binds the record a mutation acts on and its input, not only the mutation's name", async () => {
      now = START;
      const [a, b] = [leadIdOf(await capture(rep, leadInput(), "lead-a")), leadIdOf(await capture(rep, leadInput(), "lead-b"))];
      expect((await api.graphql(ASSESS, { leadId: a, key: "assess" }, { as: rep })).errors).toBeUndefined();
      const logged = await api.graphql(LOG_ACTIVITY, { leadId: a, key: "log", input: { outcome: "CONNECTED", channelUsed: "WECHAT" } }, { as: rep });
      expect(logged.errors).toBeUndefined();
      const afterFirst = await writes();
      expectKeyRefused(await api.graphql(ASSESS, { leadId: b, key: "assess" }, { as: rep }));
      expectKeyRefused(await api.graphql(LOG_ACTIVITY, { leadId: a, key: "log", input: { outcome: "CONNECTED", channelUsed: "PHONE" } }, { as: rep }));
      expect(await writes()).toEqual(afterFirst);
    });

    it("a key is each user's own: another user's request with it is independent", async () => {
      now = START;
      const mine = leadIdOf(await capture(rep, leadInput(), "per-user"));
      const theirs = leadIdOf(await capture(otherRep, leadInput(), "per-user"));
      expect(theirs).not.toBe(mine);
    });

    it("a key expires 24 hours after first use: then a different request with it is new", async () => {
      now = START;
      const first = leadIdOf(await capture(rep, leadInput(), "expiring"));
      expect(IDEMPOTENCY_KEY_TTL_MS).toBe(24 * 3_600_000);
      now = new Date(START.getTime() + IDEMPOTENCY_KEY_TTL_MS - 1);
      const before = await writes();
      expectKeyRefused(await capture(rep, leadInput(), "expiring"));
      expect(await writes()).toEqual(before);

      now = new Date(START.getTime() + IDEMPOTENCY_KEY_TTL_MS);
      const secondInput = leadInput();
      const second = leadIdOf(await capture(rep, secondInput, "expiring"));
      expect(second).not.toBe(first);
      expect((await writes()).leads).toBe(before.leads + 1);
      // The key now stands for the second request, for the next 24 hours.
      expect(leadIdOf(await capture(rep, secondInput, "expiring"))).toBe(second);
      expectKeyRefused(await capture(rep, leadInput(), "expiring"));
    });

    // Concurrency on real PostgreSQL only: PGlite runs one transaction at a time.
    it.runIf(database.driver === "postgres")("concurrent requests with an expired key claim it once", async () => {
      now = START;
      leadIdOf(await capture(rep, leadInput(), "expired-race"));
      now = new Date(START.getTime() + IDEMPOTENCY_KEY_TTL_MS);
      const before = await writes();
      const input = leadInput();
      const answers = await Promise.all([1, 2, 3, 4].map(() => capture(rep, input, "expired-race")));
      expect(new Set(answers.map(leadIdOf)).size).toBe(1);
      expect((await writes()).leads).toBe(before.leads + 1);
    });

    it("claiming a key deletes expired keys, anyone's, and leaves live ones", async () => {
      now = START;
      leadIdOf(await capture(otherRep, leadInput(), "old-key"));
      now = new Date(START.getTime() + IDEMPOTENCY_KEY_TTL_MS / 2);
      leadIdOf(await capture(otherRep, leadInput(), "live-key"));
      now = new Date(START.getTime() + IDEMPOTENCY_KEY_TTL_MS + 1);
      leadIdOf(await capture(rep, leadInput(), "new-key"));
      const otherKeys = (await db().select().from(idempotencyKeys).where(eq(idempotencyKeys.actorId, otherRep.id))).map((row) => row.key);
      expect(otherKeys).toContain("live-key");
      expect(otherKeys).not.toContain("old-key");
    });

    it("arguments hash alike whatever order their fields come in", async () => {
      now = START;
      const actor = { user: rep, requestId: "idempotency-test", now };
      const run = (args: Record<string, unknown>, answer: string) =>
        db().transaction((tx) => idempotent(tx, actor, { key: "field-order", operation: "test", arguments: args }, async () => answer));
      expect(await run({ a: 1, b: { c: [1, 2], d: null } }, "first")).toBe("first");
      expect(await run({ b: { d: null, c: [1, 2] }, a: 1 }, "second")).toBe("first");
    });
  });
}
