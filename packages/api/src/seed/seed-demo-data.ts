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
  type Assessment,
  type BusinessCalendar,
  type BuyingSignal,
  type LeadStatus,
  type Rating,
  type Tier,
} from "@sales/domain";
import { inArray, sql } from "drizzle-orm";
import { leadAssessments } from "../assessments/assessment.table.ts";
import { auditEvents } from "../audit/audit-event.table.ts";
import type { Database, Executor } from "../db/database.ts";
import { insertJsonRows } from "../db/insert-json-rows.ts";
import { followUps } from "../follow-ups/follow-up.table.ts";
import { leads } from "../leads/lead.table.ts";
import { teams } from "../teams/team.table.ts";
import { hashPassword } from "../users/password.ts";
import { users } from "../users/user.table.ts";
import * as catalog from "./demo-catalog.ts";
import { demoCreditCode } from "./demo-credit-code.ts";
import { DemoLeadHistory, type AuditInsert, type Completion, type FollowUpInsert } from "./demo-lead-history.ts";
import { DEMO_PASSWORD, demoPeople, type DemoAccount, type DemoTeam } from "./demo-people.ts";
import { createRandom, stableUuid, type Random } from "./random.ts";
import { seedDemoPipeline } from "./seed-demo-pipeline.ts";

const SEED = 20261127;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type LeadInsert = typeof leads.$inferInsert;
type AssessmentInsert = typeof leadAssessments.$inferInsert;

export { DEMO_PASSWORD, type DemoAccount, type DemoTeam };

export interface SeedOptions {
  leadCount: number;
  /** The seed's clock: lead ages, deadlines and overdue work are placed relative to it. */
  now: Date;
  /** Leads written per transaction. */
  batchSize?: number;
  onProgress?: (done: number, total: number) => void;
  /** Opportunities opened so far, of those this run opens. */
  onPipelineProgress?: (done: number, total: number) => void;
}

export interface SeedSummary {
  accounts: DemoAccount[];
  leadsCreated: number;
  leadsAlreadyThere: number;
  opportunitiesOpened: number;
  /** Converted demo leads that already had their opportunity. */
  opportunitiesAlreadyThere: number;
}

/**
 * Fills demo data: two teams, a user in every role, and `leadCount` leads across every channel,
 * tier and status with their assessments, follow-ups (overdue ones included) and audit events.
 * Each lead's life is replayed in time order (DemoLeadHistory): captured and planned as tier B,
 * assessed and re-planned, contacted, so its first-contact deadline, contact times and history
 * are what the services would have recorded. Every row's id is derived from its position, so
 * re-running skips what exists and a larger count adds only the missing leads. Then every
 * converted lead without an opportunity gets one (seedDemoPipeline).
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
  const pipeline = await seedDemoPipeline(db, {
    teams: demoTeams,
    now: options.now,
    leadCount: options.leadCount,
    leadId,
    onProgress: options.onPipelineProgress,
  });
  // Fresh planner statistics after a bulk load, or the first queries scan whole tables.
  await db.execute(sql`analyze`);
  return {
    accounts,
    leadsCreated,
    leadsAlreadyThere: options.leadCount - leadsCreated,
    opportunitiesOpened: pipeline.opened,
    opportunitiesAlreadyThere: pipeline.alreadyThere,
  };
}

async function seedTeamsAndUsers(db: Database): Promise<{ teams: DemoTeam[]; accounts: DemoAccount[] }> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const { teams: demoTeams, users: userRows, accounts } = demoPeople();
  await db.transaction(async (tx) => {
    await tx.insert(teams).values(demoTeams.map(({ id, name }) => ({ id, name }))).onConflictDoNothing();
    await tx.insert(users).values(userRows.map((user) => ({ ...user, passwordHash }))).onConflictDoNothing();
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

/** Every lead brings about six audit events and two follow-ups: the fast bulk path pays off. */
async function writeBatch(tx: Executor, batch: Batch): Promise<void> {
  await insertJsonRows(tx, leads, batch.leads);
  await insertJsonRows(tx, leadAssessments, batch.assessments);
  await insertJsonRows(tx, followUps, batch.followUps);
  await insertJsonRows(tx, auditEvents, batch.audit);
}

/** Every this many leads, one is a featured company (catalog.FEATURED_COMPANIES). */
const FEATURED_EVERY = 500;
const FEATURED_OFFSET = 7;

/** Something that happened to a lead; applied in time order (ties keep the order they were added). */
interface Step {
  at: Date;
  apply: () => void;
}

/** One lead and its history; each lead has its own random stream, so batches do not matter. */
function addDemoLead(
  batch: Batch,
  index: number,
  demoTeams: DemoTeam[],
  now: Date,
  calendar: BusinessCalendar,
): void {
  const random = createRandom(SEED + index * 7_919);
  const team = demoTeams[index % demoTeams.length]!;
  const ownerId = team.repIds[Math.floor(index / demoTeams.length) % team.repIds.length]!;
  const id = leadId(index);
  const channel = LEAD_CHANNELS[index % LEAD_CHANNELS.length]!;
  const featured =
    index % FEATURED_EVERY === FEATURED_OFFSET
      ? catalog.FEATURED_COMPANIES[Math.floor(index / FEATURED_EVERY) % catalog.FEATURED_COMPANIES.length]!
      : null;
  const profile = random.chance(0.7) || featured ? chineseProfile(random, index, featured) : englishProfile(random, index);
  const createdAt = leadCreatedAt(random, now);
  const status = leadStatus(random, now, createdAt, index);
  const assessment = status === "NEW" ? null : randomAssessment(random, index);
  const computed = assessment ? computeTier(assessment, DEFAULT_PLAYBOOK) : null;
  const computedTier: Tier = computed?.tier ?? "B";
  const overridable = computed && (status === "WORKING" || status === "CONVERTED");
  const override = overridable && random.chance(0.03) ? { tier: otherTier(random, computedTier), reason: "战略客户 / strategic account" } : null;
  const tier = override?.tier ?? computedTier;

  const history = new DemoLeadHistory({ index, id, teamId: team.id, ownerId, createdAt }, batch, calendar);
  history.capture({ companyName: profile.companyName, contactName: profile.contactName, channel, status: "NEW", tier: "B" });
  const steps: Step[] = [];
  // Tier changes happen after these instants (the capture's time when there are none).
  let tierSettledAt = createdAt;
  let firstAssessedAt: Date | null = null;

  if (assessment && computed) {
    const assessmentId = stableUuid(`assessment:${index}`);
    const assessedAt = minDate(new Date(createdAt.getTime() + random.int(1, 20) * HOUR), now);
    tierSettledAt = assessedAt;
    firstAssessedAt = assessedAt;
    batch.assessments.push({
      id: assessmentId,
      leadId: id,
      assessedById: ownerId,
      ...assessment,
      budgetAmount: assessment.budget === "UNKNOWN" ? null : BigInt(random.int(5, 500) * 1_000_000),
      budgetCurrency: assessment.budget === "UNKNOWN" ? null : "CNY",
      tier: computed.tier,
      reasons: computed.reasons,
      incomplete: computed.incomplete,
      assessedAt,
    });
    steps.push({
      at: assessedAt,
      apply: () =>
        history.changeTier(
          assessedAt,
          computed.tier,
          {
            entityType: "ASSESSMENT",
            entityId: assessmentId,
            action: "LEAD_ASSESSED",
            actorId: ownerId,
            before: { tier: "B", status: "NEW" },
            after: { tier: computed.tier, ...assessment, status: "WORKING" },
          },
          { assessed: true },
        ),
    });
    if (override) {
      // SOP-2.6 a manager overrides the computed tier, with a reason.
      const overriddenAt = minDate(new Date(assessedAt.getTime() + random.int(1, 48) * HOUR), now);
      tierSettledAt = overriddenAt;
      steps.push({
        at: overriddenAt,
        apply: () =>
          history.changeTier(
            overriddenAt,
            override.tier,
            {
              entityType: "LEAD",
              entityId: id,
              action: "TIER_OVERRIDDEN",
              actorId: team.managerId,
              before: { tier: computedTier, tierOverride: null },
              after: { tier: override.tier, tierOverride: override.tier, tierOverrideReason: override.reason },
            },
            { assessed: false },
          ),
      });
    }
  }

  addContacts(steps, history, { status, tier, createdAt, tierSettledAt, now, random });
  steps.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const step of steps) step.apply();

  batch.leads.push({
    id,
    teamId: team.id,
    ownerId,
    channel,
    sourceDetail: random.pick(catalog.SOURCE_DETAILS[channel]!),
    referredBy: channel.endsWith("_REFERRAL") ? random.pick(["华信集成 王总", "Harbor Foods (Ms. Lee)"]) : null,
    ...profile,
    ...duplicateKeys({ email: profile.email, phone: profile.phone, companyName: profile.companyName, creditCode: profile.creditCode }),
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
    firstAssessedAt,
    createdAt,
    ...history.leadColumns(),
  });
}

/**
 * The contacts with the customer, chosen so the demo shows every case of SOP-3: first
 * contacts kept and missed, calls nobody answered, overdue and upcoming cadence work, booked
 * meetings, raised interest awaiting a re-assessment, conversions and disqualifications.
 */
function addContacts(
  steps: Step[],
  history: DemoLeadHistory,
  lead: { status: LeadStatus; tier: Tier; createdAt: Date; tierSettledAt: Date; now: Date; random: Random },
): void {
  const { random, now, createdAt } = lead;
  const complete = (at: Date, completion: Completion) => steps.push({ at, apply: () => history.complete(at, completion) });
  const changeStatus = (at: Date, action: string, after: Record<string, unknown>) =>
    steps.push({ at, apply: () => history.changeStatus(at, action, { status: "WORKING" }, after) });

  if (lead.status === "NEW") {
    // Never reached: older NEW leads are the overdue first contacts a manager chases. Some had
    // a call nobody answered, which plans a retry and does not count as first contact (SOP-3.6).
    const age = now.getTime() - createdAt.getTime();
    if (age > 2 * HOUR && random.chance(0.3)) {
      complete(new Date(createdAt.getTime() + age * (0.1 + 0.5 * random.next())), { outcome: "NO_ANSWER", interest: "SAME" });
    }
    return;
  }

  // Most first contacts happen inside the deadline of the lead's final tier; some are late.
  const deadline = history.firstContactPlan(lead.tier).slaDueAt;
  const window = deadline.getTime() - createdAt.getTime();
  const contactedAt = random.chance(0.8)
    ? new Date(createdAt.getTime() + window * random.next() * 0.9)
    : new Date(deadline.getTime() + random.int(1, 48) * HOUR);
  const firstDoneAt = minDate(contactedAt, new Date(now.getTime() - HOUR));
  const afterTierSettled = maxDate(firstDoneAt, lead.tierSettledAt);

  if (lead.status === "DISQUALIFIED") {
    complete(firstDoneAt, { outcome: "NOT_INTERESTED", interest: "LOWERED" });
    changeStatus(afterTierSettled, "LEAD_DISQUALIFIED", { status: "DISQUALIFIED" });
    return;
  }
  if (lead.status === "CONVERTED") {
    // SOP-4.3 a price question and a specific need: the rep opens an opportunity.
    const at = new Date(afterTierSettled.getTime() + (now.getTime() - afterTierSettled.getTime()) * random.next());
    complete(firstDoneAt, { outcome: "CONNECTED", interest: "SAME" });
    complete(at, { outcome: "CONNECTED", interest: "SAME", signals: ["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"], opensOpportunity: true });
    changeStatus(at, "LEAD_CONVERTED", { status: "CONVERTED" });
    return;
  }

  // WORKING: the latest contact was recent for most leads; for some it was the first contact
  // long ago, so the next follow-up is overdue.
  const lastContactAt = random.chance(0.85)
    ? new Date(Math.max(firstDoneAt.getTime(), now.getTime() - random.int(1, 72) * HOUR))
    : firstDoneAt;
  const meeting = lead.tier === "A" && random.chance(0.2);
  const signals: BuyingSignal[] = random.chance(0.25) ? [random.pick(BUYING_SIGNALS)] : [];
  // SOP-3.4 raised interest after the latest (re-)tiering leaves the lead waiting for a re-assessment.
  const raised = lastContactAt.getTime() > lead.tierSettledAt.getTime() && random.chance(0.1);
  const latest: Completion = {
    outcome: meeting ? "MEETING_BOOKED" : "CONNECTED",
    interest: raised ? "RAISED" : "SAME",
    signals: raised ? [...new Set<BuyingSignal>([...signals, "STRONG_INTEREST"])] : signals,
    meetingAt: meeting ? new Date(now.getTime() + random.int(1, 10) * DAY) : null,
  };
  if (lastContactAt.getTime() > firstDoneAt.getTime()) {
    complete(firstDoneAt, { outcome: "CONNECTED", interest: "SAME" });
    complete(lastContactAt, latest);
  } else {
    complete(firstDoneAt, latest);
  }
}

function chineseProfile(random: Random, index: number, featured: (typeof catalog.FEATURED_COMPANIES)[number] | null) {
  const place = featured ? catalog.CHINESE_CITIES.find((city) => city.city === featured.city)! : random.pick(catalog.CHINESE_CITIES);
  const name = `${random.pick(catalog.CHINESE_SURNAMES)}${random.pick(catalog.CHINESE_GIVEN_NAMES)}`;
  const companyName =
    featured?.companyName ??
    `${place.city}${random.pick(catalog.CHINESE_BRANDS)}${random.pick(catalog.CHINESE_INDUSTRIES)}${random.pick(catalog.CHINESE_SUFFIXES)}`;
  return {
    companyName,
    contactName: name,
    contactTitle: random.pick(catalog.CHINESE_TITLES),
    phone: demoMobile(index),
    email: `contact${index}@demo-${index % 997}.cn`,
    wechatId: random.chance(0.6) ? `wx_demo_${index}` : null,
    province: place.province,
    city: place.city,
    // About a third of Chinese companies give their credit code (always the featured ones).
    creditCode: featured || random.chance(1 / 3) ? demoCreditCode(index, place.division) : null,
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
    creditCode: null,
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
const maxDate = (a: Date, b: Date) => (a.getTime() >= b.getTime() ? a : b);
