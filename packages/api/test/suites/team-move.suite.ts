// Issue 10, finding 7: a user moved to another team. Work belongs to its team, so the move waits
// until the work they hold there is handed over, and afterwards they see nothing of the old team,
// whose manager and reports keep what they did there (README, "A rep who changes teams").
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { opportunities } from "../../src/opportunities/opportunity.table.ts";
import type { TeamRow } from "../../src/teams/team.table.ts";
import { users, type UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import { COMPLETE_PARTS } from "../support/pipeline-fixtures.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");
/** November 2026, the month of NOW, for the reports. */
const PERIOD = { from: "2026-11-01", to: "2026-12-01" };

const SET_TEAM = `mutation($userId: ID!, $teamId: ID!) { setUserTeam(userId: $userId, teamId: $teamId) { id team { id } } }`;
const CAPTURE = `mutation($input: CaptureLeadInput!) { captureLead(input: $input, force: true) { lead { id team { id } } } }`;
const OPEN_OPPORTUNITY = `mutation($leadId: ID!) { openOpportunity(leadId: $leadId, input: {
  name: "设备联网", estimatedValue: { amount: "10000000", currency: "CNY" }, expectedCloseOn: "2027-03-31" }) { id } }`;
const REASSIGN = `mutation($from: ID!, $to: ID!) { reassignLeads(fromUserId: $from, toUserId: $to) { movedLeadCount } }`;
const OPPORTUNITY = `query($id: ID!) { opportunity(id: $id) { id stage owner { id } } }`;
const LEAD = `query($id: ID!) { lead(id: $id) { id owner { id } team { id } } }`;
const LOST_IN_PERIOD = `query($ownerId: ID) { winLoss(from: "${PERIOD.from}", to: "${PERIOD.to}", ownerId: $ownerId) { lost { count } } }`;

export function teamMoveSuite(database: TestDatabase) {
  describe(`a user who changes teams (issue 10, finding 7) on ${database.driver}`, () => {
    const api = startTestServer(database, { now: NOW });
    const db = () => database.handle.db;

    let east: TeamRow;
    let west: TeamRow;
    let admin: UserRow;
    let managerEast: UserRow;
    let managerWest: UserRow;
    let keeper: UserRow;
    beforeAll(async () => {
      east = await createTeam(db());
      west = await createTeam(db());
      admin = await createUser(db(), { role: "ADMIN" });
      managerEast = await createUser(db(), { role: "MANAGER", teamId: east.id });
      managerWest = await createUser(db(), { role: "MANAGER", teamId: west.id });
      keeper = await createUser(db(), { role: "REP", teamId: east.id });
    });

    /** A request that must succeed. */
    async function call<T>(user: UserRow, query: string, variables: Record<string, unknown> = {}): Promise<T> {
      const res = await api.graphql<T>(query, variables, { as: user });
      expect(res.errors, `${query.slice(0, 60)}…`).toBeUndefined();
      return res.data!;
    }

    function firstError<T>(res: GraphqlResponse<T>) {
      expect(res.errors, "expected the request to fail").toBeDefined();
      return res.errors![0]!;
    }

    const moveTo = (user: UserRow, team: TeamRow) => api.graphql<{ setUserTeam: { team: { id: string } } }>(SET_TEAM, { userId: user.id, teamId: team.id }, { as: admin });

    async function capture(rep: UserRow, companyName: string): Promise<string> {
      const data = await call<{ captureLead: { lead: { id: string } } }>(rep, CAPTURE, {
        input: { channel: "TRADE_SHOW", companyName, contactName: "王芳", phone: "13800138000" },
      });
      return data.captureLead.lead.id;
    }

    async function openOpportunity(rep: UserRow, leadId: string): Promise<string> {
      return (await call<{ openOpportunity: { id: string } }>(rep, OPEN_OPPORTUNITY, { leadId })).openOpportunity.id;
    }

    /** The user as stored, re-read: `teamId` is what a new request of theirs works with. */
    async function stored(user: UserRow): Promise<UserRow> {
      const [row] = await db().select().from(users).where(eq(users.id, user.id));
      return row!;
    }

    async function teamChanges(user: UserRow) {
      return db().select().from(auditEvents).where(and(eq(auditEvents.entityId, user.id), eq(auditEvents.action, "USER_TEAM_CHANGED")));
    }

    it("refuses to move a rep who holds leads in the old team, naming the work and how to hand it over; nothing changes until the manager reassigns it", async () => {
      const mover = await createUser(db(), { role: "REP", teamId: east.id });
      const leadIds = [await capture(mover, "恒信精密机械有限公司"), await capture(mover, "华东汽配有限公司")];
      await openOpportunity(mover, leadIds[1]!);

      const refused = await moveTo(mover, west);
      expect(refused.data ?? null).toBeNull();
      const error = firstError(refused);
      expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "userId" });
      expect(error.message).toBe(
        `${mover.displayName} still holds 2 leads, 2 open follow-ups and 1 open opportunity in their team, and work stays with its team: ` +
          "first the team's manager hands their leads, with the follow-ups and opportunities, to another member (reassignLeads from this user), then move them",
      );
      expect((await stored(mover)).teamId).toBe(east.id);
      expect(await teamChanges(mover)).toEqual([]);
      for (const id of leadIds) expect((await call<{ lead: { owner: { id: string } } }>(mover, LEAD, { id })).lead.owner.id).toBe(mover.id);

      // The east manager can still reach the rep, who is in their team until the move.
      const reassigned = await call<{ reassignLeads: { movedLeadCount: number } }>(managerEast, REASSIGN, { from: mover.id, to: keeper.id });
      expect(reassigned.reassignLeads.movedLeadCount).toBe(2);

      const moved = await moveTo(mover, west);
      expect(moved.errors).toBeUndefined();
      expect(moved.data!.setUserTeam.team).toEqual({ id: west.id });
      expect(await teamChanges(mover)).toHaveLength(1);
    });

    it("refuses to move a reviewer with a review still open in the old team until they submit it", async () => {
      const reviewer = await createUser(db(), { role: "REVIEWER", teamId: east.id });
      const opportunityId = await openOpportunity(keeper, await capture(keeper, "南方电气有限公司"));
      const proposal = await call<{ createProposal: { id: string; version: number } }>(
        keeper,
        `mutation($id: ID!) { createProposal(opportunityId: $id) { id version } }`,
        { id: opportunityId },
      );
      await call(keeper, `mutation($id: ID!, $input: ProposalContentInput!, $v: Int!) { updateProposal(id: $id, input: $input, expectedVersion: $v) { id } }`, {
        id: proposal.createProposal.id,
        input: COMPLETE_PARTS,
        v: proposal.createProposal.version,
      });
      const version = await call<{ submitProposal: { id: string } }>(keeper, `mutation($id: ID!) { submitProposal(id: $id) { id } }`, {
        id: proposal.createProposal.id,
      });
      const reviews = await call<{ startReview: { id: string }[] }>(
        managerEast,
        `mutation($id: ID!, $reviewers: [ID!]!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: $reviewers) { id } }`,
        { id: version.submitProposal.id, reviewers: [reviewer.id] },
      );

      const error = firstError(await moveTo(reviewer, west));
      expect(error.extensions).toMatchObject({ code: "CONFLICT", field: "userId" });
      expect(error.message).toBe(
        `${reviewer.displayName} still holds 1 open review in their team, and work stays with its team: first they submit their open reviews, then move them`,
      );
      expect((await stored(reviewer)).teamId).toBe(east.id);

      await call(reviewer, `mutation($id: ID!) { submitReview(reviewId: $id, verdict: APPROVE) { id } }`, { id: reviews.startReview[0]!.id });
      expect((await moveTo(reviewer, west)).data!.setUserTeam.team).toEqual({ id: west.id });
    });

    it("after the move the rep reads and changes nothing of the old team, whose manager and reports keep the rep's past results", async () => {
      const mover = await createUser(db(), { role: "REP", teamId: east.id });
      const opportunityId = await openOpportunity(mover, await capture(mover, "东海贸易有限公司"));
      await call(mover, `mutation($id: ID!) { markLost(opportunityId: $id, reason: COMPETITOR) { id } }`, { id: opportunityId });
      await call(managerEast, REASSIGN, { from: mover.id, to: keeper.id });

      // Before the move: the lost deal stays on the rep's record (reassignLeads moves open ones only), and they read it.
      const before = await call<{ opportunity: { stage: string; owner: { id: string } } | null }>(mover, OPPORTUNITY, { id: opportunityId });
      expect(before.opportunity).toMatchObject({ stage: "LOST", owner: { id: mover.id } });
      expect((await call<{ winLoss: { lost: { count: number } } }>(mover, LOST_IN_PERIOD)).winLoss.lost.count).toBe(1);

      expect((await moveTo(mover, west)).errors).toBeUndefined();

      expect((await call<{ opportunity: unknown }>(mover, OPPORTUNITY, { id: opportunityId })).opportunity).toBeNull();
      const reopen = await api.graphql(`mutation($id: ID!) { reopenOpportunity(opportunityId: $id) { id } }`, { id: opportunityId }, { as: mover });
      expect(firstError(reopen).extensions).toMatchObject({ code: "NOT_FOUND", field: "opportunityId" });
      const [row] = await db().select().from(opportunities).where(eq(opportunities.id, opportunityId));
      expect(row).toMatchObject({ stage: "LOST", ownerId: mover.id, teamId: east.id });
      // Their own reports now cover the new team only.
      expect((await call<{ winLoss: { lost: { count: number } } }>(mover, LOST_IN_PERIOD)).winLoss.lost.count).toBe(0);

      // The old team keeps the result under the rep who had it.
      const managerSees = await call<{ opportunity: { owner: { id: string } } }>(managerEast, OPPORTUNITY, { id: opportunityId });
      expect(managerSees.opportunity.owner.id).toBe(mover.id);
      const teamReport = await call<{ winLoss: { lost: { count: number } } }>(managerEast, LOST_IN_PERIOD, { ownerId: mover.id });
      expect(teamReport.winLoss.lost.count).toBe(1);
    });

    it("a lead left owned by a moved rep (captured as the move committed) is the old team's: the rep neither reads nor changes it; the old manager assigns it", async () => {
      const mover = await createUser(db(), { role: "REP", teamId: east.id });
      expect((await moveTo(mover, west)).errors).toBeUndefined();
      // A capture whose request was signed in before the move committed writes with the old team.
      const [straggler] = await db()
        .insert(leads)
        .values({ teamId: east.id, ownerId: mover.id, channel: "TRADE_SHOW", companyName: "华为技术有限公司", contactName: "李雷", createdAt: NOW, updatedAt: NOW })
        .returning();

      expect((await call<{ lead: unknown }>(mover, LEAD, { id: straggler!.id })).lead).toBeNull();
      expect((await call<{ leads: { totalCount: number } }>(mover, `{ leads(first: 10) { totalCount } }`)).leads.totalCount).toBe(0);
      const update = await api.graphql(
        `mutation($id: ID!) { updateLead(id: $id, input: { companyName: "改名" }, expectedVersion: 1) { id } }`,
        { id: straggler!.id },
        { as: mover },
      );
      expect(firstError(update).extensions).toMatchObject({ code: "NOT_FOUND", field: "id" });

      const assigned = await call<{ assignLead: { owner: { id: string } } }>(
        managerEast,
        `mutation($id: ID!, $to: ID!) { assignLead(leadId: $id, ownerId: $to) { owner { id } } }`,
        { id: straggler!.id, to: keeper.id },
      );
      expect(assigned.assignLead.owner.id).toBe(keeper.id);
    });

    it("the moved rep works in the new team: what they capture is the new team's, in their queue and their new manager's, not the old manager's", async () => {
      const mover = await createUser(db(), { role: "REP", teamId: east.id });
      expect((await moveTo(mover, west)).errors).toBeUndefined();

      const captured = await call<{ captureLead: { lead: { id: string; team: { id: string } } } }>(mover, CAPTURE, {
        input: { channel: "TRADE_SHOW", companyName: "西部能源有限公司", contactName: "赵敏", phone: "13900139000" },
      });
      expect(captured.captureLead.lead.team.id).toBe(west.id);
      const leadId = captured.captureLead.lead.id;

      const QUEUE = `query($ownerId: ID) { followUpQueue(first: 20, ownerId: $ownerId) { edges { node { lead { id } } } } }`;
      type Queue = { followUpQueue: { edges: { node: { lead: { id: string } } }[] } };
      const queueOf = (data: Queue) => data.followUpQueue.edges.map((edge) => edge.node.lead.id);
      expect(queueOf(await call<Queue>(mover, QUEUE))).toEqual([leadId]);
      expect(queueOf(await call<Queue>(managerWest, QUEUE, { ownerId: mover.id }))).toEqual([leadId]);
      const oldManager = await api.graphql(QUEUE, { ownerId: mover.id }, { as: managerEast });
      expect(firstError(oldManager).extensions).toMatchObject({ code: "NOT_FOUND", field: "ownerId" });
    });
  });
}
