// The rows of the large data set (issue 9, `pnpm db:generate-large`), generated batch by batch
// as PostgreSQL binary COPY streams. Pure: no I/O and no clock (the caller passes `now`); the
// same options always give the same rows. Every lead's story is decided in time order by the
// SOP's rules, with the domain's functions doing the rule work (tiers, deadlines, re-planning,
// duplicate keys, proposal prices), their results cached where millions of calls would cost
// minutes: a tier per combination of ratings, a business-day deadline per local day, a company
// key per company name, a proposal per project, size and half-year.
import {
  BUYING_SIGNALS,
  DEFAULT_PLAYBOOK,
  chinaMainlandCalendar,
  computeTier,
  createBusinessCalendar,
  normalizeCompanyName,
  normalizeEmail,
  replanForTierChange,
  validateCreditCode,
  type Assessment,
  type ContactChannel,
  type FollowUpKind,
  type FollowUpOutcome,
  type Interval,
  type LeadChannel,
  type LeadStatus,
  type Rating,
  type Tier,
} from "@sales/domain";
import { BinaryCopyWriter } from "./copy-binary.ts";
import * as catalog from "./demo-catalog.ts";
import { demoCreditCode } from "./demo-credit-code.ts";
import { DEMO_PROJECTS } from "./demo-pipeline-catalog.ts";
import { LARGE_TABLES, columnCount, type LargeTable } from "./large-dataset-columns.ts";
import type { LargeTeam } from "./large-dataset-people.ts";
import { LOSS_NOTES, OPPORTUNITY_SIGNALS, PipelineWriter } from "./large-dataset-pipeline.ts";
import { DAY, HOUR, MINUTE, TeamClock, type Deadline } from "./large-dataset-time.ts";
import { createRandom, type Random } from "./random.ts";

export { LARGE_DATASET_COLUMNS, LARGE_TABLES, type LargeTable } from "./large-dataset-columns.ts";
export { LARGE_DATASET_REQUEST_ID } from "./large-dataset-pipeline.ts";

/** One batch of leads and everything that hangs off them, as COPY text per table. */
export interface LargeBatch {
  /** Leads generated so far, this batch included. */
  leadsDone: number;
  rows: Record<LargeTable, number>;
  /** One binary COPY stream per table (empty when the batch has no rows for it). */
  chunks: Record<LargeTable, Buffer[]>;
}

export interface LargeDatasetOptions {
  leadCount: number;
  /** The data's clock: leads are captured over the two years before it, and nothing happens after it. */
  now: Date;
  teams: readonly LargeTeam[];
  seed?: number;
}

export const LARGE_DATASET_SEED = 20261130;
/** Leads are captured over the last 730 days, more of them recently (the density grows as e^(t/400 days)). */
const SPAN_DAYS = 730;
const GROWTH_DAYS = 400;
const PLAYBOOK = DEFAULT_PLAYBOOK;

// SOP-1.1 how often each channel brings a lead.
const CHANNEL_WEIGHTS: readonly (readonly [LeadChannel, number])[] = [
  ["SEARCH_ENGINE", 17],
  ["INDUSTRY_WEBSITE", 15],
  ["SOCIAL_MEDIA", 13],
  ["TRADE_SHOW", 14],
  ["INDUSTRY_FORUM", 7],
  ["SEMINAR", 8],
  ["CHAMBER_EVENT", 6],
  ["PARTNER_REFERRAL", 11],
  ["CUSTOMER_REFERRAL", 9],
];
const COMPANY_SIZE_WEIGHTS: readonly (readonly [string, number])[] = [
  ["MICRO", 12],
  ["SMALL", 30],
  ["MEDIUM", 32],
  ["LARGE", 18],
  ["ENTERPRISE", 8],
];
/** Two characters of a Chinese trade name ("恒信", "华鼎"…): 900 names rather than the demo seed's 15. */
const BRAND_CHARACTERS = [..."恒信华鼎中科瑞丰天成金桥博远新创宏达鑫源启明远航智联东方长城安泰嘉"];
const ENGLISH_SECOND_WORDS = ["Bay", "Peak", "Star", "Line", "Gate", "Field", "Point", "Ridge", "Stone", "Wave"];
const REFERRERS = ["华信集成 王总", "Harbor Foods (Ms. Lee)", "老客户 宏达电子 张总"];
const TIER_OVERRIDE_REASONS = ["战略客户 / strategic account", "集团重点客户 / key group account", "预算已电话确认 / budget confirmed by phone", "决策链复杂 / complex decision chain"];
const DISQUALIFY_REACHED = catalog.DISQUALIFY_REASONS.filter((reason) => !reason.includes("unreachable"));
const DISQUALIFY_UNREACHABLE = catalog.DISQUALIFY_REASONS.find((reason) => reason.includes("unreachable")) ?? "联系不上 / unreachable";
const TIERS_ORDERED: readonly Tier[] = ["A", "B", "C"];
const NO_SIGNALS: readonly string[] = [];
const LEAD_COLUMNS = columnCount("leads");
const ASSESSMENT_COLUMNS = columnCount("lead_assessments");
const FOLLOW_UP_COLUMNS = columnCount("follow_ups");

interface FollowUp {
  id: number;
  kind: FollowUpKind;
  channel: ContactChannel;
  status: "OPEN" | "DONE" | "CANCELLED";
  /** The lead's tier while it is open; once closed, the tier of the time. */
  tier: Tier;
  dueAt: number;
  slaDueAt: number | null;
  covered: boolean;
  completedAt: number | null;
  outcome: FollowUpOutcome | null;
  interest: string | null;
  signals: readonly string[];
  previousId: number | null;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** What computeTier says about one combination of ratings, kept as the text COPY needs. */
interface TierCase {
  assessment: Assessment;
  tier: Tier;
  incomplete: boolean;
  reasonsJson: string;
}

/**
 * One lead's follow-ups and the contact columns the services keep on it, changed as its story
 * is told in time order (the same bookkeeping as completeFollowUp and the re-planning do).
 */
class LeadLife {
  readonly followUps: FollowUp[] = [];
  tier: Tier;
  firstContactAt: number | null = null;
  lastContactAt: number | null = null;
  needsReassessment = false;
  version = 1;
  updatedAt: number;

  constructor(
    private readonly nextId: () => number,
    private readonly clock: TeamClock,
    readonly createdAt: number,
    tier: Tier,
    /** SOP-3.6 the first-contact deadline in force. */
    readonly firstContactDueAt: number,
  ) {
    this.tier = tier;
    this.updatedAt = createdAt;
  }

  touch(at: number): void {
    this.version++;
    if (at > this.updatedAt) this.updatedAt = at;
  }

  plan(kind: FollowUpKind, channel: ContactChannel, due: Deadline, slaDueAt: number | null, at: number, previousId: number | null): FollowUp {
    const followUp: FollowUp = {
      id: this.nextId(),
      kind,
      channel,
      status: "OPEN",
      tier: this.tier,
      dueAt: due.at,
      slaDueAt,
      covered: due.covered,
      completedAt: null,
      outcome: null,
      interest: null,
      signals: NO_SIGNALS,
      previousId,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    this.followUps.push(followUp);
    return followUp;
  }

  /** SOP-3.5 any outcome but NO_ANSWER reaches the customer; raised interest asks for a re-assessment (SOP-3.4). */
  complete(followUp: FollowUp, at: number, outcome: FollowUpOutcome, interest: string, signals: readonly string[] = NO_SIGNALS): void {
    followUp.status = "DONE";
    followUp.completedAt = at;
    followUp.outcome = outcome;
    followUp.interest = interest;
    followUp.signals = signals;
    followUp.version++;
    followUp.updatedAt = at;
    if (outcome !== "NO_ANSWER") {
      this.lastContactAt = at;
      this.firstContactAt ??= at;
    }
    if (interest === "RAISED") this.needsReassessment = true;
    this.touch(at);
  }

  /** SOP-3.1–3.5 what a completed follow-up plans next (planAfterCompletion's rules, for the outcomes used here). */
  planNext(done: FollowUp, meetingAt: number | null = null, opensOpportunity = false): FollowUp | null {
    const at = done.completedAt!;
    const outcome = done.outcome!;
    const rule = PLAYBOOK.followUp[this.tier];
    if (outcome === "NO_ANSWER") {
      const kind = done.kind === "MEETING" ? rule.cadence.kind : done.kind;
      const channel = kind === "FIRST_CONTACT" ? rule.firstContact.channel : rule.cadence.channel;
      return this.plan(kind, channel, after(this.clock, at, PLAYBOOK.noAnswerRetry), kind === "FIRST_CONTACT" ? this.firstContactDueAt : null, at, done.id);
    }
    if (outcome === "MEETING_BOOKED") return this.plan("MEETING", "VISIT", { at: meetingAt!, covered: true }, null, at, done.id);
    if (opensOpportunity) return null;
    const cadence = PLAYBOOK.followUp[outcome === "NOT_INTERESTED" ? "C" : this.tier].cadence;
    return this.plan(cadence.kind, cadence.channel, after(this.clock, at, cadence.every), null, at, done.id);
  }

  cancel(followUp: FollowUp | null, at: number): void {
    if (!followUp) return;
    followUp.status = "CANCELLED";
    followUp.version++;
    followUp.updatedAt = at;
  }

  /** SOP-2.6/3.4 a new tier re-plans the open follow-up, by the domain's own rule. */
  changeTier(open: FollowUp | null, tier: Tier, at: number): void {
    this.tier = tier;
    if (!open) return;
    const [plan] = replanForTierChange(
      {
        newTier: tier,
        changedAt: new Date(at),
        capturedAt: new Date(this.createdAt),
        lastContactAt: this.lastContactAt === null ? null : new Date(this.lastContactAt),
        open: [{ kind: open.kind, dueAt: new Date(open.dueAt), channel: open.channel }],
      },
      PLAYBOOK,
      this.clock.calendar,
    );
    open.tier = tier;
    open.kind = plan!.kind;
    open.channel = plan!.channel;
    open.dueAt = plan!.dueAt.getTime();
    open.covered = plan!.calendarCovered;
    open.version++;
    open.updatedAt = at;
  }
}

/**
 * Generates the data set batch by batch (`next(n)`), in capture order: lead i is captured no
 * earlier than lead i - 1. Ids are UUIDv7-shaped, from the clock and a counter, so they are
 * unique and ascending in the order rows are written (cheap for the primary-key indexes).
 */
export class LargeDatasetGenerator {
  private readonly random: Random;
  private readonly now: number;
  private readonly limit: number;
  private readonly teams: readonly LargeTeam[];
  private readonly clocks: TeamClock[];
  private readonly teamCumulative: number[];
  private readonly tierCases = new Map<string, TierCase>();
  private readonly companyKeys = new Map<string, string | null>();
  private idCounter = 0;
  private leadIndex = 0;
  private readonly out: Record<LargeTable, BinaryCopyWriter>;
  private readonly pipeline: PipelineWriter;
  private readonly nextId = (): number => this.idCounter++;

  constructor(private readonly options: LargeDatasetOptions) {
    this.random = createRandom(options.seed ?? LARGE_DATASET_SEED);
    this.now = options.now.getTime();
    // Nothing is recorded in the last minute before the clock.
    this.limit = this.now - MINUTE;
    this.teams = options.teams;
    const from = this.now - (SPAN_DAYS + 5) * DAY;
    const through = this.now + 900 * DAY;
    // Teams with the same calendar share one clock, and its cache of deadlines.
    const clocks = new Map<string, TeamClock>();
    this.clocks = options.teams.map((team) => {
      const key = team.calendar ? JSON.stringify(team.calendar) : "mainland";
      let clock = clocks.get(key);
      if (!clock) {
        clock = new TeamClock(team.calendar ? createBusinessCalendar(team.calendar) : chinaMainlandCalendar(), from, through);
        clocks.set(key, clock);
      }
      return clock;
    });
    const total = options.teams.reduce((sum, team) => sum + team.weight, 0);
    let running = 0;
    this.teamCumulative = options.teams.map((team) => (running += team.weight / total));
    // UUIDv7 layout: the clock in the first six bytes, version 7, variant 10, then a counter.
    const prefix = Buffer.from(`${this.now.toString(16).padStart(12, "0")}70008000`, "hex");
    this.out = emptyTables(() => new BinaryCopyWriter(prefix));
    this.pipeline = new PipelineWriter(this.random, this.limit, this.out, this.nextId, idText(prefix));
    // Catalog text goes into COPY lines and hand-built JSON as it is.
    assertCopySafe(JSON.stringify([catalog, BRAND_CHARACTERS, ENGLISH_SECOND_WORDS, REFERRERS, TIER_OVERRIDE_REASONS, LOSS_NOTES, DEMO_PROJECTS.map((p) => p.name)]));
  }

  /** The next `maxLeads` leads with their rows in every table, or null once all are written. */
  next(maxLeads: number): LargeBatch | null {
    if (this.leadIndex >= this.options.leadCount) return null;
    const end = Math.min(this.options.leadCount, this.leadIndex + maxLeads);
    for (; this.leadIndex < end; this.leadIndex++) this.lead(this.leadIndex);
    const rows = emptyTables(() => 0);
    const chunks = emptyTables((): Buffer[] => []);
    for (const table of LARGE_TABLES) ({ rows: rows[table], chunks: chunks[table] } = this.out[table].take());
    return { leadsDone: this.leadIndex, rows, chunks };
  }

  private lead(index: number): void {
    const r = this.random;
    const teamIndex = this.pickTeam();
    const team = this.teams[teamIndex]!;
    const clock = this.clocks[teamIndex]!;
    const ownerId = team.repIds[Math.floor(r.next() * team.repIds.length)]!;
    const id = this.nextId();
    const createdAt = this.capturedAt(index);
    const limit = this.limit;
    const status = this.pickStatus(this.now - createdAt);

    // SOP-2.1–2.4 the assessment, early in the lead's life; an unassessed lead is tier B, incomplete.
    const assessed = status !== "NEW" && r.chance(status === "CONVERTED" ? 0.97 : status === "DISQUALIFIED" ? 0.85 : 0.9);
    const settledAt = assessed ? createdAt + Math.floor(Math.min(10 * MINUTE + r.next() * 8 * HOUR, (this.now - createdAt) * 0.3)) : createdAt;
    let assessment = assessed ? this.tierCase(this.ratings(status)) : null;
    let computedTier: Tier = assessment?.tier ?? "B";
    // SOP-3.1–3.3 the first contact: planned at capture as tier B and re-planned by the
    // assessment, so its deadline is the assessed tier's, counted from capture.
    const firstRule = PLAYBOOK.followUp[computedTier].firstContact;
    const deadline = after(clock, createdAt, firstRule.within);
    const life = new LeadLife(this.nextId, clock, createdAt, computedTier, deadline.at);
    const first = life.plan("FIRST_CONTACT", firstRule.channel, deadline, deadline.at, createdAt, null);
    if (assessment) {
      this.writeAssessment(id, ownerId, assessment, settledAt, team.usdShare);
      life.touch(settledAt);
      if (computedTier !== "B") {
        first.version++;
        first.updatedAt = settledAt;
      }
    }

    let disqualifiedReason: string | null = null;
    let override: { tier: Tier; reason: string } | null = null;
    const reached = status !== "NEW" && !(status === "WORKING" && r.chance(0.1)) && !(status === "DISQUALIFIED" && r.chance(0.2));
    if (!reached) {
      // Never reached: open first contacts (overdue once the deadline passed), some after a call nobody answered.
      const room = limit - settledAt;
      if (status === "DISQUALIFIED") {
        const span = Math.min(room, 20 * DAY);
        const tried = settledAt + Math.floor(span * (0.05 + 0.25 * r.next()));
        const again = tried + Math.floor(span * (0.1 + 0.3 * r.next()));
        const givenUp = Math.min(limit, again + Math.floor(span * (0.05 + 0.3 * r.next())));
        life.complete(first, tried, "NO_ANSWER", "SAME");
        const retry = life.planNext(first)!;
        life.complete(retry, again, "NO_ANSWER", "SAME");
        life.cancel(life.planNext(retry), givenUp);
        life.touch(givenUp);
        disqualifiedReason = DISQUALIFY_UNREACHABLE;
      } else if (room > 2 * HOUR && r.chance(status === "NEW" ? 0.3 : 0.6)) {
        life.complete(first, settledAt + Math.floor(room * (0.1 + 0.5 * r.next())), "NO_ANSWER", "SAME");
        life.planNext(first);
      }
    } else {
      // Most first contacts keep the deadline; some are late (SOP-3.6 reports both).
      const window = deadline.at - settledAt;
      let contactedAt = r.chance(0.85) ? settledAt + Math.floor(window * (0.05 + 0.9 * r.next())) : deadline.at + r.int(1, 96) * HOUR + r.int(0, 59) * MINUTE;
      if (contactedAt > limit) contactedAt = settledAt + Math.floor((limit - settledAt) * (0.3 + 0.6 * r.next()));
      let current = first;
      let triedFirst = false;
      if (r.chance(0.2) && contactedAt - settledAt > 2 * HOUR) {
        life.complete(first, settledAt + Math.floor((contactedAt - settledAt) * (0.1 + 0.4 * r.next())), "NO_ANSWER", "SAME");
        current = life.planNext(first)!;
        triedFirst = true;
      }

      if (status === "DISQUALIFIED") {
        life.complete(current, contactedAt, "NOT_INTERESTED", "LOWERED");
        const disqualifiedAt = Math.min(limit, contactedAt + Math.floor(r.next() * 5 * DAY));
        life.cancel(life.planNext(current), disqualifiedAt);
        life.touch(disqualifiedAt);
        disqualifiedReason = r.pick(DISQUALIFY_REACHED);
      } else if (status === "CONVERTED") {
        // SOP-4.3 a price question and a specific need: the rep opens an opportunity.
        const meetingAt = life.tier === "A" && r.chance(0.2) ? contactedAt + r.int(1, 10) * DAY : null;
        life.complete(current, contactedAt, meetingAt ? "MEETING_BOOKED" : "CONNECTED", "SAME");
        const next = life.planNext(current, meetingAt)!;
        let openedAt = contactedAt + r.int(1, 45) * DAY + r.int(0, 23) * HOUR;
        if (meetingAt !== null) openedAt = Math.max(openedAt, meetingAt + 2 * HOUR);
        if (openedAt > limit - HOUR) openedAt = contactedAt + Math.max(MINUTE, Math.floor((limit - HOUR - contactedAt) * (0.3 + 0.6 * r.next())));
        life.complete(next, openedAt, "CONNECTED", "SAME", OPPORTUNITY_SIGNALS);
        life.touch(openedAt); // LEAD_CONVERTED
        this.pipeline.opportunity({ id, team, clock, ownerId }, openedAt);
      } else {
        // WORKING: the cadence runs (SOP-3.1–3.3). Only the latest one or two contacts are
        // generated; for most leads the latest is recent, for some long ago (the next is overdue).
        const outcome: FollowUpOutcome =
          life.tier === "A" && r.chance(0.2) ? "MEETING_BOOKED" : current.channel === "EMAIL" && r.chance(0.7) ? "MATERIAL_SENT" : "CONNECTED";
        life.complete(current, contactedAt, outcome, "SAME");
        let open = life.planNext(current, outcome === "MEETING_BOOKED" ? contactedAt + r.int(1, 10) * DAY + r.int(0, 8) * HOUR : null)!;
        const span = life.tier === "A" ? 3 * DAY : life.tier === "B" ? 8 * DAY : 32 * DAY;
        const times: number[] = [];
        if (r.chance(0.8)) {
          const latest = limit - Math.floor(r.next() * span);
          if (latest > contactedAt + 2 * HOUR) {
            // The next contact on time or a little late, then the latest one.
            if (!triedFirst && r.chance(0.5)) {
              const onTime = open.dueAt + Math.floor((r.next() * 2.5 - 0.5) * DAY);
              times.push(Math.max(contactedAt + HOUR, Math.min(onTime, latest - HOUR)));
            }
            times.push(latest);
          }
        }
        for (let k = 0; k < times.length; k++) {
          // A meeting is held when it was booked for, not before.
          const at = open.kind === "MEETING" ? Math.max(times[k]!, open.dueAt) : times[k]!;
          if (at > limit) break;
          const result: FollowUpOutcome =
            open.channel === "EMAIL" ? (r.chance(0.8) ? "MATERIAL_SENT" : "CONNECTED") : r.chance(0.15) && open.kind !== "MEETING" ? "NO_ANSWER" : "CONNECTED";
          const interest = result !== "NO_ANSWER" && r.chance(0.1) ? "RAISED" : "SAME";
          life.complete(open, at, result, interest, result !== "NO_ANSWER" && r.chance(0.15) ? [r.pick(BUYING_SIGNALS)] : NO_SIGNALS);
          open = life.planNext(open)!;
          const nextAt = times[k + 1];
          // SOP-3.4 raised interest: re-assessed before the next contact, usually a level up.
          if (interest === "RAISED" && assessment && nextAt !== undefined && nextAt > at + 2 * HOUR && r.chance(0.6)) {
            const reassessedAt = at + Math.floor(Math.min(48 * HOUR, (nextAt - at) / 2) * (0.2 + 0.8 * r.next()));
            assessment = this.tierCase(raise(r, assessment.assessment));
            this.writeAssessment(id, ownerId, assessment, reassessedAt, team.usdShare);
            life.touch(reassessedAt);
            life.needsReassessment = false;
            computedTier = assessment.tier;
            if (computedTier !== life.tier) life.changeTier(open, computedTier, reassessedAt);
          }
        }
        // SOP-2.6 a manager overrides a few computed tiers, with a reason, after the latest contact.
        if (assessment && r.chance(0.02)) {
          const at = life.updatedAt + r.int(1, 120) * HOUR;
          if (at < limit) {
            override = { tier: r.pick(TIERS_ORDERED.filter((t) => t !== computedTier)), reason: r.pick(TIER_OVERRIDE_REASONS) };
            life.changeTier(open, override.tier, at);
            life.touch(at);
          }
        }
      }
    }

    // SOP-1.2 who the lead is; SOP-1.4 its duplicate keys, by the domain's normalisers.
    const english = r.chance(team.englishShare);
    const channel = weighted(r, CHANNEL_WEIGHTS);
    const city = r.pick(catalog.CHINESE_CITIES);
    let companyName: string;
    let contactName: string;
    let contactTitle: string;
    let email: string;
    let creditCode: string | null = null;
    if (english) {
      const firstName = r.pick(catalog.ENGLISH_FIRST_NAMES);
      companyName = `${r.pick(catalog.ENGLISH_BRANDS)} ${r.pick(ENGLISH_SECOND_WORDS)} ${r.pick(catalog.ENGLISH_INDUSTRIES)} ${r.pick(catalog.ENGLISH_SUFFIXES)}`;
      contactName = `${firstName} ${r.pick(catalog.ENGLISH_LAST_NAMES)}`;
      contactTitle = r.pick(catalog.ENGLISH_TITLES);
      email = `${firstName.toLowerCase()}.${index}@demo-${index % 997}.com`;
    } else {
      companyName = `${city.city}${r.pick(BRAND_CHARACTERS)}${r.pick(BRAND_CHARACTERS)}${r.pick(catalog.CHINESE_INDUSTRIES)}${r.pick(catalog.CHINESE_SUFFIXES)}`;
      contactName = `${r.pick(catalog.CHINESE_SURNAMES)}${r.pick(catalog.CHINESE_GIVEN_NAMES)}`;
      contactTitle = r.pick(catalog.CHINESE_TITLES);
      email = `contact${index}@demo-${index % 997}.cn`;
      if (r.chance(1 / 3)) creditCode = demoCreditCode(index, city.division);
    }
    const phone = r.chance(english ? 0.6 : 0.95) ? demoPhone(team.phoneStyle, index) : null;
    const wechat = !english && r.chance(0.6) ? `wx_demo_${index}` : null;
    const emailKey = normalizeEmail(email);
    const creditKey = creditCode ? validateCreditCode(creditCode) : null;
    const collectedOn = channel === "TRADE_SHOW" ? clock.localDay(createdAt) - r.int(0, 3) : null;
    this.out.leads
      .row(LEAD_COLUMNS)
      .id(id)
      .uuid(team.id)
      .uuid(ownerId)
      .text(channel)
      .text(r.pick(catalog.SOURCE_DETAILS[channel]!))
      .textOrNull(channel.endsWith("_REFERRAL") ? r.pick(REFERRERS) : null)
      .text(companyName)
      .text(contactName)
      .text(contactTitle)
      .textOrNull(phone)
      .text(email)
      .textOrNull(wechat)
      .text(weighted(r, COMPANY_SIZE_WEIGHTS))
      .text(r.pick(catalog.BUSINESS_SCOPES))
      .text(r.pick(catalog.CURRENT_PRODUCTS))
      .textOrNull(english ? null : city.province)
      .textOrNull(english ? null : city.city)
      .textOrNull(creditCode)
      .dateOrNull(collectedOn)
      .text(status)
      .textOrNull(disqualifiedReason)
      .text(override?.tier ?? computedTier)
      .text(computedTier)
      .textOrNull(override?.tier ?? null)
      .textOrNull(override?.reason ?? null)
      .bool(assessment ? assessment.incomplete : true)
      .bool(life.needsReassessment)
      .timestamp(life.firstContactDueAt)
      .timestampOrNull(life.firstContactAt)
      .timestampOrNull(life.lastContactAt)
      .timestampOrNull(assessed ? settledAt : null)
      .textOrNull(emailKey.ok ? emailKey.value : null)
      // The generated numbers are E.164 already, which is what normalizePhone makes of them (the test checks it).
      .textOrNull(phone)
      .textOrNull(this.companyKey(companyName))
      .textOrNull(creditKey?.ok ? creditKey.value : null)
      .int4(life.version)
      .timestamp(createdAt)
      .timestamp(life.updatedAt);
    const followUps = this.out.follow_ups;
    for (const f of life.followUps) {
      const done = f.status === "DONE";
      followUps
        .row(FOLLOW_UP_COLUMNS)
        .id(f.id)
        .id(id)
        .uuid(team.id)
        .uuid(ownerId)
        .text(f.tier)
        .text(f.kind)
        .text(f.channel)
        .text(f.status)
        .timestamp(f.dueAt)
        .timestampOrNull(f.slaDueAt)
        .bool(f.covered)
        .timestampOrNull(f.completedAt)
        .uuidOrNull(done ? ownerId : null)
        .textOrNull(f.outcome)
        .textOrNull(done ? f.channel : null)
        .textOrNull(f.interest)
        .textArray(f.signals)
        .idOrNull(f.previousId)
        .int4(f.version)
        .timestamp(f.createdAt)
        .timestamp(f.updatedAt);
    }
  }

  /** The quantile of the capture-time distribution for lead `index`, so leads come in time order. */
  private capturedAt(index: number): number {
    const u = (index + this.random.next()) / this.options.leadCount;
    const span = SPAN_DAYS * DAY;
    const growth = GROWTH_DAYS * DAY;
    const t = growth * Math.log1p(u * Math.expm1(span / growth));
    return Math.min(this.now - 2 * MINUTE, Math.floor(this.now - span + t));
  }

  /** Young leads are mostly new; older ones were worked, and more of them converted or disqualified. */
  private pickStatus(age: number): LeadStatus {
    const roll = this.random.next();
    if (age < 3 * HOUR) return "NEW";
    if (age < DAY) return roll < 0.7 ? "NEW" : "WORKING";
    if (age < 7 * DAY) return roll < 0.15 ? "NEW" : roll < 0.88 ? "WORKING" : roll < 0.92 ? "CONVERTED" : "DISQUALIFIED";
    if (age < 60 * DAY) return roll < 0.04 ? "NEW" : roll < 0.72 ? "WORKING" : roll < 0.81 ? "CONVERTED" : "DISQUALIFIED";
    return roll < 0.02 ? "NEW" : roll < 0.55 ? "WORKING" : roll < 0.645 ? "CONVERTED" : "DISQUALIFIED";
  }

  /** SOP-2.1 ratings; converted leads were more promising, disqualified ones less. */
  private ratings(status: LeadStatus): Assessment {
    const [high, medium, low] = status === "CONVERTED" ? [0.6, 0.9, 0.93] : status === "DISQUALIFIED" ? [0.25, 0.55, 0.93] : [0.42, 0.78, 0.93];
    return {
      needUrgency: rating(this.random.next(), high, medium, low),
      budget: rating(this.random.next(), high, medium, low),
      decisionAuthority: rating(this.random.next(), high, medium, low),
    };
  }

  /** computeTier, once per combination of ratings (there are 64). */
  private tierCase(assessment: Assessment): TierCase {
    const key = `${assessment.needUrgency}/${assessment.budget}/${assessment.decisionAuthority}`;
    let found = this.tierCases.get(key);
    if (!found) {
      const result = computeTier(assessment, PLAYBOOK);
      found = { assessment, tier: result.tier, incomplete: result.incomplete, reasonsJson: JSON.stringify(result.reasons) };
      this.tierCases.set(key, found);
    }
    return found;
  }

  private writeAssessment(leadId: number, assessedById: string, assessment: TierCase, at: number, usdShare: number): void {
    const { needUrgency, budget, decisionAuthority } = assessment.assessment;
    let amount: number | null = null;
    let currency: string | null = null;
    if (budget !== "UNKNOWN") {
      const r = this.random;
      const yuan = (budget === "HIGH" ? r.int(100, 500) : budget === "MEDIUM" ? r.int(20, 100) : r.int(2, 20)) * 10_000;
      const usd = r.chance(usdShare);
      currency = usd ? "USD" : "CNY";
      amount = (usd ? Math.round(yuan / 7 / 100) * 100 : yuan) * 100;
    }
    this.out.lead_assessments
      .row(ASSESSMENT_COLUMNS)
      .id(this.nextId())
      .id(leadId)
      .uuid(assessedById)
      .text(needUrgency)
      .text(budget)
      .text(decisionAuthority)
      .int8OrNull(amount)
      .textOrNull(currency)
      .text(assessment.tier)
      .jsonb(assessment.reasonsJson)
      .bool(assessment.incomplete)
      .timestamp(at);
  }

  private pickTeam(): number {
    const roll = this.random.next();
    for (let i = 0; i < this.teamCumulative.length - 1; i++) if (roll < this.teamCumulative[i]!) return i;
    return this.teamCumulative.length - 1;
  }

  /** normalizeCompanyName, once per distinct name (names repeat: they are built from catalog parts). */
  private companyKey(name: string): string | null {
    let key = this.companyKeys.get(name);
    if (key === undefined) {
      const normalized = normalizeCompanyName(name);
      key = normalized === "" ? null : normalized;
      if (this.companyKeys.size > 500_000) this.companyKeys.clear();
      this.companyKeys.set(name, key);
    }
    return key;
  }
}

/** SOP-3.5 `from` plus a playbook interval, in the team's calendar. */
function after(clock: TeamClock, from: number, interval: Interval): Deadline {
  switch (interval.unit) {
    case "HOURS":
      return { at: from + interval.amount * HOUR, covered: true };
    case "BUSINESS_DAYS":
      return clock.businessDeadline(from, interval.amount);
    case "DAYS":
      return { at: clock.addDays(from, interval.amount), covered: true };
    case "MONTHS": {
      let at = from;
      for (let i = 0; i < interval.amount; i++) at = clock.addMonth(at);
      return { at, covered: true };
    }
  }
}

function rating(roll: number, high: number, medium: number, low: number): Rating {
  return roll < high ? "HIGH" : roll < medium ? "MEDIUM" : roll < low ? "LOW" : "UNKNOWN";
}

/** Each dimension one level up with even odds (an UNKNOWN one becomes known): interest was raised (SOP-3.4). */
function raise(random: Random, assessment: Assessment): Assessment {
  const up = (value: Rating): Rating => {
    if (!random.chance(0.5)) return value;
    return value === "LOW" ? "MEDIUM" : value === "UNKNOWN" ? random.pick(["MEDIUM", "HIGH"] as const) : "HIGH";
  };
  return { needUrgency: up(assessment.needUrgency), budget: up(assessment.budget), decisionAuthority: up(assessment.decisionAuthority) };
}

function weighted<T>(random: Random, options: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, weight] of options) total += weight;
  let roll = random.next() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return options[options.length - 1]![0];
}

/** A valid number in E.164 for the team's region, distinct per lead within a region. */
function demoPhone(style: LargeTeam["phoneStyle"], index: number): string {
  const digits = (index * 7_919) % 100_000_000;
  switch (style) {
    case "CN":
      return `+86${["138", "139", "150", "186", "177", "199"][index % 6]}${String(digits).padStart(8, "0")}`;
    case "HK":
      return `+852${["63", "64", "65", "94", "97"][index % 5]}${String(digits % 1_000_000).padStart(6, "0")}`;
    case "SG":
      return `+65${["81", "82", "91", "93", "96"][index % 5]}${String(digits % 1_000_000).padStart(6, "0")}`;
    case "US":
      return `+1${["415", "650", "408", "213", "310"][index % 5]}${[2, 3, 4, 6, 7, 8][index % 6]}${2 + (digits % 8)}${String(digits % 100_000).padStart(5, "0")}`;
  }
}

function emptyTables<V>(make: () => V): Record<LargeTable, V> {
  return Object.fromEntries(LARGE_TABLES.map((table) => [table, make()])) as Record<LargeTable, V>;
}

/** JSON of text that needs no escaping has no backslash (JSON escapes quotes and control characters with one). */
function assertCopySafe(json: string): void {
  if (json.includes("\\")) throw new Error("Catalog text must not need escaping in hand-built JSON");
}

/** The text form of a generated id (for JSON): the prefix's 20 hex digits in uuid layout, then the counter's 12. */
function idText(prefix: Buffer): (id: number) => string {
  const hex = prefix.toString("hex");
  const head = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-`;
  return (id) => head + id.toString(16).padStart(12, "0");
}
