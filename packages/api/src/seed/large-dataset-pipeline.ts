// SOP sections 4–6 for the large data set: a converted lead's opportunity, walked along the
// pipeline (proposal versions, department reviews, the manager's decisions, negotiation, the
// contract or the loss), with its stage history, edits and audit trail, as binary COPY rows. Used by
// LargeDatasetGenerator (large-dataset.ts).
import {
  furthestStageAfter,
  LOSS_REASONS,
  priceProposalContent,
  proposalContentToJson,
  validateProposalDraft,
  withMoneyAsJson,
  type LossReason,
  type PipelineStage,
  type ReachableStage,
} from "@sales/domain";
import type { BinaryCopyWriter } from "./copy-binary.ts";
import { columnCount } from "./large-dataset-columns.ts";
import { DEMO_LOSSES, DEMO_PROJECTS, PAYMENT_TERMS, demoNegotiationPrep, demoProposal } from "./demo-pipeline-catalog.ts";
import type { LargeTeam } from "./large-dataset-people.ts";
import { DAY, HOUR, civilDate, type TeamClock } from "./large-dataset-time.ts";
import type { Random } from "./random.ts";

export const LARGE_DATASET_REQUEST_ID = "generate-large";
/** The signals recorded on the follow-up that opened every generated opportunity (SOP-4.3). */
export const OPPORTUNITY_SIGNALS: readonly string[] = ["PRICE_OR_PROCESS_QUESTION", "SPECIFIC_NEED"];

export const LOSS_NOTES: Readonly<Record<LossReason, string>> = {
  ...Object.fromEntries(DEMO_LOSSES.map((loss) => [loss.reason, loss.note])),
  OTHER: "客户内部重组，项目取消",
} as Record<LossReason, string>;
const RETURN_NOTE = "请按财务评审意见调整付款条件";
const REJECT_NOTE = "方案与客户需求差距较大，请重新梳理需求";
const PRICING_COMMENT = JSON.stringify([{ part: "PRICING", text: "质保金比例偏低，建议提高到 10%" }]);
const SCHEDULE_COMMENT = JSON.stringify([{ part: "IMPLEMENTATION_PLAN", text: "安装调试周期偏紧，请与交付部确认" }]);
const PHASES = ["", "", "（一期）", "（二期）"];
const OPPORTUNITY_COLUMNS = columnCount("opportunities");
const STAGE_CHANGE_COLUMNS = columnCount("opportunity_stage_changes");
const PROPOSAL_COLUMNS = columnCount("proposals");
const VERSION_COLUMNS = columnCount("proposal_versions");
const REVIEW_COLUMNS = columnCount("proposal_reviews");
const AUDIT_COLUMNS = columnCount("audit_events");

type Stage = PipelineStage;
type Decision = "APPROVE" | "REJECT" | "RETURN_FOR_REVISION";
type Department = "TECHNICAL" | "FINANCE" | "LEGAL" | "DELIVERY";

/** The tables this module writes to. */
export interface PipelineTables {
  opportunities: BinaryCopyWriter;
  opportunity_stage_changes: BinaryCopyWriter;
  proposals: BinaryCopyWriter;
  proposal_versions: BinaryCopyWriter;
  proposal_reviews: BinaryCopyWriter;
  audit_events: BinaryCopyWriter;
}

export interface PipelineLead {
  /** A generated id (see LargeDatasetGenerator). */
  id: number;
  team: LargeTeam;
  clock: TeamClock;
  ownerId: string;
}

interface ReviewFact {
  id: number;
  department: Department;
  requestedAt: number;
  verdict: "APPROVE" | "REQUEST_CHANGES" | null;
  submittedAt: number | null;
}

interface VersionFact {
  id: number;
  number: number;
  submittedAt: number;
  reviewStartedAt: number | null;
  reviews: ReviewFact[];
  decision: Decision | null;
  decidedAt: number | null;
}

interface Move {
  from: Stage | null;
  to: Stage;
  at: number;
  actorId: string;
  /** The audit event's `after`. */
  after: string;
}

interface ProposalTemplate {
  json: string;
  /** What a version submitted with it stores as its priced content. */
  pricedJson: string;
  totalMinor: number;
}

/**
 * What happened to one opportunity, decided step by step from its opening. Each step takes a
 * while; the walk ends at the first step that would fall after the data's clock, so recent
 * opportunities are still open and old ones mostly won or lost (a few stalled on the way).
 */
class DealWalk {
  stage: Stage = "OPPORTUNITY";
  t: number;
  readonly moves: Move[];
  lost: { reason: LossReason; from: Stage } | null = null;
  proposalCreatedAt: number | null = null;
  readonly versions: VersionFact[] = [];
  prepSavedAt: number | null = null;
  negotiationAt: number | null = null;
  contract: { at: number; below: boolean; approvedAt: number | null } | null = null;

  constructor(
    private readonly random: Random,
    private readonly limit: number,
    private readonly nextId: () => number,
    readonly openedAt: number,
    private readonly rep: string,
    private readonly manager: string,
  ) {
    this.t = openedAt;
    this.moves = [{ from: null, to: "OPPORTUNITY", at: openedAt, actorId: rep, after: "" }];
  }

  /** Moves the clock on by a random while; false when that is after now (the walk ends there). */
  step(minHours: number, maxHours: number): boolean {
    this.t += this.random.int(minHours, maxHours) * HOUR + this.random.int(0, 3_599) * 1_000;
    return this.t < this.limit;
  }

  move(to: Stage, actorId: string, after = `{"stage":"${to}"}`): void {
    this.moves.push({ from: this.stage, to, at: this.t, actorId, after });
    this.stage = to;
  }

  /** SOP-6.3 lost from the current stage, with a reason from the fixed list, after a while. */
  loseAfter(minHours: number, maxHours: number): void {
    if (!this.step(minHours, maxHours)) return;
    const reason = this.random.pick(LOSS_REASONS);
    this.lost = { reason, from: this.stage };
    this.move("LOST", this.rep, `{"stage":"LOST","lossReason":"${reason}","lossNote":"${LOSS_NOTES[reason]}","lostFromStage":"${this.stage}"}`);
  }

  walk(): void {
    const r = this.random;
    const opening = r.next();
    if (opening < 0.1) return this.loseAfter(5 * 24, 60 * 24);
    if (opening < 0.16 || !this.step(12, 7 * 24)) return; // stalled before a proposal
    // SOP-5.1 the rep starts the proposal.
    this.proposalCreatedAt = this.t;
    this.move("PROPOSAL", this.rep);
    for (let number = 1; ; number++) {
      // SOP-5.2 writing (or revising) the proposal, then submitting it.
      if (number === 1) {
        const drafting = r.next();
        if (drafting < 0.07) return this.loseAfter(5 * 24, 40 * 24);
        if (drafting < 0.11) return; // stalled while drafting
      }
      if (!this.step(24, number === 1 ? 14 * 24 : 10 * 24)) return;
      if (this.stage === "OPPORTUNITY") this.move("PROPOSAL", this.rep);
      this.move("IN_REVIEW", this.rep);
      const version: VersionFact = { id: this.nextId(), number, submittedAt: this.t, reviewStartedAt: null, reviews: [], decision: null, decidedAt: null };
      this.versions.push(version);
      // SOP-5.3 the manager asks departments to review, they answer, the manager decides.
      if (!this.step(2, 3 * 24)) return;
      version.reviewStartedAt = this.t;
      const roll = r.next();
      const decision: Decision =
        number === 1
          ? roll < 0.62 ? "APPROVE" : roll < 0.88 ? "RETURN_FOR_REVISION" : "REJECT"
          : roll < (number === 2 ? 0.82 : 0.92) ? "APPROVE" : roll < 0.94 ? "RETURN_FOR_REVISION" : "REJECT";
      const departments: Department[] = ["FINANCE"];
      if (r.chance(0.45)) departments.push("TECHNICAL");
      if (r.chance(0.1)) departments.push("LEGAL");
      let lastReview = this.t;
      let waiting = false;
      for (let d = 0; d < departments.length; d++) {
        const answeredAt = this.t + r.int(6, 5 * 24) * HOUR + r.int(0, 3_599) * 1_000;
        const answered = answeredAt < this.limit;
        // Changes are asked for by at least one department when the manager does not approve.
        const verdict = decision === "APPROVE" || (d > 0 && r.chance(0.5)) ? "APPROVE" : "REQUEST_CHANGES";
        version.reviews.push({ id: this.nextId(), department: departments[d]!, requestedAt: this.t, verdict: answered ? verdict : null, submittedAt: answered ? answeredAt : null });
        if (answered) lastReview = Math.max(lastReview, answeredAt);
        else waiting = true;
      }
      if (waiting) return;
      this.t = lastReview;
      if (!this.step(2, 3 * 24)) return;
      version.decision = decision;
      version.decidedAt = this.t;
      if (decision === "APPROVE") break;
      if (decision === "RETURN_FOR_REVISION") {
        this.move("PROPOSAL", this.manager);
        continue;
      }
      this.move("OPPORTUNITY", this.manager);
      const after = r.next();
      if (after < 0.5) return this.loseAfter(3 * 24, 30 * 24);
      if (after < 0.75) return; // left at OPPORTUNITY
    }
    // SOP-6.1/6.2 approved (the stage stays IN_REVIEW): the checklist, then negotiation.
    const afterApproval = r.next();
    if (afterApproval < 0.05) return this.loseAfter(5 * 24, 30 * 24);
    if (afterApproval < 0.08 || !this.step(12, 5 * 24)) return;
    this.prepSavedAt = this.t;
    if (!this.step(12, 7 * 24)) return;
    this.negotiationAt = this.t;
    this.move("NEGOTIATION", this.rep);
    const outcome = r.next();
    if (outcome < 0.36) return this.loseAfter(5 * 24, 60 * 24);
    if (outcome < 0.45 || !this.step(5 * 24, 45 * 24)) return;
    // SOP-6.3 a contract at or above the frozen floor wins at once; one below waits for the manager.
    this.contract = { at: this.t, below: r.chance(0.12), approvedAt: null };
    if (!this.contract.below) {
      this.move("WON", this.rep);
    } else if (this.step(4, 4 * 24)) {
      this.contract.approvedAt = this.t;
      this.move("WON", this.manager);
    }
  }
}

interface AuditEvent {
  at: number;
  actorId: string;
  entityType: "OPPORTUNITY" | "PROPOSAL";
  entityId: number;
  action: string;
  before: string | null;
  after: string;
}

/** An opportunity's audit events, written in time order once all are known (a lead's history is read by id). */
class AuditTrail {
  private readonly events: AuditEvent[] = [];

  add(at: number, actorId: string, entityType: AuditEvent["entityType"], entityId: number, action: string, before: string | null, after: string): void {
    this.events.push({ at, actorId, entityType, entityId, action, before, after });
  }

  writeTo(out: BinaryCopyWriter, teamId: string, leadId: number): void {
    this.events.sort((a, b) => a.at - b.at);
    for (const e of this.events) {
      out
        .row(AUDIT_COLUMNS)
        .uuid(teamId)
        .uuid(e.actorId)
        .text(e.entityType)
        .id(e.entityId)
        .text(e.action)
        .id(leadId)
        .jsonbOrNull(e.before)
        .jsonb(e.after)
        .text(LARGE_DATASET_REQUEST_ID)
        .timestamp(e.at);
    }
  }
}

export class PipelineWriter {
  private readonly templates = new Map<string, ProposalTemplate>();

  constructor(
    private readonly random: Random,
    private readonly limit: number,
    private readonly out: PipelineTables,
    private readonly nextId: () => number,
    /** The text form of a generated id, for the ids inside audit events' JSON. */
    private readonly idText: (id: number) => string,
  ) {}

  /**
   * SOP-4.3 the opportunity the lead's owner opened at `openedAt`, walked along the pipeline;
   * for about 30 %, one or two edits of the close date or value while it was open.
   */
  opportunity(lead: PipelineLead, openedAt: number): void {
    const r = this.random;
    const { team, clock } = lead;
    const rep = lead.ownerId;
    const manager = team.managerId;
    const id = this.nextId();
    const currency = r.chance(team.usdShare) ? "USD" : "CNY";
    const projectIndex = r.int(0, DEMO_PROJECTS.length - 1);
    const name = `${DEMO_PROJECTS[projectIndex]!.name}${r.pick(PHASES)}`;
    // ¥50,000 to ¥5,000,000, more small deals than large; in USD about a seventh.
    const yuan = Math.floor((50_000 * 100 ** r.next()) / 1_000) * 1_000;
    const openingValue = currency === "USD" ? Math.max(100, Math.floor(yuan / 7 / 100) * 100) * 100 : yuan * 100;
    const openingClose = clock.localDay(openedAt) + r.int(30, 300);

    const deal = new DealWalk(r, this.limit, this.nextId, openedAt, rep, manager);
    deal.walk();
    const lastMove = deal.moves[deal.moves.length - 1]!;
    const closed = deal.stage === "WON" || deal.stage === "LOST";

    // Edits while it was open: the close date pushed out or pulled in, the value raised or cut.
    const until = closed ? lastMove.at : this.limit;
    const updates: { at: number; close: number | null; value: number | null }[] = [];
    const valueSince: { at: number; value: number }[] = [{ at: openedAt, value: openingValue }];
    let value = openingValue;
    let close = openingClose;
    if (until - openedAt > 2 * HOUR && r.chance(0.3)) {
      const times = [openedAt + HOUR + Math.floor((until - openedAt - 2 * HOUR) * r.next())];
      if (r.chance(0.35)) times.push(openedAt + HOUR + Math.floor((until - openedAt - 2 * HOUR) * r.next()));
      times.sort((a, b) => a - b);
      for (const at of times) {
        const kind = r.next();
        let newClose: number | null = null;
        let newValue: number | null = null;
        if (kind < 0.7) newClose = close + (r.chance(0.65) ? r.int(14, 90) : -r.int(7, 45));
        if (kind >= 0.45) {
          const unit = currency === "USD" ? 10_000 : 100_000;
          const factor = r.chance(0.5) ? 1.05 + 0.3 * r.next() : 0.7 + 0.25 * r.next();
          newValue = Math.max(unit * 50, Math.round((value * factor) / unit) * unit);
          if (newValue === value) newValue = value + unit;
        }
        updates.push({ at, close: newClose, value: newValue });
        if (newClose !== null) close = newClose;
        if (newValue !== null) {
          value = newValue;
          valueSince.push({ at, value });
        }
      }
    }
    const valueAt = (at: number) => {
      let found = openingValue;
      for (const entry of valueSince) if (entry.at <= at) found = entry.value;
      return found;
    };

    const audit = new AuditTrail();
    audit.add(
      openedAt, rep, "OPPORTUNITY", id, "OPPORTUNITY_OPENED", null,
      `{"name":"${name}","estimatedValue":{"amount":"${openingValue}","currency":"${currency}"},"expectedCloseOn":"${civilDate(openingClose)}","signals":${JSON.stringify(OPPORTUNITY_SIGNALS)}}`,
    );
    let version = 1;
    let updatedAt = openedAt;
    for (const [index, m] of deal.moves.entries()) {
      const leftAt = deal.moves[index + 1]?.at ?? null;
      this.out.opportunity_stage_changes.row(STAGE_CHANGE_COLUMNS).id(id).uuid(team.id).textOrNull(m.from).text(m.to).uuid(m.actorId).timestamp(m.at).timestampOrNull(leftAt);
      if (m.from === null) continue;
      audit.add(m.at, m.actorId, "OPPORTUNITY", id, "OPPORTUNITY_STAGE_CHANGED", `{"stage":"${m.from}"}`, m.after);
      version++;
      updatedAt = Math.max(updatedAt, m.at);
    }
    let previousClose = openingClose;
    let previousValue = openingValue;
    for (const u of updates) {
      const before: string[] = [];
      const after: string[] = [];
      if (u.close !== null) {
        before.push(`"expectedCloseOn":"${civilDate(previousClose)}"`);
        after.push(`"expectedCloseOn":"${civilDate(u.close)}"`);
        previousClose = u.close;
      }
      if (u.value !== null) {
        before.push(`"estimatedValue":{"amount":"${previousValue}","currency":"${currency}"}`);
        after.push(`"estimatedValue":{"amount":"${u.value}","currency":"${currency}"}`);
        previousValue = u.value;
      }
      audit.add(u.at, rep, "OPPORTUNITY", id, "OPPORTUNITY_UPDATED", `{${before.join(",")}}`, `{${after.join(",")}}`);
      version++;
      updatedAt = Math.max(updatedAt, u.at);
    }

    if (deal.proposalCreatedAt !== null) this.proposal(deal, id, lead, currency, projectIndex, valueAt, audit);

    let prep: string | null = null;
    let floor: number | null = null;
    if (deal.prepSavedAt !== null) {
      // SOP-6.2 the floor sits 8–15 % under the value at the time; it is frozen when negotiation starts.
      const unit = currency === "USD" ? 10_000 : 100_000;
      floor = Math.floor((valueAt(deal.prepSavedAt) * r.int(85, 92)) / 100 / unit) * unit;
      prep = JSON.stringify(demoNegotiationPrep(BigInt(floor))).replace(`"currency":"CNY"`, `"currency":"${currency}"`);
      audit.add(deal.prepSavedAt, rep, "OPPORTUNITY", id, "NEGOTIATION_PREP_SAVED", null, `{"gaps":[],"floorLoweringAwaitsApproval":false}`);
      version++;
    }
    if (deal.negotiationAt !== null) version++;
    let contractAmount: number | null = null;
    let signedOn: number | null = null;
    let terms: string | null = null;
    let approvedBy: string | null = null;
    const contract = deal.contract;
    if (contract && floor !== null) {
      const unit = currency === "USD" ? 100 : 1_000;
      const amount = contract.below
        ? Math.floor((floor * r.int(92, 98)) / 100 / unit) * unit
        : floor + Math.floor(((Math.max(valueAt(contract.at), floor) - floor) * r.next()) / unit) * unit;
      contractAmount = amount;
      signedOn = clock.localDay(contract.at);
      terms = PAYMENT_TERMS;
      audit.add(
        contract.at, rep, "OPPORTUNITY", id, "CONTRACT_RECORDED", null,
        `{"amount":{"amount":"${amount}","currency":"${currency}"},"signedOn":"${civilDate(signedOn)}","needsApproval":${contract.below}}`,
      );
      version++;
      updatedAt = Math.max(updatedAt, contract.at);
      if (contract.approvedAt !== null) {
        approvedBy = manager;
        audit.add(contract.approvedAt, manager, "OPPORTUNITY", id, "BELOW_FLOOR_APPROVED", null, `{"floorLowered":false,"contract":true}`);
        version++;
      }
    }
    const lost = deal.lost;
    this.out.opportunities
      .row(OPPORTUNITY_COLUMNS)
      .id(id)
      .id(lead.id)
      .uuid(team.id)
      .uuid(rep)
      .text(name)
      .int8(value)
      .text(currency)
      .date(close)
      .text(deal.stage)
      .timestamp(lastMove.at)
      .text(deal.moves.reduce((furthest, move) => furthestStageAfter(furthest, move.to), "OPPORTUNITY" as ReachableStage))
      .textArray(OPPORTUNITY_SIGNALS)
      .textOrNull(lost?.reason ?? null)
      .textOrNull(lost ? LOSS_NOTES[lost.reason] : null)
      .textOrNull(lost?.from ?? null)
      .jsonbOrNull(prep)
      .int8OrNull(deal.negotiationAt !== null ? floor : null)
      .int8OrNull(contractAmount)
      .dateOrNull(signedOn)
      .textOrNull(terms)
      .uuidOrNull(approvedBy)
      .int4(version)
      .timestamp(openedAt)
      .timestamp(Math.max(updatedAt, deal.prepSavedAt ?? 0));
    audit.writeTo(this.out.audit_events, team.id, lead.id);
  }

  /** SOP-5 the proposal, each submitted version, its reviews and the manager's decisions. */
  private proposal(deal: DealWalk, opportunityId: number, lead: PipelineLead, currency: "CNY" | "USD", projectIndex: number, valueAt: (at: number) => number, audit: AuditTrail): void {
    const { team } = lead;
    const rep = lead.ownerId;
    const manager = team.managerId;
    const createdAt = deal.proposalCreatedAt!;
    const proposalId = this.nextId();
    audit.add(createdAt, rep, "PROPOSAL", proposalId, "PROPOSAL_CREATED", null, `{"opportunityId":"${this.idText(opportunityId)}"}`);
    let content = this.template(currency, projectIndex, valueAt(createdAt), createdAt).json;
    let updatedAt = createdAt;
    for (const v of deal.versions) {
      const template = this.template(currency, projectIndex, valueAt(v.submittedAt), v.submittedAt);
      content = template.json;
      updatedAt = v.submittedAt;
      const versionId = this.idText(v.id);
      audit.add(v.submittedAt, rep, "PROPOSAL", proposalId, "PROPOSAL_SUBMITTED", null, `{"versionId":"${versionId}","number":${v.number}}`);
      const status =
        v.decision === "APPROVE" ? "APPROVED" : v.decision === "REJECT" ? "REJECTED" : v.decision === "RETURN_FOR_REVISION" ? "RETURNED" : v.reviewStartedAt !== null ? "IN_REVIEW" : "SUBMITTED";
      const note = v.decision === "REJECT" ? REJECT_NOTE : v.decision === "RETURN_FOR_REVISION" ? RETURN_NOTE : null;
      this.out.proposal_versions
        .row(VERSION_COLUMNS)
        .id(v.id)
        .id(proposalId)
        .id(opportunityId)
        .uuid(team.id)
        .uuid(rep)
        .int4(v.number)
        .jsonb(content)
        .text(status)
        .uuid(rep)
        .timestamp(v.submittedAt)
        .uuidOrNull(v.decision ? manager : null)
        .timestampOrNull(v.decidedAt)
        .textOrNull(note)
        .int8(template.totalMinor)
        .text(currency)
        .jsonb(template.pricedJson);
      if (v.reviewStartedAt !== null) {
        const assigned = v.reviews.map((review) => `{"department":"${review.department}","reviewerId":"${team.reviewerId}"}`).join(",");
        audit.add(v.reviewStartedAt, manager, "PROPOSAL", proposalId, "REVIEW_STARTED", null, `{"versionId":"${versionId}","reviews":[${assigned}]}`);
      }
      for (const review of v.reviews) {
        const comments = review.verdict === "REQUEST_CHANGES" ? (review.department === "FINANCE" ? PRICING_COMMENT : SCHEDULE_COMMENT) : "[]";
        this.out.proposal_reviews
          .row(REVIEW_COLUMNS)
          .id(review.id)
          .id(v.id)
          .uuid(team.id)
          .text(review.department)
          .uuid(team.reviewerId)
          .uuid(manager)
          .timestamp(review.requestedAt)
          .textOrNull(review.verdict)
          .jsonb(comments)
          .timestampOrNull(review.submittedAt);
        if (review.submittedAt !== null) {
          audit.add(
            review.submittedAt, team.reviewerId, "PROPOSAL", proposalId, "REVIEW_SUBMITTED", null,
            `{"versionId":"${versionId}","department":"${review.department}","verdict":"${review.verdict}","comments":${comments}}`,
          );
        }
      }
      if (v.decision) {
        audit.add(
          v.decidedAt!, manager, "PROPOSAL", proposalId, "PROPOSAL_DECIDED", `{"versionId":"${versionId}","status":"IN_REVIEW"}`,
          `{"versionId":"${versionId}","status":"${status}","decision":"${v.decision}","note":${note ? `"${note}"` : "null"}}`,
        );
      }
    }
    this.out.proposals
      .row(PROPOSAL_COLUMNS)
      .id(proposalId)
      .id(opportunityId)
      .uuid(team.id)
      .uuid(rep)
      .jsonb(content)
      .int4(1 + deal.versions.length)
      .timestamp(createdAt)
      .timestamp(updatedAt);
  }

  /**
   * SOP-5.2 a complete proposal priced at about `valueMinor` (demoProposal, in the opportunity's
   * currency), its milestones in the half-year after `at`. Proposals are shared per project,
   * value step (about 12 % apart) and half-year; the total and the priced content are what
   * priceProposalContent makes of them.
   */
  private template(currency: "CNY" | "USD", projectIndex: number, valueMinor: number, at: number): ProposalTemplate {
    const base = currency === "USD" ? 700_000 : 5_000_000;
    const bucket = Math.round(Math.log(valueMinor / base) / Math.log(1.12));
    const half = Math.floor(at / (182 * DAY));
    const key = `${currency}/${projectIndex}/${bucket}/${half}`;
    let found = this.templates.get(key);
    if (!found) {
      const major = Math.max(1_000, Math.round((base * 1.12 ** bucket) / 100));
      const start = (half + 1) * 182;
      const dates = [civilDate(start + 10), civilDate(start + 40), civilDate(start + 60), civilDate(start + 70)] as const;
      // The demo seed's proposal, with one pain point and one risk (a million rows of it are parsed as jsonb).
      const full = demoProposal(DEMO_PROJECTS[projectIndex]!, BigInt(major) * 100n, dates);
      const lean = {
        ...full,
        needsAnalysis: { ...full.needsAnalysis, painPoints: full.needsAnalysis.painPoints.slice(0, 1) },
        productIntroduction: { ...full.productIntroduction, strengths: full.productIntroduction.strengths.slice(0, 2) },
        risks: { risks: full.risks.risks.slice(0, 1) },
      };
      const draft: unknown = JSON.parse(JSON.stringify(lean).replaceAll(`"CNY"`, `"${currency}"`));
      const content = validateProposalDraft(draft);
      if (!content.ok) throw new Error(`A generated proposal does not validate: ${content.error[0]?.message}`);
      const priced = priceProposalContent(content.value);
      const total = priced.pricing!.totals?.totalWithVat;
      if (!total) throw new Error("A generated proposal cannot be priced");
      found = {
        json: JSON.stringify(proposalContentToJson(content.value)),
        pricedJson: JSON.stringify(withMoneyAsJson(priced)),
        totalMinor: Number(total.amountMinor),
      };
      this.templates.set(key, found);
    }
    return found;
  }
}
