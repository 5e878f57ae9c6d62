import { COMPANY_SIZES, LEAD_CHANNELS, LEAD_STATUSES, TIERS, USER_ROLES } from "@sales/domain";
import { and, asc, eq, gt, lt } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import { beforeEach, describe, expect, it } from "vitest";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { countRows } from "../../src/db/count.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { DEMO_PASSWORD, seedDemoData } from "../../src/seed/seed-demo-data.ts";
import { teams } from "../../src/teams/team.table.ts";
import { verifyPassword } from "../../src/users/password.ts";
import { users } from "../../src/users/user.table.ts";
import type { TestDatabase } from "../support/test-database.ts";

const NOW = new Date("2026-11-27T08:00:00.000Z");

export function seedSuite(database: TestDatabase) {
  describe(`demo seed on ${database.driver}`, () => {
    beforeEach(() => database.truncateAll());
    const db = () => database.handle.db;

    async function tableCounts() {
      const count = async (table: PgTable) =>
        (await db().select({ n: countRows() }).from(table))[0]!.n;
      return {
        teams: await count(teams),
        users: await count(users),
        leads: await count(leads),
        assessments: await count(leadAssessments),
        followUps: await count(followUps),
        audit: await count(auditEvents),
      };
    }

    it("fills two teams, a user in every role, and leads of every channel, tier, status and size", async () => {
      await seedDemoData(db(), { leadCount: 80, now: NOW });
      const rows = await db().select().from(leads);
      expect(rows).toHaveLength(80);
      expect(new Set(rows.map((r) => r.channel))).toEqual(new Set(LEAD_CHANNELS));
      expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(TIERS));
      expect(new Set(rows.map((r) => r.status))).toEqual(new Set(LEAD_STATUSES));
      expect(new Set(rows.map((r) => r.companySize))).toEqual(new Set(COMPANY_SIZES));
      expect(rows.some((r) => /有限/.test(r.companyName))).toBe(true);
      expect(rows.some((r) => /^[A-Za-z]/.test(r.companyName))).toBe(true);
      expect(await db().select({ n: countRows() }).from(teams)).toEqual([{ n: 2 }]);
      const roles = new Set((await db().select({ role: users.role }).from(users)).map((u) => u.role));
      expect(roles).toEqual(new Set(USER_ROLES.filter((role) => role !== "REVIEWER")));
    });

    it("includes overdue and upcoming open follow-ups relative to the seed's clock", async () => {
      await seedDemoData(db(), { leadCount: 80, now: NOW });
      const open = eq(followUps.status, "OPEN");
      const [overdue] = await db().select({ n: countRows() }).from(followUps).where(and(open, lt(followUps.dueAt, NOW)));
      const [upcoming] = await db().select({ n: countRows() }).from(followUps).where(and(open, gt(followUps.dueAt, NOW)));
      expect(overdue!.n).toBeGreaterThan(0);
      expect(upcoming!.n).toBeGreaterThan(0);
    });

    it("gives every demo account the printed demo password", async () => {
      const { accounts } = await seedDemoData(db(), { leadCount: 0, now: NOW });
      const [manager] = await db().select().from(users).where(eq(users.email, accounts[0]!.email));
      expect(await verifyPassword(DEMO_PASSWORD, manager!.passwordHash)).toBe(true);
      expect(await verifyPassword("wrong", manager!.passwordHash)).toBe(false);
    });

    it("writes nothing twice when run again, and a larger count adds only the missing leads", async () => {
      await seedDemoData(db(), { leadCount: 60, now: NOW, batchSize: 25 });
      const first = await tableCounts();
      const again = await seedDemoData(db(), { leadCount: 60, now: NOW, batchSize: 7 });
      expect(again).toMatchObject({ leadsCreated: 0, leadsAlreadyThere: 60 });
      expect(await tableCounts()).toEqual(first);

      const more = await seedDemoData(db(), { leadCount: 75, now: NOW });
      expect(more).toMatchObject({ leadsCreated: 15, leadsAlreadyThere: 60 });
      expect((await tableCounts()).leads).toBe(75);
    });

    it("produces the same leads from the same seed, whatever the batch size", async () => {
      const snapshot = () =>
        db()
          .select({ id: leads.id, company: leads.companyName, tier: leads.tier, status: leads.status, createdAt: leads.createdAt })
          .from(leads)
          .orderBy(asc(leads.id));
      await seedDemoData(db(), { leadCount: 40, now: NOW, batchSize: 40 });
      const first = await snapshot();
      await database.truncateAll();
      await seedDemoData(db(), { leadCount: 40, now: NOW, batchSize: 9 });
      expect(await snapshot()).toEqual(first);
    });

    it("reports progress batch by batch up to the total", async () => {
      const reports: [number, number][] = [];
      await seedDemoData(db(), { leadCount: 30, now: NOW, batchSize: 12, onProgress: (done, total) => reports.push([done, total]) });
      expect(reports).toEqual([
        [12, 30],
        [24, 30],
        [30, 30],
      ]);
    });
  });
}
