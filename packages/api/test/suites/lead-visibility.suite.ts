import type { LeadChannel, LeadStatus, Tier, UserRole } from "@sales/domain";
import { isNull, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { boundStatement } from "../../src/db/bound-statement.ts";
import { countRows } from "../../src/db/count.ts";
import { insertJsonRows } from "../../src/db/insert-json-rows.ts";
import { rawRows } from "../../src/db/raw-rows.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads, type LeadRow } from "../../src/leads/lead.table.ts";
import type { UserRow } from "../../src/users/user.table.ts";
import { createTeam, createUser } from "../support/fixtures.ts";
import type { RecordedStatement, TestDatabase } from "../support/test-database.ts";
import { startTestServer, type GraphqlResponse } from "../support/test-server.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");
const HOUR = 3_600_000;

interface LeadNode {
  id: string;
  companyName: string;
  contactName: string;
  phone: string | null;
  email: string | null;
  wechatId: string | null;
  province: string | null;
  owner: { id: string };
}

interface LeadsData {
  leads: { totalCount: number; edges: { cursor: string; node: LeadNode }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

const LEAD_FIELDS = `id companyName contactName phone email wechatId province owner { id }`;
const LIST = /* GraphQL */ `
  query List($filter: LeadFilterInput, $first: Int = 200, $after: String, $orderBy: LeadOrder = CREATED_DESC) {
    leads(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
      totalCount
      edges { cursor node { ${LEAD_FIELDS} } }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
const BY_ID = /* GraphQL */ `query One($id: ID!) { lead(id: $id) { ${LEAD_FIELDS} history { action before after } } }`;

/** What a lead is made of in these tests; everything else takes a plain default. */
interface LeadSpec {
  companyName: string;
  contactName: string;
  province: string;
  tier?: Tier;
  status?: LeadStatus;
  channel?: LeadChannel;
  createdAt?: Date;
  updatedAt?: Date;
}

let phoneSerial = 0;

/**
 * A lead written straight to the database for `owner` (no intake API involved), with a phone,
 * an email, a WeChat id and an open first-contact follow-up.
 */
async function insertLead(database: TestDatabase, owner: UserRow, spec: LeadSpec): Promise<LeadRow> {
  const serial = ++phoneSerial;
  const createdAt = spec.createdAt ?? new Date(NOW.getTime() - serial * HOUR);
  const [lead] = await database.handle.db
    .insert(leads)
    .values({
      teamId: owner.teamId!,
      ownerId: owner.id,
      channel: spec.channel ?? "TRADE_SHOW",
      companyName: spec.companyName,
      contactName: spec.contactName,
      phone: `+86138${String(serial).padStart(4, "0")}${8000 + serial}`,
      email: `zhang.wei${serial}@example.com`,
      wechatId: `wxid_zhangwei${serial}8`,
      province: spec.province,
      tier: spec.tier ?? "B",
      status: spec.status ?? "NEW",
      createdAt,
      updatedAt: spec.updatedAt ?? createdAt,
      firstContactDueAt: new Date(createdAt.getTime() + 72 * HOUR),
    })
    .returning();
  await database.handle.db.insert(followUps).values({
    leadId: lead!.id,
    teamId: lead!.teamId,
    ownerId: lead!.ownerId,
    tier: lead!.tier,
    kind: "FIRST_CONTACT",
    channel: "PHONE",
    dueAt: lead!.firstContactDueAt!,
    slaDueAt: lead!.firstContactDueAt!,
  });
  return lead!;
}

/** One node of a JSON query plan. */
interface PlanNode {
  "Node Type": string;
  "Index Name"?: string;
  Plans?: PlanNode[];
}

const ids = (res: GraphqlResponse<LeadsData>) => res.data!.leads.edges.map((edge) => edge.node.id).sort();
const idsOf = (rows: readonly LeadRow[]) => rows.map((row) => row.id).sort();

export function leadVisibilitySuite(database: TestDatabase) {
  const api = startTestServer(database, { now: NOW });
  const list = (as: UserRow | null, filter?: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    api.graphql<LeadsData>(LIST, { filter, ...extra }, as ? { as } : {});

  describe(`lead visibility by role over HTTP on ${database.driver}`, () => {
    // Two teams with a manager and two reps each; every rep owns three leads.
    const world = {} as {
      managerA: UserRow;
      repA1: UserRow;
      repA2: UserRow;
      managerB: UserRow;
      repB1: UserRow;
      repB2: UserRow;
      analyst: UserRow;
      admin: UserRow;
      reviewer: UserRow;
      leads: LeadRow[];
      byCompany: (name: string) => LeadRow;
    };
    const ownedBy = (user: UserRow) => world.leads.filter((lead) => lead.ownerId === user.id);
    const ofTeam = (user: UserRow) => world.leads.filter((lead) => lead.teamId === user.teamId);
    const worldOwners = () => [world.repA1, world.repA2, world.repB1, world.repB2].map((rep) => rep.id);

    beforeAll(async () => {
      const db = database.handle.db;
      const teamA = await createTeam(db);
      const teamB = await createTeam(db);
      const user = (role: UserRole, teamId: string | null = null) => createUser(db, { role, teamId });
      Object.assign(world, {
        managerA: await user("MANAGER", teamA.id),
        repA1: await user("REP", teamA.id),
        repA2: await user("REP", teamA.id),
        managerB: await user("MANAGER", teamB.id),
        repB1: await user("REP", teamB.id),
        repB2: await user("REP", teamB.id),
        analyst: await user("ANALYST"),
        admin: await user("ADMIN"),
        reviewer: await user("REVIEWER", teamA.id),
      });
      const specs: [UserRow, LeadSpec][] = [
        [world.repA1, { companyName: "华为技术有限公司", contactName: "张伟", province: "广东", tier: "A" }],
        [world.repA1, { companyName: "上海恒信物流有限公司", contactName: "李娜", province: "上海", status: "WORKING" }],
        [world.repA1, { companyName: "北京中科软件有限公司", contactName: "王芳", province: "北京", tier: "C" }],
        [world.repA2, { companyName: "杭州瑞丰食品有限公司", contactName: "欧阳娜娜", province: "浙江", tier: "A" }],
        [world.repA2, { companyName: "Northwind Robotics", contactName: "Emma Smith", province: "上海", channel: "SEMINAR" }],
        [world.repA2, { companyName: "苏州天成新材料有限公司", contactName: "陈杰", province: "江苏", status: "WORKING" }],
        [world.repB1, { companyName: "华为云计算技术有限公司", contactName: "刘洋", province: "广东", tier: "A" }],
        [world.repB1, { companyName: "广州金桥电子科技有限公司", contactName: "周敏", province: "广东", channel: "SEMINAR" }],
        [world.repB1, { companyName: "Northwind Logistics GmbH", contactName: "Liam Müller", province: "上海", tier: "C" }],
        [world.repB2, { companyName: "成都博远医疗器械有限公司", contactName: "欧阳明", province: "四川", status: "WORKING" }],
        [world.repB2, { companyName: "武汉新创环保科技有限公司", contactName: "黄磊", province: "湖北", tier: "A" }],
        [world.repB2, { companyName: "Bluepeak Medical Inc.", contactName: "Olivia Brown", province: "上海" }],
      ];
      world.leads = [];
      for (const [owner, spec] of specs) world.leads.push(await insertLead(database, owner, spec));
      world.byCompany = (name) => world.leads.find((lead) => lead.companyName === name)!;
    });

    describe("a REP sees their own leads only", () => {
      it.each<[string, Record<string, unknown> | undefined, (lead: LeadRow) => boolean]>([
        ["no filter", undefined, () => true],
        ["tier A", { tier: ["A"] }, (lead) => lead.tier === "A"],
        ["status WORKING or NEW", { status: ["WORKING", "NEW"] }, () => true],
        ["channel SEMINAR", { channel: ["SEMINAR"] }, (lead) => lead.channel === "SEMINAR"],
        ["province 广东 or 上海", { province: ["广东", "上海"] }, (lead) => ["广东", "上海"].includes(lead.province!)],
        ["created in the last 100 days", { createdFrom: new Date(NOW.getTime() - 100 * 24 * HOUR).toISOString() }, () => true],
      ])("in edges and totalCount, with %s", async (_name, filter, matches) => {
        for (const rep of [world.repA1, world.repA2, world.repB1, world.repB2]) {
          const res = await list(rep, filter);
          expect(res.errors).toBeUndefined();
          const expected = ownedBy(rep).filter(matches);
          expect(ids(res)).toEqual(idsOf(expected));
          expect(res.data!.leads.totalCount).toBe(expected.length);
        }
      });

      it("gets nothing and a totalCount of 0 when the ownerId filter names another rep, in or out of the team", async () => {
        for (const other of [world.repA2, world.repB1]) {
          const res = await list(world.repA1, { ownerId: [other.id] });
          expect(res.errors).toBeUndefined();
          expect(res.data!.leads).toMatchObject({ totalCount: 0, edges: [] });
        }
        const mixed = await list(world.repA1, { ownerId: [world.repA1.id, world.repA2.id, world.repB1.id] });
        expect(ids(mixed)).toEqual(idsOf(ownedBy(world.repA1)));
        expect(mixed.data!.leads.totalCount).toBe(3);
      });

      it("gets null for lead(id) of another rep's lead, of another team's lead, and the lead for their own", async () => {
        const own = ownedBy(world.repA1)[0]!;
        for (const other of [ownedBy(world.repA2)[0]!, ownedBy(world.repB1)[0]!]) {
          const res = await api.graphql<{ lead: LeadNode | null }>(BY_ID, { id: other.id }, { as: world.repA1 });
          expect(res.errors).toBeUndefined();
          expect(res.data!.lead).toBeNull();
        }
        const mine = await api.graphql<{ lead: LeadNode | null }>(BY_ID, { id: own.id }, { as: world.repA1 });
        expect(mine.data!.lead).toMatchObject({ id: own.id, phone: own.phone, email: own.email, wechatId: own.wechatId });
      });
    });

    describe("a MANAGER sees exactly their team's leads", () => {
      it.each([
        ["A", () => world.managerA, () => world.managerB],
        ["B", () => world.managerB, () => world.managerA],
      ])("team %s: in the list, in totalCount and by id, never the other team's", async (_team, manager, otherManager) => {
        const res = await list(manager());
        expect(res.errors).toBeUndefined();
        expect(ids(res)).toEqual(idsOf(ofTeam(manager())));
        expect(res.data!.leads.totalCount).toBe(6);
        for (const lead of ofTeam(manager())) {
          const one = await api.graphql<{ lead: LeadNode | null }>(BY_ID, { id: lead.id }, { as: manager() });
          expect(one.data!.lead).toMatchObject({ id: lead.id, phone: lead.phone });
        }
        for (const lead of ofTeam(otherManager())) {
          const one = await api.graphql<{ lead: LeadNode | null }>(BY_ID, { id: lead.id }, { as: manager() });
          expect(one.data!.lead).toBeNull();
        }
      });

      it("gets nothing when the ownerId filter names the other team's rep", async () => {
        const res = await list(world.managerA, { ownerId: [world.repB1.id] });
        expect(res.data!.leads).toMatchObject({ totalCount: 0, edges: [] });
      });
    });

    describe.each([
      ["ANALYST", () => world.analyst],
      ["ADMIN", () => world.admin],
    ])("an %s reads every team's leads with contact details masked", (_role, viewer) => {
      it("in the list and totalCount", async () => {
        const res = await list(viewer(), { ownerId: worldOwners() });
        expect(res.errors).toBeUndefined();
        expect(ids(res)).toEqual(idsOf(world.leads));
        expect(res.data!.leads.totalCount).toBe(world.leads.length);
        for (const { node } of res.data!.leads.edges) {
          const lead = world.leads.find((row) => row.id === node.id)!;
          expect(node.phone).toMatch(/^\+86138\*{4}\d{4}$/);
          expect(node.phone).not.toBe(lead.phone);
          expect(node.email).toBe("z***@example.com");
          expect(node.wechatId).toMatch(/^w\*{3}8$/);
        }
        const all = await list(viewer());
        const [live] = await database.handle.db.select({ n: countRows() }).from(leads).where(isNull(leads.mergedIntoId));
        expect(all.data!.leads.totalCount).toBe(live!.n);
      });

      it("by id and in history's before and after values", async () => {
        const lead = world.byCompany("上海恒信物流有限公司");
        await database.handle.db.insert(auditEvents).values({
          teamId: lead.teamId,
          actorId: world.repA1.id,
          entityType: "LEAD",
          entityId: lead.id,
          leadId: lead.id,
          action: "LEAD_UPDATED",
          before: { phone: "+8613800138000", email: "zhang.wei@example.com", wechatId: "wxid_zhangwei88", city: "上海" },
          after: { phone: "+8613912349000", email: "li.na@example.com", wechatId: "wxid_lina66", city: "苏州" },
          at: new Date(NOW.getTime() - HOUR),
        });
        const res = await api.graphql<{ lead: LeadNode & { history: { action: string; before: Record<string, unknown>; after: Record<string, unknown> }[] } }>(
          BY_ID,
          { id: lead.id },
          { as: viewer() },
        );
        expect(res.errors).toBeUndefined();
        expect(res.data!.lead).toMatchObject({ phone: expect.stringMatching(/^\+86138\*{4}\d{4}$/), email: "z***@example.com" });
        const changes = res.data!.lead.history.filter((event) => event.action === "LEAD_UPDATED");
        expect(changes.length).toBeGreaterThan(0);
        for (const change of changes) {
          expect(change.before).toEqual({ phone: "+86138****8000", email: "z***@example.com", wechatId: "w***8", city: "上海" });
          expect(change.after).toEqual({ phone: "+86139****9000", email: "l***@example.com", wechatId: "w***6", city: "苏州" });
        }
        // The owner reads the same history unmasked.
        const owner = await api.graphql<{ lead: { history: { action: string; before: Record<string, unknown> }[] } }>(BY_ID, { id: lead.id }, { as: world.repA1 });
        expect(owner.data!.lead.history.find((event) => event.action === "LEAD_UPDATED")!.before).toMatchObject({ phone: "+8613800138000" });
      });
    });

    it("a REVIEWER is FORBIDDEN leads and lead(id)", async () => {
      const listed = await list(world.reviewer);
      expect(listed.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN" });
      expect(listed.data).toBeNull();
      const one = await api.graphql(BY_ID, { id: world.leads[0]!.id }, { as: world.reviewer });
      expect(one.errors?.[0]?.extensions).toMatchObject({ code: "FORBIDDEN" });
    });

    it("an anonymous caller is UNAUTHENTICATED", async () => {
      const listed = await list(null);
      expect(listed.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
      const one = await api.graphql(BY_ID, { id: world.leads[0]!.id });
      expect(one.errors?.[0]?.extensions).toMatchObject({ code: "UNAUTHENTICATED" });
    });

    describe("filter.search over company and contact names", () => {
      const search = (as: UserRow, text: string) => list(as, { search: text });
      const companies = (res: GraphqlResponse<LeadsData>) => res.data!.leads.edges.map((edge) => edge.node.companyName).sort();
      const contacts = (res: GraphqlResponse<LeadsData>) => res.data!.leads.edges.map((edge) => edge.node.contactName).sort();

      it("finds 华为技术有限公司 by the two characters 华为", async () => {
        const res = await list(world.analyst, { search: "华为", ownerId: worldOwners() });
        expect(res.errors).toBeUndefined();
        expect(companies(res)).toEqual(["华为云计算技术有限公司", "华为技术有限公司"]);
        expect(res.data!.leads.totalCount).toBe(2);
        // Whatever else the database holds, every match contains the query.
        const everywhere = await search(world.analyst, "华为");
        expect(companies(everywhere)).toContain("华为技术有限公司");
        for (const name of companies(everywhere)) expect(name).toContain("华为");
      });

      it("finds a lead by a two-character part of the contact's name", async () => {
        const res = await list(world.analyst, { search: "欧阳", ownerId: worldOwners() });
        expect(contacts(res)).toEqual(["欧阳娜娜", "欧阳明"]);
      });

      it("ignores case in Latin text: northwind finds Northwind Robotics", async () => {
        const res = await list(world.analyst, { search: "northwind", ownerId: worldOwners() });
        expect(companies(res)).toEqual(["Northwind Logistics GmbH", "Northwind Robotics"]);
        const upper = await list(world.analyst, { search: "NORTHWIND ROBO", ownerId: worldOwners() });
        expect(companies(upper)).toEqual(["Northwind Robotics"]);
      });

      it.each(["华", " x ", ""])("rejects the search %j (under two characters) with BAD_USER_INPUT naming filter.search", async (text) => {
        const res = await search(world.analyst, text);
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.search" });
      });

      it.each([
        ["ownerId", () => Array.from({ length: 501 }, () => world.repA1.id)],
        ["province", () => Array.from({ length: 70_000 }, (_, i) => `省${i}`)],
        ["tier", () => Array.from({ length: 501 }, () => "A")],
      ])("refuses a filter.%s list of more than 500 values with BAD_USER_INPUT naming it, not an internal error (issue 10, finding 8)", async (field, values) => {
        const exactly = await list(world.analyst, { [field]: values().slice(0, 500) });
        expect(exactly.errors).toBeUndefined();
        const res = await list(world.analyst, { [field]: values() });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: `filter.${field}` });
        expect(res.errors?.[0]?.message).toMatch(/at most 500 values/);
      });

      it.each(["0000-01-01T00:00:00Z", "1899-12-31T23:59:59Z", "3000-01-01T00:00:00Z"])(
        "refuses filter.createdFrom %s (outside the years 1900 to 2999) with BAD_USER_INPUT naming it, not an internal error (issue 10, finding 8)",
        async (instant) => {
          expect((await list(world.analyst, { createdFrom: "1900-01-01T00:00:00Z" })).errors).toBeUndefined();
          const res = await list(world.analyst, { createdFrom: instant });
          expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.createdFrom" });
          expect(res.errors?.[0]?.message).toMatch(/years 1900 to 2999/);
        },
      );

      it("refuses a cursor forged with a year-0 instant as BAD_USER_INPUT naming after, not an internal error (issue 10, finding 8)", async () => {
        const forged = Buffer.from(JSON.stringify(["0000-01-01T00:00:00.000Z", world.repA1.id])).toString("base64url");
        const res = await list(world.analyst, undefined, { first: 5, after: forged });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "after" });
      });

      it("never finds another rep's or another team's lead", async () => {
        expect(companies(await search(world.repA2, "华为"))).toEqual([]);
        expect((await search(world.repA2, "华为")).data!.leads.totalCount).toBe(0);
        expect(companies(await search(world.repA1, "华为"))).toEqual(["华为技术有限公司"]);
        expect(companies(await search(world.repB1, "northwind"))).toEqual(["Northwind Logistics GmbH"]);
        expect(contacts(await search(world.managerB, "欧阳"))).toEqual(["欧阳明"]);
        expect(companies(await search(world.managerA, "华为"))).toEqual(["华为技术有限公司"]);
      });
    });

    it("filters by province, for every role that may read", async () => {
      const guangdong = world.leads.filter((lead) => lead.province === "广东");
      const res = await list(world.analyst, { province: ["广东"], ownerId: worldOwners() });
      expect(ids(res)).toEqual(idsOf(guangdong));
      expect(res.data!.leads.totalCount).toBe(3);
      const manager = await list(world.managerB, { province: ["广东"] });
      expect(ids(manager)).toEqual(idsOf(guangdong.filter((lead) => lead.teamId === world.managerB.teamId)));
    });

    it("filters by created range: createdFrom includes its instant, createdBefore excludes its own", async () => {
      const ordered = [...ownedBy(world.repB2)].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
      const [oldest, middle, newest] = ordered as [LeadRow, LeadRow, LeadRow];
      const res = await list(world.repB2, { createdFrom: middle.createdAt.toISOString(), createdBefore: newest.createdAt.toISOString() });
      expect(ids(res)).toEqual([middle.id]);
      expect(res.data!.leads.totalCount).toBe(1);
      const from = await list(world.repB2, { createdFrom: middle.createdAt.toISOString() });
      expect(ids(from)).toEqual(idsOf([middle, newest]));
      const before = await list(world.repB2, { createdBefore: middle.createdAt.toISOString() });
      expect(ids(before)).toEqual([oldest.id]);
    });
  });

  describe(`client-app sync by updatedAfter on ${database.driver}`, () => {
    let rep: UserRow;
    let changed: LeadRow[];
    const since = new Date("2026-11-20T00:00:00.000Z");

    beforeAll(async () => {
      const team = await createTeam(database.handle.db);
      rep = await createUser(database.handle.db, { role: "REP", teamId: team.id });
      // Several leads share an updatedAt, so paging must break ties by id to lose none.
      const updates = [-5, -1, 0, 1, 1, 1, 2, 3, 3, 7].map((hours) => new Date(since.getTime() + hours * HOUR));
      const rows: LeadRow[] = [];
      for (const [i, updatedAt] of updates.entries()) {
        rows.push(
          await insertLead(database, rep, {
            companyName: `同步测试${i}有限公司`,
            contactName: `联系人${i}`,
            province: "上海",
            createdAt: new Date(since.getTime() - 48 * HOUR + i),
            updatedAt,
          }),
        );
      }
      changed = rows.filter((row) => row.updatedAt.getTime() > since.getTime());
    });

    it("pages UPDATED_ASC after a point in time and gets every changed lead exactly once, oldest change first", async () => {
      const seen: LeadNode[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res: GraphqlResponse<LeadsData> = await list(rep, { updatedAfter: since.toISOString() }, { first: 2, after, orderBy: "UPDATED_ASC" });
        expect(res.errors).toBeUndefined();
        seen.push(...res.data!.leads.edges.map((edge) => edge.node));
        expect(res.data!.leads.totalCount).toBe(changed.length);
        if (!res.data!.leads.pageInfo.hasNextPage) break;
        after = res.data!.leads.pageInfo.endCursor;
      }
      expect(seen.map((node) => node.id)).toEqual(
        [...changed].sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || (a.id < b.id ? -1 : 1)).map((row) => row.id),
      );
    });
  });

  describe(`indexes behind lead lists on ${database.driver}`, () => {
    let rep: UserRow;
    let manager: UserRow;
    let analyst: UserRow;

    beforeAll(async () => {
      const db = database.handle.db;
      const team = await createTeam(db);
      rep = await createUser(db, { role: "REP", teamId: team.id });
      const otherRep = await createUser(db, { role: "REP", teamId: team.id });
      manager = await createUser(db, { role: "MANAGER", teamId: team.id });
      analyst = await createUser(db, { role: "ANALYST" });
      const brands = ["恒信", "华鼎", "中科", "瑞丰", "天成", "金桥", "博远", "新创", "宏达", "鑫源", "启明", "远航"];
      const trades = ["精密机械", "电子科技", "智能制造", "物流", "医疗器械", "新材料", "软件", "环保科技"];
      const rows = Array.from({ length: 2_000 }, (_, i) => ({
        teamId: team.id,
        ownerId: i % 2 ? rep.id : otherRep.id,
        channel: "INDUSTRY_WEBSITE" as const,
        // One lead in 200 is a 华为 company, as in a real database: the query must be selective.
        companyName: i % 200 === 0 ? `华为${trades[i % trades.length]}有限公司` : `${brands[i % brands.length]}${trades[(i >> 3) % trades.length]}${i}有限公司`,
        contactName: `客户${i}`,
        createdAt: new Date(NOW.getTime() - i * 60_000),
      }));
      await insertJsonRows(db, leads, rows);
      await db.execute(sql`analyze leads`);
    });

    /** The plan of a recorded statement, with the given planner methods switched off for this transaction only. */
    async function planOf(statement: RecordedStatement, settings: Partial<Record<"enable_seqscan" | "enable_indexscan" | "cpu_index_tuple_cost", string>>): Promise<PlanNode[]> {
      const [row] = await database.handle.db.transaction(async (tx) => {
        for (const [setting, value] of Object.entries(settings)) await tx.execute(sql`select set_config(${setting}, ${value}, true)`);
        return rawRows<{ "QUERY PLAN": [{ Plan: PlanNode }] | string }>(tx, sql`explain (format json) ${boundStatement(statement.query, statement.params)}`);
      });
      const json = row!["QUERY PLAN"];
      const nodes: PlanNode[] = [];
      const walk = (node: PlanNode) => {
        nodes.push(node);
        node.Plans?.forEach(walk);
      };
      walk((typeof json === "string" ? (JSON.parse(json) as [{ Plan: PlanNode }]) : json)[0].Plan);
      return nodes;
    }
    const pageStatement = (statements: RecordedStatement[]) => statements.find((statement) => /from "leads".* order by /s.test(statement.query))!;

    it("serves filter.search from leads_search_grams_idx, on the very statement the API sends", async () => {
      const { result, statements } = await database.recordStatements(() => list(analyst, { search: "华为" }, { first: 50 }));
      expect(result.errors).toBeUndefined();
      expect(result.data!.leads.edges.length).toBeGreaterThanOrEqual(10);
      const page = pageStatement(statements);
      expect(page.query).toContain("sales_search_bigrams");

      // On a table this small, scanning the table (or the created_at index, stopping at 51
      // matches, or the whole of a small partial index of unmerged leads) is cheaper, so the
      // planner is told to avoid the first two and to count index entries read as dear, for this
      // transaction only. What this proves: the statement's search predicate matches the GIN
      // index (the same expression, an operator the index supports), so the planner can answer
      // it from leads_search_grams_idx. At 100,000 leads the cost model picks the index for a
      // selective query unprompted: the benchmark prints that plan.
      const nodes = await planOf(page, { enable_seqscan: "off", enable_indexscan: "off", cpu_index_tuple_cost: "1" });
      expect(nodes.map((node) => node["Index Name"])).toContain("leads_search_grams_idx");
    });

    it.each([
      ["REP", () => rep],
      ["MANAGER", () => manager],
      ["ANALYST", () => analyst],
    ])("reads a %s's pages straight from an index in keyset order, first page and after a cursor, never sorting the leads", async (_role, viewer) => {
      for (const orderBy of ["CREATED_DESC", "CREATED_ASC"]) {
        const first = await database.recordStatements(() => list(viewer(), undefined, { first: 50, orderBy }));
        const cursor = first.result.data!.leads.pageInfo.endCursor;
        const next = await database.recordStatements(() => list(viewer(), undefined, { first: 50, orderBy, after: cursor }));
        expect(next.result.data!.leads.edges[0]!.node.id).not.toBe(first.result.data!.leads.edges[0]!.node.id);
        for (const { statements } of [first, next]) {
          // Told to avoid a table scan (cheap at this size), the planner must still not need a
          // sort: the ORDER BY matches an index, so a page costs 51 index entries, not all leads.
          const nodes = await planOf(pageStatement(statements), { enable_seqscan: "off" });
          const types = nodes.map((node) => node["Node Type"]);
          expect(types, `${orderBy}: ${types.join(" → ")}`).not.toContain("Sort");
          expect(types, `${orderBy}: ${types.join(" → ")}`).toContain("Index Scan");
        }
      }
    });
  });

  describe(`statements per page by role on ${database.driver}`, () => {
    const PAGE = /* GraphQL */ `
      query Page($first: Int!) {
        leads(first: $first) {
          edges { node { id owner { displayName } latestAssessment { tier } nextFollowUp { dueAt } historyCount } }
        }
      }
    `;
    let manager: UserRow;
    let rep: UserRow;

    beforeAll(async () => {
      const db = database.handle.db;
      const team = await createTeam(db);
      manager = await createUser(db, { role: "MANAGER", teamId: team.id });
      rep = await createUser(db, { role: "REP", teamId: team.id });
      const other = await createUser(db, { role: "REP", teamId: team.id });
      for (let i = 0; i < 110; i++) {
        const owner = i % 11 === 0 ? other : rep;
        const lead = await insertLead(database, owner, { companyName: `分页${i}有限公司`, contactName: `客户${i}`, province: "上海" });
        if (i % 2 === 0) {
          await db.insert(leadAssessments).values({
            leadId: lead.id,
            assessedById: owner.id,
            needUrgency: "HIGH",
            budget: "MEDIUM",
            decisionAuthority: "HIGH",
            tier: "B",
            reasons: [],
            incomplete: false,
            assessedAt: lead.createdAt,
          });
        }
        await db.insert(auditEvents).values({ entityType: "LEAD", entityId: lead.id, leadId: lead.id, action: "LEAD_CAPTURED", at: lead.createdAt });
      }
    });

    it.each([
      ["REP", () => rep],
      ["MANAGER", () => manager],
    ])("as a %s, leads(first: N) with owner, latestAssessment, nextFollowUp and historyCount costs the same for N = 10 and N = 100", async (_role, viewer) => {
      const run = (first: number) => database.countStatements(() => api.graphql<LeadsData>(PAGE, { first }, { as: viewer() }));
      const ten = await run(10);
      const hundred = await run(100);
      expect(ten.result.errors).toBeUndefined();
      expect(hundred.result.errors).toBeUndefined();
      expect(ten.result.data!.leads.edges).toHaveLength(10);
      expect(hundred.result.data!.leads.edges).toHaveLength(100);
      expect(hundred.statements).toBe(ten.statements);
      // The signed-in user, the page, then one statement per nested field.
      expect(ten.statements).toBeLessThanOrEqual(6);
    });
  });
}
