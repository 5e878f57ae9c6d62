import { DEMO_PASSWORD, seedDemoData, startTestServer, type TestDatabase, type TestServer } from "@sales/api/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { TestClock } from "../support/clock.ts";

/**
 * Issue 3's story, end to end over HTTP with the seeded demo users, each signed in with
 * `login` as a client app would: a rep captures, merges, imports, assesses and works the
 * queue; a manager watches the SLA, overrides and reassigns; an analyst reads masked data;
 * an admin changes a team's calendar and deactivates a user.
 */
export function intakeStorySuite(database: TestDatabase) {
  describe(`the lead intake story over HTTP (${database.driver})`, () => {
    const clock = new TestClock("2026-11-27T02:00:00.000Z"); // Friday 10:00 in Shanghai
    const api = startTestServer(database, { now: clock.now });
    const tokens = new Map<string, string>();

    beforeAll(async () => {
      await database.truncateAll();
      await seedDemoData(database.handle.db, { leadCount: 300, now: clock.now() });
    });

    /** Runs an operation as a seeded user (logged in once), failing loudly if the API refuses. */
    async function as<T>(email: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await send<T>(api, query, variables, await tokenOf(email));
      if (res.errors) throw new Error(`${email} was refused: ${JSON.stringify(res.errors)}`);
      return res.data!;
    }
    async function tokenOf(email: string): Promise<string> {
      if (!tokens.has(email)) {
        const res = await send<{ login: { token: string } }>(api, `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: DEMO_PASSWORD });
        tokens.set(email, res.data!.login.token);
      }
      return tokens.get(email)!;
    }

    const REP = "rep1.east@demo.example.com";
    const OTHER_REP = "rep2.east@demo.example.com";
    const MANAGER = "manager.east@demo.example.com";
    let leadId = "";

    it("a rep logs in and captures a lead; told it duplicates one they have, merges the two", async () => {
      const viewer = await as<{ viewer: { role: string; team: { name: string } } }>(REP, `{ viewer { role team { name } } }`);
      expect(viewer.viewer.role).toBe("REP");
      const mine = await as<{ leads: { edges: { node: { id: string; phone: string; creditCode: string | null } }[] } }>(
        REP,
        `{ leads(first: 50, filter: { status: [NEW] }) { edges { node { id phone creditCode } } } }`,
      );
      const existing = mine.leads.edges.map((edge) => edge.node).find((lead) => lead.creditCode === null)!;

      const input = { channel: "TRADE_SHOW", sourceDetail: "2026 上海工博会", companyName: "远航物流有限公司", contactName: "孙磊", phone: existing.phone, creditCode: "91350100M000100Y43" };
      const told = await as<{ captureLead: { lead: null; duplicates: { leadId: string; reasons: string[] }[] } }>(
        REP,
        `mutation($input: CaptureLeadInput!) { captureLead(input: $input) { lead { id } duplicates { leadId reasons } } }`,
        { input },
      );
      expect(told.captureLead.lead).toBeNull();
      expect(told.captureLead.duplicates).toContainEqual({ leadId: existing.id, reasons: expect.arrayContaining(["PHONE"]) });

      const forced = await as<{ captureLead: { lead: { id: string } } }>(
        REP,
        `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true, idempotencyKey: "story-capture") { lead { id } } }`,
        { input },
      );
      const merged = await as<{ mergeLeads: { id: string; creditCode: string; history: { action: string }[] } }>(
        REP,
        `mutation($keep: ID!, $merge: ID!) { mergeLeads(keepId: $keep, mergeId: $merge) { id creditCode history { action } } }`,
        { keep: existing.id, merge: forced.captureLead.lead.id },
      );
      // The kept lead's own values stay; what it lacked comes from the merged one.
      expect(merged.mergeLeads).toMatchObject({ id: existing.id, creditCode: "91350100M000100Y43" });
      expect(merged.mergeLeads.history.map((h) => h.action)).toContain("LEAD_MERGED");
      leadId = existing.id;
    });

    it("the rep imports a trade show's cards", async () => {
      const rows = [
        { rowId: "1", companyName: "华为技术有限公司", contactName: "余经理", phone: "13612340001" },
        { rowId: "2", companyName: "无名公司", contactName: "", phone: "13612340002" },
      ];
      const res = await as<{ importLeads: { createdCount: number; invalidCount: number } }>(
        REP,
        `mutation($rows: [ImportLeadRowInput!]!) { importLeads(batchId: "gongbohui-2026", rows: $rows, defaults: { channel: TRADE_SHOW, collectedOn: "2026-09-23" }) { createdCount invalidCount } }`,
        { rows },
      );
      expect(res.importLeads).toEqual({ createdCount: 1, invalidCount: 1 });
      const found = await as<{ leads: { totalCount: number } }>(REP, `{ leads(first: 5, filter: { search: "华为" }) { totalCount } }`);
      expect(found.leads.totalCount).toBeGreaterThanOrEqual(1);
    });

    it("the rep assesses the lead and sees its tier with the reasons", async () => {
      const res = await as<{ assessLead: { tier: string; tierReasons: string[]; nextFollowUp: { kind: string } } }>(
        REP,
        `mutation($id: ID!) { assessLead(leadId: $id, input: { needUrgency: HIGH, budget: HIGH, decisionAuthority: HIGH }) { tier tierReasons nextFollowUp { kind } } }`,
        { id: leadId },
      );
      expect(res.assessLead).toMatchObject({ tier: "A", tierReasons: ["all three dimensions are HIGH"] });
    });

    it("the rep works the queue: completing a follow-up plans the next, and a WeChat chat is logged", async () => {
      const queue = await as<{ followUpQueue: { edges: { node: { id: string; isOverdue: boolean; lead: { id: string } } }[] } }>(
        REP,
        `{ followUpQueue(first: 200) { edges { node { id isOverdue lead { id } } } } }`,
      );
      const followUp = queue.followUpQueue.edges.find((edge) => edge.node.lead.id === leadId)!.node;
      const done = await as<{ completeFollowUp: { completed: { status: string }; next: { kind: string } } }>(
        REP,
        `mutation($id: ID!) { completeFollowUp(id: $id, input: { outcome: CONNECTED, channelUsed: PHONE, note: "约下周拜访" }) { completed { status } next { kind } } }`,
        { id: followUp.id },
      );
      expect(done.completeFollowUp).toEqual({ completed: { status: "DONE" }, next: { kind: "CADENCE" } });

      clock.set("2026-11-27T06:00:00.000Z");
      const logged = await as<{ logActivity: { activity: { unplanned: boolean; channelUsed: string }; next: { kind: string } } }>(
        REP,
        `mutation($id: ID!) { logActivity(leadId: $id, input: { outcome: CONNECTED, channelUsed: WECHAT, interest: RAISED, signals: [PRICE_OR_PROCESS_QUESTION] }) { activity { unplanned channelUsed } next { kind } } }`,
        { id: leadId },
      );
      expect(logged.logActivity.activity).toEqual({ unplanned: true, channelUsed: "WECHAT" });
    });

    it("a manager sees the team's queue and missed first contacts, overrides a tier and reassigns a leaving rep's leads", async () => {
      const viewer = await as<{ viewer: { team: { id: string } } }>(MANAGER, `{ viewer { team { id } } }`);
      const sla = await as<{ firstContactSla: { totals: { due: number; missed: number }; byRep: { rep: { email: string } }[] } }>(
        MANAGER,
        `query($team: ID!) { firstContactSla(teamId: $team, from: "2026-01-01T00:00:00Z", to: "2027-01-01T00:00:00Z") { totals { due missed } byRep { rep { email } } } }`,
        { team: viewer.viewer.team.id },
      );
      expect(sla.firstContactSla.totals.due).toBeGreaterThan(0);
      expect(sla.firstContactSla.totals.missed).toBeGreaterThan(0);
      const teamQueue = await as<{ followUpQueue: { totalCount: number } }>(MANAGER, `query($team: ID!) { followUpQueue(teamId: $team) { totalCount } }`, { team: viewer.viewer.team.id });
      expect(teamQueue.followUpQueue.totalCount).toBeGreaterThan(0);

      const overridden = await as<{ overrideTier: { tier: string; tierOverrideReason: string } }>(
        MANAGER,
        `mutation($id: ID!) { overrideTier(leadId: $id, tier: B, reason: "预算审批要到明年") { tier tierOverrideReason } }`,
        { id: leadId },
      );
      expect(overridden.overrideTier).toEqual({ tier: "B", tierOverrideReason: "预算审批要到明年" });

      const repIds = await as<{ users: { id: string; email: string }[] }>(MANAGER, `{ users { id email } }`);
      const byEmail = new Map(repIds.users.map((u) => [u.email, u.id]));
      const before = await as<{ leads: { totalCount: number } }>(REP, `{ leads(first: 1) { totalCount } }`);
      const moved = await as<{ reassignLeads: { movedLeadCount: number } }>(
        MANAGER,
        `mutation($from: ID!, $to: ID!) { reassignLeads(fromUserId: $from, toUserId: $to) { movedLeadCount } }`,
        { from: byEmail.get(REP), to: byEmail.get(OTHER_REP) },
      );
      expect(moved.reassignLeads.movedLeadCount).toBe(before.leads.totalCount);
      const after = await as<{ leads: { totalCount: number } }>(REP, `{ leads(first: 1) { totalCount } }`);
      expect(after.leads.totalCount).toBe(0);
    });

    it("an analyst reads every team with contact details masked, and changes nothing", async () => {
      const read = await as<{ leads: { totalCount: number; edges: { node: { phone: string | null } }[] } }>(
        "analyst@demo.example.com",
        `{ leads(first: 20) { totalCount edges { node { phone } } } }`,
      );
      expect(read.leads.totalCount).toBeGreaterThanOrEqual(300);
      expect(read.leads.edges.filter((e) => e.node.phone).every((e) => /\*{4}/.test(e.node.phone!))).toBe(true);
      const refused = await send(api, `mutation($id: ID!) { disqualifyLead(id: $id, reason: "x") { id } }`, { id: leadId }, await tokenOf("analyst@demo.example.com"));
      expect(refused.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    });

    it("an admin changes a team's calendar and deactivates a user, whose token stops working at once", async () => {
      const ADMIN = "admin@demo.example.com";
      const teams = await as<{ teams: { id: string; name: string; calendar: { timeZone: string } }[] }>(ADMIN, `{ teams { id name calendar { timeZone } } }`);
      const team = teams.teams[0]!;
      const updated = await as<{ updateTeamCalendar: { calendar: { holidays: { date: string }[] } } }>(
        ADMIN,
        `mutation($id: ID!) { updateTeamCalendar(teamId: $id, input: { timeZone: "Asia/Shanghai", holidays: [{ date: "2026-12-31", name: "公司年会" }], coverage: { from: "2026-01-01", through: "2026-12-31" } }) { calendar { holidays { date } } } }`,
        { id: team.id },
      );
      expect(updated.updateTeamCalendar.calendar.holidays).toEqual([{ date: "2026-12-31" }]);

      const otherRepToken = await tokenOf(OTHER_REP);
      const users = await as<{ users: { id: string; email: string }[] }>(ADMIN, `{ users { id email } }`);
      const target = users.users.find((u) => u.email === OTHER_REP)!;
      await as(ADMIN, `mutation($id: ID!) { deactivateUser(id: $id) { active } }`, { id: target.id });
      const refused = await send(api, `{ viewer { id } }`, {}, otherRepToken);
      expect(refused.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    });
  });
}

async function send<T>(api: TestServer, query: string, variables: Record<string, unknown>, token?: string) {
  return api.graphql<T>(query, variables, token ? { as: token } : {});
}
