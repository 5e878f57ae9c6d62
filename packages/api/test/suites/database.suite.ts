import { eq, getTableColumns, sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { countRows } from "../../src/db/count.ts";
import { leadAssessments } from "../../src/assessments/assessment.table.ts";
import { auditEvents } from "../../src/audit/audit-event.table.ts";
import { insertInChunks } from "../../src/db/insert-in-chunks.ts";
import { insertJsonRows } from "../../src/db/insert-json-rows.ts";
import { jsonProjection, type JsonSelection } from "../../src/db/json-projection.ts";
import { jsonObjectOf, rowFromJson } from "../../src/db/json-row.ts";
import { rawRows } from "../../src/db/raw-rows.ts";
import { findQueuePage } from "../../src/follow-ups/follow-up-queue.ts";
import { followUpColumnsFor } from "../../src/follow-ups/follow-up-selection.ts";
import { followUps } from "../../src/follow-ups/follow-up.table.ts";
import { findLeadPage } from "../../src/leads/lead-queries.ts";
import { leadColumnsFor } from "../../src/leads/lead-selection.ts";
import { leads } from "../../src/leads/lead.table.ts";
import { findOpportunityPage } from "../../src/opportunities/opportunity-queries.ts";
import { proposalVersionColumnsFor } from "../../src/proposals/proposal-version-selection.ts";
import { teams } from "../../src/teams/team.table.ts";
import { users } from "../../src/users/user.table.ts";
import { expectConstraintViolation } from "../support/expect-constraint.ts";
import type { TestDatabase } from "../support/test-database.ts";

export function databaseSuite(database: TestDatabase) {
  describe(`database schema on ${database.driver}`, () => {
    beforeEach(() => database.truncateAll());

    async function insertTeamAndRep() {
      const [team] = await database.handle.db.insert(teams).values({ name: "Team" }).returning();
      const [rep] = await database.handle.db
        .insert(users)
        .values({ email: "rep@example.com", displayName: "Rep", role: "REP", teamId: team!.id, passwordHash: "x" })
        .returning();
      return { team: team!, rep: rep! };
    }

    const validLead = (teamId: string, ownerId: string) => ({
      teamId,
      ownerId,
      channel: "TRADE_SHOW" as const,
      companyName: "华为技术有限公司",
      contactName: "张伟",
    });

    it("issue 13: the list pages write their row limits into their statements' text, never as parameters", async () => {
      // PostgreSQL plans `LIMIT $1` as if it kept a tenth of the rows: at 100,000 leads a prepared
      // page's generic plan then looked dearer than one planned for its values, and PostgreSQL
      // planned the pipeline page again on every run (0.9 ms of its 1.6 ms a page).
      const { rep } = await insertTeamAndRep();
      const { statements } = await database.recordStatements(async () => {
        await findLeadPage(database.handle.db, rep, { first: 7, after: null, filter: {}, order: "CREATED_DESC", relations: { owner: null, nextFollowUp: followUpColumnsFor(new Set(["kind"])) } });
        await findOpportunityPage(database.handle.db, rep, {
          first: 7,
          after: null,
          filter: {},
          order: "CLOSE_DATE_ASC",
          relations: { lead: leadColumnsFor(new Set(["tier"])), owner: null, latestVersion: proposalVersionColumnsFor(new Set(["number"])), pendingReviews: true },
        });
        await findQueuePage(database.handle.db, rep, { scope: { ownerId: rep.id, teamId: null }, first: 7, after: null });
      });
      const limits = statements.map((statement) => [...statement.query.matchAll(/ limit (\$?\d+)/g)].map((match) => match[1]));
      // The leads page's and the pipeline's next follow-up and latest version subqueries (one row each), then the pages (first + 1, for hasNextPage).
      expect(limits).toEqual([["1", "8"], ["1", "1", "8"], ["8"]]);
    });

    it("issue 13: a JSON projection reads only the keys selected, objects narrowed and lists whole, and a stored null or non-object as it is", async () => {
      const stored = {
        pricing: { currency: "CNY", totals: { vat: { amount: "13", currency: "CNY" }, gross: { amount: "100", currency: "CNY" } }, lines: [{ product: "网关", quantity: 2 }] },
        risks: null,
        solution: "not an object",
      };
      const project = async (value: unknown, selection: JsonSelection) => {
        const rows = await rawRows<{ projected: unknown }>(database.handle.db, sql`select ${jsonProjection(value === null ? sql`null::jsonb` : sql`${JSON.stringify(value)}::jsonb`, selection)} as projected`);
        return rows[0]!.projected;
      };
      expect(await project(stored, { pricing: { totals: { vat: { amount: true } } } })).toEqual({ pricing: { totals: { vat: { amount: "13" } } } });
      expect(await project(stored, { pricing: { currency: true, lines: true }, risks: { risks: true }, solution: { summary: true } })).toEqual({
        pricing: { currency: "CNY", lines: [{ product: "网关", quantity: 2 }] },
        risks: null,
        solution: "not an object",
      });
      expect(await project(stored, { needsAnalysis: { summary: true }, pricing: { paymentOptions: true } })).toEqual({ needsAnalysis: null, pricing: { paymentOptions: null } });
      expect(await project(stored, {})).toEqual({});
      // A version priced before versions stored it: null, which its reader then prices.
      expect(await project(null, { pricing: true })).toBeNull();
      expect(() => jsonProjection(sql`'{}'::jsonb`, { "a') || ('b": true })).toThrow(/Not a JSON key/);
    });

    it("keeps timestamps to the millisecond, so keyset cursors match rows exactly", async () => {
      const { team, rep } = await insertTeamAndRep();
      const createdAt = new Date("2026-03-06T02:00:00.123Z");
      const [lead] = await database.handle.db.insert(leads).values({ ...validLead(team.id, rep.id), createdAt }).returning();
      const [read] = await database.handle.db.select().from(leads).where(eq(leads.createdAt, createdAt));
      expect(read?.id).toBe(lead!.id);
      expect(read?.createdAt.toISOString()).toBe("2026-03-06T02:00:00.123Z");
    });

    it("counts as a JS number on this driver", async () => {
      const { team, rep } = await insertTeamAndRep();
      await database.handle.db.insert(leads).values([validLead(team.id, rep.id), validLead(team.id, rep.id)]);
      const [row] = await database.handle.db.select({ count: countRows() }).from(leads);
      expect(row?.count).toBe(2);
    });

    it.each([
      ["an unknown lead status", { status: "LOST" }, "leads_status_check"],
      ["an unknown channel", { channel: "FAX" }, "leads_channel_check"],
      ["an unknown tier", { tier: "D" }, "leads_tier_check"],
      ["a tier override without a reason (SOP-2.6)", { tierOverride: "A" }, "leads_override_reason_check"],
      ["a disqualified lead without a reason", { status: "DISQUALIFIED" }, "leads_disqualified_reason_check"],
    ])("rejects %s with a CHECK constraint", async (_label, values, constraint) => {
      const { team, rep } = await insertTeamAndRep();
      await expectConstraintViolation(
        database.handle.db.insert(leads).values({ ...validLead(team.id, rep.id), ...(values as object) }),
        constraint,
      );
      const [row] = await database.handle.db.select({ count: countRows() }).from(leads);
      expect(row?.count).toBe(0);
    });

    it("requires a team for reps and managers but not for analysts", async () => {
      const base = { displayName: "X", passwordHash: "x" };
      await expectConstraintViolation(
        database.handle.db.insert(users).values({ ...base, email: "r@example.com", role: "REP" }),
        "users_team_required_check",
        );
      await database.handle.db.insert(users).values({ ...base, email: "a@example.com", role: "ANALYST" });
    });

    it("rejects a done follow-up without its outcome", async () => {
      const { team, rep } = await insertTeamAndRep();
      const [lead] = await database.handle.db.insert(leads).values(validLead(team.id, rep.id)).returning();
      const followUp = {
        leadId: lead!.id,
        teamId: team.id,
        ownerId: rep.id,
        tier: "B" as const,
        kind: "FIRST_CONTACT" as const,
        channel: "PHONE" as const,
        dueAt: new Date(),
      };
      await expectConstraintViolation(
        database.handle.db.insert(followUps).values({ ...followUp, status: "DONE", completedAt: new Date() }),
        "follow_ups_done_check",
        );
      await expectConstraintViolation(
        database.handle.db.insert(followUps).values({ ...followUp, signals: ["GOOD_VIBES" as never] }),
        "follow_ups_signals_check",
        );
    });

    it("bulk-inserts more rows than one statement's 65,535 bind parameters allow", async () => {
      const { team, rep } = await insertTeamAndRep();
      const [lead] = await database.handle.db.insert(leads).values(validLead(team.id, rep.id)).returning();
      const rows = Array.from({ length: 3_500 }, (_, i) => ({
        leadId: lead!.id,
        teamId: team.id,
        ownerId: rep.id,
        tier: "B" as const,
        kind: "CADENCE" as const,
        channel: "EMAIL" as const,
        dueAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      }));
      await insertInChunks(database.handle.db, followUps, rows);
      const [row] = await database.handle.db.select({ count: countRows() }).from(followUps);
      expect(row?.count).toBe(3_500);
    });

    it("bulk-loads rows as JSON with every column type the seed writes, exactly as Drizzle reads them back", async () => {
      const { team, rep } = await insertTeamAndRep();
      const db = database.handle.db;
      const lead = { ...validLead(team.id, rep.id), id: "1b7f0a9e-3c55-4d2a-9d7e-0c8e6a3f2b10", collectedOn: "2026-03-05", assessmentIncomplete: false };
      const at = new Date("2026-03-06T02:00:00.123Z");
      await insertJsonRows(db, leads, [{ ...lead, createdAt: at, updatedAt: at, firstContactAt: null, version: 3 }]);
      const assessment = {
        leadId: lead.id,
        assessedById: rep.id,
        needUrgency: "HIGH" as const,
        budget: "HIGH" as const,
        decisionAuthority: "LOW" as const,
        budgetAmount: 9_007_199_254_740_993n,
        budgetCurrency: "CNY",
        tier: "C" as const,
        reasons: [{ text: "决策权 LOW", rating: "LOW" as const, dimension: "decisionAuthority" as const }],
        incomplete: false,
        assessedAt: at,
      };
      await insertJsonRows(db, leadAssessments, [assessment]);
      const followUpRows = Array.from({ length: 7 }, (_, i) => ({
        leadId: lead.id,
        teamId: team.id,
        ownerId: rep.id,
        tier: "C" as const,
        kind: "CADENCE" as const,
        channel: "PHONE" as const,
        dueAt: new Date(at.getTime() + i),
        signals: i % 2 ? (["SPECIFIC_NEED", "BUSINESS_CHANGE"] as const).slice() : [],
        calendarCovered: i !== 3,
      }));
      await insertJsonRows(db, followUps, followUpRows, 3);
      await insertJsonRows(db, auditEvents, [
        { entityType: "LEAD", entityId: lead.id, leadId: lead.id, action: "LEAD_CAPTURED", before: null, after: { phone: "+8613800138000", dueAt: at }, at },
      ]);

      const [readLead] = await db.select().from(leads);
      expect(readLead).toMatchObject({ ...lead, createdAt: at, updatedAt: at, firstContactAt: null, version: 3, status: "NEW", tierOverrideDisputed: false });
      expect(readLead!.searchGrams).toContain("华为");
      const [readAssessment] = await db.select().from(leadAssessments);
      expect(readAssessment).toMatchObject(assessment);
      const readFollowUps = await db.select().from(followUps).orderBy(followUps.dueAt);
      expect(readFollowUps.map((f) => ({ dueAt: f.dueAt, signals: f.signals, calendarCovered: f.calendarCovered, status: f.status }))).toEqual(
        followUpRows.map((f) => ({ dueAt: f.dueAt, signals: f.signals, calendarCovered: f.calendarCovered, status: "OPEN" })),
      );
      const [event] = await db.select().from(auditEvents);
      expect(event).toMatchObject({ id: 1, after: { phone: "+8613800138000", dueAt: at.toISOString() }, before: null, at });
    });

    it("reads a row nested as JSON in another statement exactly as Drizzle reads it selected (issue 13), every column type included", async () => {
      const { team, rep } = await insertTeamAndRep();
      const db = database.handle.db;
      const at = new Date("2026-03-06T02:00:00.123Z");
      const [lead] = await db.insert(leads).values({ ...validLead(team.id, rep.id), collectedOn: "2026-03-05", createdAt: at }).returning();
      await db.insert(leadAssessments).values({
        leadId: lead!.id,
        assessedById: rep.id,
        needUrgency: "HIGH",
        budget: "HIGH",
        decisionAuthority: "LOW",
        // Past 2^53: a JSON number would lose its last digit.
        budgetAmount: 9_007_199_254_740_993n,
        budgetCurrency: "CNY",
        tier: "C",
        reasons: [{ text: "决策权 LOW", rating: "LOW", dimension: "decisionAuthority" }],
        incomplete: false,
        assessedAt: at,
      });
      await db.insert(followUps).values({ leadId: lead!.id, teamId: team.id, ownerId: rep.id, tier: "C", kind: "CADENCE", channel: "PHONE", dueAt: at, signals: ["SPECIFIC_NEED", "BUSINESS_CHANGE"] });
      for (const table of [users, leads, leadAssessments, followUps]) {
        const columns = getTableColumns(table);
        const [selected] = await db.select().from(table as typeof users);
        const [nested] = await rawRows<{ row: Record<string, unknown> }>(db, sql`select ${jsonObjectOf(columns)} as row from ${table}`);
        expect(rowFromJson(columns, nested!.row), table[Symbol.for("drizzle:Name") as never]).toStrictEqual(selected);
      }
    });

    it("refuses a JSON bulk load whose rows do not all give the same table columns, writing nothing", async () => {
      const db = database.handle.db;
      const at = new Date("2026-03-06T02:00:00.123Z");
      await expect(insertJsonRows(db, teams, [{ name: "A", createdAt: at }, { name: "B" }])).rejects.toThrow(/no value for createdAt/);
      await expect(insertJsonRows(db, teams, [{ name: "A", colour: "red" } as never])).rejects.toThrow(/not all columns/);
      const [row] = await db.select({ count: countRows() }).from(teams);
      expect(row?.count).toBe(0);
    });

    it("has the indexes behind a rep's open queue and a team's pipeline view", async () => {
      const rows = await rawRows<{ indexname: string; indexdef: string }>(
        database.handle.db,
        sql`select indexname, indexdef from pg_indexes where schemaname = 'public'`,
      );
      const byName = new Map(rows.map((r) => [r.indexname, r.indexdef]));
      expect(byName.get("follow_ups_owner_open_due_idx")).toMatch(/\(owner_id, due_at\) WHERE \(status = 'OPEN'::text\)/);
      expect(byName.get("leads_team_tier_status_idx")).toMatch(/\(team_id, tier, status\)/);
    });
  });
}
