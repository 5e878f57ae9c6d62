import {
  BUYING_SIGNALS,
  COMPANY_SIZES,
  DEFAULT_PLAYBOOK,
  LEAD_CHANNELS,
  TIERS,
  chinaMainlandCalendar,
  computeTier,
  localDate,
  duplicateKeys,
  planAfterCompletion,
  planFirstContact,
  type Assessment,
  type BuyingSignal,
  type LeadStatus,
  type PlannedFollowUp,
  type Rating,
  type Tier,
  type UserRole,
} from "@sales/domain";
import { inArray, sql } from "drizzle-orm";
import { leadAssessments } from "../assessments/assessment.table.ts";
import { auditEvents } from "../audit/audit-event.table.ts";
import type { Database, Executor } from "../db/database.ts";
import { insertInChunks } from "../db/insert-in-chunks.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { leads } from "../leads/lead.table.ts";
import { teams } from "../teams/team.table.ts";
import { hashPassword } from "../users/password.ts";
import { users } from "../users/user.table.ts";
import * as catalog from "./demo-catalog.ts";
import { createRandom, stableUuid, type Random } from "./random.ts";

/** Every demo account signs in with this password (printed by the seed command). */
export const DEMO_PASSWORD = "demo-2026";
const SEED = 20261127;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type LeadInsert = typeof leads.$inferInsert;
type AssessmentInsert = typeof leadAssessments.$inferInsert;
type FollowUpInsert = typeof followUps.$inferInsert;
type AuditInsert = typeof auditEvents.$inferInsert;

export interface DemoAccount {
  email: string;
  role: UserRole;
  team: string | null;
}

interface DemoTeam {
  id: string;
  name: string;
  managerId: string;
  repIds: string[];
}

const TEAM_DEFINITIONS = [
  { key: "east", name: "华东大区 East China" },
  { key: "south", name: "华南大区 South China" },
] as const;
const REPS_PER_TEAM = 3;

export interface SeedOptions {
  leadCount: number;
  /** The seed's clock: lead ages, deadlines and overdue work are placed relative to it. */
  now: Date;
  /** Leads written per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  accounts: DemoAccount[];
  leadsCreated: number;
  leadsAlreadyThere: number;
}

/**
 * Fills demo data: two teams, a user in every role, and `leadCount` leads across every channel,
 * tier and status with their assessments, follow-ups (overdue ones included) and audit events.
 * Every row's id is derived from its position, so re-running skips what exists and a larger
 * count adds only the missing leads.
 */
export async function seedDemoData(db: Database, options: SeedOptions): Promise<SeedSummary> {
  const { teams: demoTeams, accounts } = await seedTeamsAndUsers(db);
  const batchSize = options.batchSize ?? 1_000;
  const calendar = chinaMainlandCalendar();
  let leadsCreated = 0;
  for (let start = 0; start < options.leadCount; start += batchSize) {
    const end = Math.min(options.leadCount, start + batchSize);
    const ids = Array.from({ length: end - start }, (_, offset) => leadId(start + offset));
    leadsCreated += await db.transaction(async (tx) => {
      const existing = new Set((await tx.select({ id: leads.id }).from(leads).where(inArray(leads.id, ids))).map((r) => r.id));
      const batch = emptyBatch();
      for (let index = start; index < end; index++) {
        if (!existing.has(leadId(index))) addDemoLead(batch, index, demoTeams, options.now, calendar);
      }
      await writeBatch(tx, batch);
      return batch.leads.length;
    });
    options.onProgress?.(end, options.leadCount);
  }
  // Fresh planner statistics after a bulk load, or the first queries scan whole tables.
  await db.execute(sql`analyze`);
  return { accounts, leadsCreated, leadsAlreadyThere: options.leadCount - leadsCreated };
}

async function seedTeamsAndUsers(db: Database): Promise<{ teams: DemoTeam[]; accounts: DemoAccount[] }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const accounts: DemoAccount[] = [];
  const userRows: (typeof users.$inferInsert)[] = [];
  const addUser = (key: string, displayName: string, role: UserRole, team: { id: string; name: string } | null) => {
    const email = `${key}@demo.example.com`;
    userRows.push({ id: stableUuid(`user:${key}`), email, displayName, role, teamId: team?.id ?? null, passwordHash });
    accounts.push({ email, role, team: team?.name ?? null });
    return stableUuid(`user:${key}`);
  };

  const demoTeams = TEAM_DEFINITIONS.map(({ key, name }) => {
    const team = { id: stableUuid(`team:${key}`), name };
    const managerId = addUser(`manager.${key}`, `${key === "east" ? "陈" : "林"}经理 (${key} manager)`, "MANAGER", team);
    const repIds = Array.from({ length: REPS_PER_TEAM }, (_, i) =>
      addUser(`rep${i + 1}.${key}`, `${catalog.CHINESE_SURNAMES[i + (key === "east" ? 0 : 5)]}销售 (${key} rep ${i + 1})`, "REP", team),
    );
    return { ...team, managerId, repIds };
  });
  addUser("analyst", "数据分析师 Analyst", "ANALYST", null);
  addUser("admin", "系统管理员 Admin", "ADMIN", null);

  await db.transaction(async (tx) => {
    await tx.insert(teams).values(demoTeams.map(({ id, name }) => ({ id, name }))).onConflictDoNothing();
    await tx.insert(users).values(userRows).onConflictDoNothing();
  });
  return { teams: demoTeams, accounts };
}

const leadId = (index: number) => stableUuid(`lead:${index}`);

interface Batch {
  leads: LeadInsert[];
  assessments: AssessmentInsert[];
  followUps: FollowUpInsert[];
  audit: AuditInsert[];
}

const emptyBatch = (): Batch => ({ leads: [], assessments: [], followUps: [], audit: [] });

async function writeBatch(tx: Executor, batch: Batch): Promise<void> {
  await insertInChunks(tx, leads, batch.leads);
  await insertInChunks(tx, leadAssessments, batch.assessments);
  await insertInChunks(tx, followUps, batch.followUps);
  await insertInChunks(tx, auditEvents, batch.audit);
}

/** One lead and its history; each lead has its own random stream, so batches do not matter. */
function addDemoLead(
  batch: Batch,
  index: number,
  demoTeams: DemoTeam[],
  now: Date,
  calendar: ReturnType<typeof chinaMainlandCalendar>,
): void {
  const random = createRandom(SEED + index * 7_919);
  const team = demoTeams[index % demoTeams.length]!;
  const ownerId = team.repIds[Math.floor(index / demoTeams.length) % team.repIds.length]!;
  const id = leadId(index);
  const channel = LEAD_CHANNELS[index % LEAD_CHANNELS.length]!;
  const profile = random.chance(0.7) ? chineseProfile(random, index) : englishProfile(random, index);
  const createdAt = leadCreatedAt(random, now);
  const status = leadStatus(random, now, createdAt, index);
  const assessment = status === "NEW" ? null : randomAssessment(random, index);
  const computed = assessment ? computeTier(assessment, DEFAULT_PLAYBOOK) : null;
  const computedTier: Tier = computed?.tier ?? "B";
  const override = computed && random.chance(0.03) ? { tier: otherTier(random, computedTier), reason: "战略客户 / strategic account" } : null;
  const tier = override?.tier ?? computedTier;

  batch.leads.push({
    id,
    teamId: team.id,
    ownerId,
    channel,
    sourceDetail: random.pick(catalog.SOURCE_DETAILS[channel]!),
    referredBy: channel.endsWith("_REFERRAL") ? random.pick(["华信集成 王总", "Harbor Foods (Ms. Lee)"]) : null,
    ...profile,
    ...duplicateKeys({ email: profile.email, phone: profile.phone, companyName: profile.companyName, creditCode: null }),
    companySize: random.pick(COMPANY_SIZES),
    businessScope: random.pick(catalog.BUSINESS_SCOPES),
    currentProduct: random.pick(catalog.CURRENT_PRODUCTS),
    collectedOn: channel === "TRADE_SHOW" ? localDate(calendar, new Date(createdAt.getTime() - random.int(0, 3) * DAY)) : null,
    status,
    disqualifiedReason: status === "DISQUALIFIED" ? random.pick(catalog.DISQUALIFY_REASONS) : null,
    tier,
    computedTier,
    tierOverride: override?.tier ?? null,
    tierOverrideReason: override?.reason ?? null,
    assessmentIncomplete: computed?.incomplete ?? true,
    createdAt,
    updatedAt: createdAt,
  });
  batch.audit.push({
    teamId: team.id,
    actorId: ownerId,
    entityType: "lead",
    entityId: id,
    action: "lead.captured",
    after: { companyName: profile.companyName, channel, status: "NEW" },
    at: createdAt,
  });

  if (assessment && computed) {
    const assessedAt = new Date(createdAt.getTime() + random.int(1, 20) * HOUR);
    batch.assessments.push({
      id: stableUuid(`assessment:${index}`),
      leadId: id,
      assessedById: ownerId,
      ...assessment,
      budgetAmount: assessment.budget === "UNKNOWN" ? null : BigInt(random.int(5, 500) * 1_000_000),
      budgetCurrency: assessment.budget === "UNKNOWN" ? null : "CNY",
      tier: computed.tier,
      reasons: computed.reasons,
      incomplete: computed.incomplete,
      assessedAt: minDate(assessedAt, now),
    });
    batch.audit.push({
      teamId: team.id,
      actorId: ownerId,
      entityType: "lead",
      entityId: id,
      action: "lead.assessed",
      after: { tier: computed.tier, ...assessment },
      at: minDate(assessedAt, now),
    });
  }

  addFollowUps(batch, { index, leadId: id, teamId: team.id, ownerId, tier, status, createdAt, now, random, calendar });
}

function addFollowUps(
  batch: Batch,
  lead: {
    index: number;
    leadId: string;
    teamId: string;
    ownerId: string;
    tier: Tier;
    status: LeadStatus;
    createdAt: Date;
    now: Date;
    random: Random;
    calendar: ReturnType<typeof chinaMainlandCalendar>;
  },
): void {
  const { random, now, calendar } = lead;
  let sequence = 0;
  const push = (planned: PlannedFollowUp & { slaDueAt?: Date }, done: { at: Date; outcome: FollowUpInsert["outcome"]; signals?: BuyingSignal[] } | null, status?: "CANCELLED") =>
    batch.followUps.push({
      id: stableUuid(`follow-up:${lead.index}:${sequence++}`),
      leadId: lead.leadId,
      teamId: lead.teamId,
      ownerId: lead.ownerId,
      kind: planned.kind,
      channel: planned.channel,
      dueAt: planned.dueAt,
      slaDueAt: planned.slaDueAt ?? null,
      calendarCovered: planned.calendarCovered,
      status: status ?? (done ? "DONE" : "OPEN"),
      completedAt: done?.at ?? null,
      completedById: done ? lead.ownerId : null,
      outcome: done?.outcome ?? null,
      channelUsed: done ? planned.channel : null,
      interest: done ? "SAME" : null,
      signals: done?.signals ?? [],
      createdAt: lead.createdAt,
      updatedAt: done?.at ?? lead.createdAt,
    });

  const first = planFirstContact({ capturedAt: lead.createdAt, tier: lead.tier }, DEFAULT_PLAYBOOK, calendar);
  if (lead.status === "NEW") {
    // Never contacted: older NEW leads are the overdue first contacts a manager chases.
    push(first, null);
    return;
  }

  // Most first contacts happen inside the SLA; some are late.
  const window = first.slaDueAt.getTime() - lead.createdAt.getTime();
  const contactedAt = random.chance(0.8)
    ? new Date(lead.createdAt.getTime() + window * random.next() * 0.9)
    : new Date(first.slaDueAt.getTime() + random.int(1, 48) * HOUR);
  const firstDoneAt = minDate(contactedAt, new Date(now.getTime() - HOUR));
  const outcome = lead.status === "DISQUALIFIED" ? "NOT_INTERESTED" : "CONNECTED";
  push(first, { at: firstDoneAt, outcome });

  if (lead.status === "DISQUALIFIED") return;
  if (lead.status === "CONVERTED") {
    const at = new Date(firstDoneAt.getTime() + (now.getTime() - firstDoneAt.getTime()) * random.next());
    push({ kind: "CADENCE", channel: "PHONE", dueAt: at, calendarCovered: true }, { at, outcome: "CONNECTED", signals: ["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"] });
    return;
  }

  // WORKING: the latest contact was recent for most leads; for some it was long ago, so the
  // next follow-up is overdue.
  const lastContactAt = random.chance(0.85)
    ? new Date(Math.max(firstDoneAt.getTime(), now.getTime() - random.int(1, 72) * HOUR))
    : firstDoneAt;
  const meeting = lead.tier === "A" && random.chance(0.2);
  const signals: BuyingSignal[] = random.chance(0.25) ? [random.pick(BUYING_SIGNALS)] : [];
  if (lastContactAt.getTime() > firstDoneAt.getTime()) {
    const kind = lead.tier === "C" ? "NURTURE" : "CADENCE";
    push({ kind, channel: DEFAULT_PLAYBOOK.followUp[lead.tier].cadence.channel, dueAt: lastContactAt, calendarCovered: true }, {
      at: lastContactAt,
      outcome: meeting ? "MEETING_BOOKED" : "CONNECTED",
      signals,
    });
  }
  const next = planAfterCompletion(
    {
      tier: lead.tier,
      completedAt: lastContactAt,
      kind: "CADENCE",
      outcome: meeting ? "MEETING_BOOKED" : "CONNECTED",
      interest: "SAME",
      meetingAt: meeting ? new Date(now.getTime() + random.int(1, 10) * DAY) : null,
    },
    DEFAULT_PLAYBOOK,
    calendar,
  );
  if (!next.ok) throw new Error(`Demo follow-up plan failed: ${next.error.message}`);
  if (next.value.next) push(next.value.next, null);
}

function chineseProfile(random: Random, index: number) {
  const place = random.pick(catalog.CHINESE_CITIES);
  const name = `${random.pick(catalog.CHINESE_SURNAMES)}${random.pick(catalog.CHINESE_GIVEN_NAMES)}`;
  return {
    companyName: `${place.city}${random.pick(catalog.CHINESE_BRANDS)}${random.pick(catalog.CHINESE_INDUSTRIES)}${random.pick(catalog.CHINESE_SUFFIXES)}`,
    contactName: name,
    contactTitle: random.pick(catalog.CHINESE_TITLES),
    phone: demoMobile(index),
    email: `contact${index}@demo-${index % 997}.cn`,
    wechatId: random.chance(0.6) ? `wx_demo_${index}` : null,
    province: place.province,
    city: place.city,
  };
}

function englishProfile(random: Random, index: number) {
  const first = random.pick(catalog.ENGLISH_FIRST_NAMES);
  const last = random.pick(catalog.ENGLISH_LAST_NAMES);
  return {
    companyName: `${random.pick(catalog.ENGLISH_BRANDS)} ${random.pick(catalog.ENGLISH_INDUSTRIES)} ${random.pick(catalog.ENGLISH_SUFFIXES)}`,
    contactName: `${first} ${last}`,
    contactTitle: random.pick(catalog.ENGLISH_TITLES),
    phone: random.chance(0.5) ? demoMobile(index) : null,
    email: `${first.toLowerCase()}.${index}@demo-${index % 997}.com`,
    wechatId: null,
    province: "上海",
    city: "上海",
  };
}

/** A valid-looking mainland mobile number in E.164, distinct per lead up to 10^8 leads. */
function demoMobile(index: number): string {
  const prefixes = ["138", "139", "150", "186", "177", "199"];
  return `+86${prefixes[index % prefixes.length]}${String((index * 7_919) % 100_000_000).padStart(8, "0")}`;
}

/** One in ten leads arrived in the last day; the rest over the past 90 days. */
function leadCreatedAt(random: Random, now: Date): Date {
  const age = random.chance(0.1) ? random.int(1, 20) * HOUR : random.int(1, 90) * DAY + random.int(0, 23) * HOUR;
  return new Date(now.getTime() - age);
}

function leadStatus(random: Random, now: Date, createdAt: Date, index: number): LeadStatus {
  if (now.getTime() - createdAt.getTime() < DAY) return "NEW";
  // The first leads cover every status, so even a tiny seed shows each one.
  const statuses: LeadStatus[] = ["WORKING", "NEW", "CONVERTED", "DISQUALIFIED"];
  if (index < statuses.length * 2) return statuses[index % statuses.length]!;
  const roll = random.next();
  if (roll < 0.15) return "NEW";
  if (roll < 0.75) return "WORKING";
  if (roll < 0.85) return "CONVERTED";
  return "DISQUALIFIED";
}

/** Ratings weighted so every tier is common; the first leads cover A, B and C outright. */
function randomAssessment(random: Random, index: number): Assessment {
  const fixed: Assessment[] = [
    { needUrgency: "HIGH", budget: "HIGH", decisionAuthority: "HIGH" },
    { needUrgency: "MEDIUM", budget: "HIGH", decisionAuthority: "UNKNOWN" },
    { needUrgency: "LOW", budget: "MEDIUM", decisionAuthority: "HIGH" },
  ];
  if (index < fixed.length * 4) return fixed[index % fixed.length]!;
  const rating = (): Rating => {
    const roll = random.next();
    return roll < 0.45 ? "HIGH" : roll < 0.8 ? "MEDIUM" : roll < 0.93 ? "LOW" : "UNKNOWN";
  };
  return { needUrgency: rating(), budget: rating(), decisionAuthority: rating() };
}

function otherTier(random: Random, tier: Tier): Tier {
  return random.pick(TIERS.filter((t) => t !== tier));
}

const minDate = (a: Date, b: Date) => (a.getTime() <= b.getTime() ? a : b);
