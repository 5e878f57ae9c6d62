// The playbook is data (architecture.md, "The playbook"): every number in sop.md lives here, so a
// team can change its cadence without a code change. DEFAULT_PLAYBOOK is sop.md as written.
import { deepFreeze } from "./deep-freeze.ts";
import { OPEN_STAGES, type OpenStage } from "./pipeline.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { RATING_ORDER, type KnownRating } from "./tiering.ts";
import { FieldErrorList, joinPath, preview } from "./validation.ts";
import {
  BUYING_SIGNALS,
  CONTACT_CHANNELS,
  TIERS,
  type BuyingSignal,
  type ContactChannel,
  type Tier,
} from "./vocabulary.ts";

/** SOP-3.5 gives each unit its meaning; see follow-up-planning.ts. */
export const INTERVAL_UNITS = ["HOURS", "DAYS", "BUSINESS_DAYS", "MONTHS"] as const;
export type IntervalUnit = (typeof INTERVAL_UNITS)[number];

export interface Interval {
  unit: IntervalUnit;
  amount: number;
}

/**
 * Upper bounds of about a year per unit: a longer interval is almost certainly a typo, and the
 * bound keeps business-day walks short.
 */
export const MAX_INTERVAL_AMOUNT: Readonly<Record<IntervalUnit, number>> = Object.freeze({
  HOURS: 24 * 366,
  DAYS: 366,
  BUSINESS_DAYS: 260,
  MONTHS: 12,
});

/** The follow-up kinds a recurring cadence can produce (FIRST_CONTACT and MEETING are one-offs). */
export const CADENCE_KINDS = ["CADENCE", "NURTURE"] as const;
export type CadenceKind = (typeof CADENCE_KINDS)[number];

export interface TierFollowUpRule {
  firstContact: { within: Interval; channel: ContactChannel };
  cadence: { every: Interval; channel: ContactChannel; kind: CadenceKind };
}

/**
 * What the pipeline reports judge open deals by (issue 9: the forecast, the stalled and at-risk
 * reports). None of it is in the SOP text: every default is a [playbook default].
 */
export interface PipelineSettings {
  /** Per open stage, the chance in whole percent (0–100) that a deal in it is won; the forecast weights value by it. */
  winProbabilityPercent: Record<OpenStage, number>;
  /** Per open stage, whole days in it after which an open deal counts as stalled. */
  stalledAfterDays: Record<OpenStage, number>;
  /** A review still not submitted this many days after it was requested is at risk (SOP-5.3). */
  reviewWaitDays: number;
  /** A version whose reviews are all in but is still undecided this many days after the last review is at risk (SOP-5.3). */
  decisionWaitDays: number;
}

/** Bounds of the pipeline section: a probability is a whole percent, a wait whole days up to a year. */
export const WIN_PROBABILITY_PERCENT_MAX = 100;
export const MAX_PIPELINE_DAYS = 365;

export interface Playbook {
  tiering: { unknownCountsAs: KnownRating };
  followUp: Record<Tier, TierFollowUpRule>;
  noAnswerRetry: Interval;
  opportunity: {
    /** SOP-4.3: this many distinct signals suggest an opportunity... */
    minDistinctSignals: number;
    /** ...and so does any one of these on its own. */
    qualifyingSignals: BuyingSignal[];
  };
  pipeline: PipelineSettings;
}

/**
 * A playbook as a team stored it: one saved before the pipeline section existed (issue 9) has
 * none. Read it through withPlaybookDefaults, never as a Playbook.
 */
export type StoredPlaybook = Omit<Playbook, "pipeline"> & { pipeline?: PipelineSettings };

export const DEFAULT_PLAYBOOK: Playbook = deepFreeze({
  tiering: { unknownCountsAs: "MEDIUM" }, // SOP-2.3
  followUp: {
    A: {
      firstContact: { within: { unit: "HOURS", amount: 24 }, channel: "PHONE" }, // SOP-3.1
      cadence: { every: { unit: "BUSINESS_DAYS", amount: 2 }, channel: "PHONE", kind: "CADENCE" }, // SOP-3.1
    },
    B: {
      firstContact: { within: { unit: "BUSINESS_DAYS", amount: 3 }, channel: "PHONE" }, // SOP-3.2
      cadence: { every: { unit: "DAYS", amount: 7 }, channel: "EMAIL", kind: "CADENCE" }, // SOP-3.2, 3.5 "weekly"
    },
    C: {
      firstContact: { within: { unit: "BUSINESS_DAYS", amount: 5 }, channel: "EMAIL" }, // SOP-3.3
      cadence: { every: { unit: "MONTHS", amount: 1 }, channel: "EMAIL", kind: "NURTURE" }, // SOP-3.3, 3.5 "monthly"
    },
  },
  noAnswerRetry: { unit: "BUSINESS_DAYS", amount: 1 },
  opportunity: { minDistinctSignals: 2, qualifyingSignals: ["PRICE_OR_PROCESS_QUESTION"] }, // SOP-4.3
  pipeline: {
    // [playbook default] the later the stage, the likelier the win (issue 9, the forecast).
    winProbabilityPercent: { OPPORTUNITY: 10, PROPOSAL: 25, IN_REVIEW: 40, NEGOTIATION: 70 },
    // [playbook default] a review moves in days, a negotiation in weeks (issue 9, stalled deals).
    stalledAfterDays: { OPPORTUNITY: 14, PROPOSAL: 10, IN_REVIEW: 5, NEGOTIATION: 21 },
    reviewWaitDays: 3, // [playbook default] SOP-5.3 a reviewer answers within 3 days
    decisionWaitDays: 2, // [playbook default] SOP-5.3 the manager decides within 2 days of the last review
  },
});

/**
 * The playbook a team works by, from what it stored: the default (sop.md) when it stored none,
 * and the default pipeline section when its playbook predates that section (issue 9). A
 * complete playbook comes back as the same object.
 */
export function withPlaybookDefaults(stored: StoredPlaybook | null | undefined): Playbook {
  if (stored === null || stored === undefined) return DEFAULT_PLAYBOOK;
  if (stored.pipeline) return stored as Playbook;
  return { ...stored, pipeline: DEFAULT_PLAYBOOK.pipeline };
}

/**
 * Checks a playbook a team wants to store. Every problem is reported with its path; unknown
 * extra keys are dropped rather than kept, so what is stored is exactly what the rules read.
 */
export function validatePlaybook(input: unknown): Result<Playbook, FieldError[]> {
  const errors = new FieldErrorList();
  const root = errors.requireRecord(input, "");

  const tieringInput = root && errors.requireRecord(root["tiering"], "tiering");
  const unknownCountsAs =
    tieringInput && errors.requireOneOf(RATING_ORDER, tieringInput["unknownCountsAs"], "tiering.unknownCountsAs");

  const followUpInput = root && errors.requireRecord(root["followUp"], "followUp");
  const followUp: Partial<Record<Tier, TierFollowUpRule>> = {};
  if (followUpInput) {
    for (const tier of TIERS) {
      const rule = readTierRule(errors, followUpInput[tier], joinPath("followUp", tier));
      if (rule) followUp[tier] = rule;
    }
    for (const key of Object.keys(followUpInput)) {
      if (!(TIERS as readonly string[]).includes(key)) {
        errors.add(joinPath("followUp", key), "UNKNOWN_VALUE", `followUp has no tier ${preview(key)}; tiers are ${TIERS.join(", ")}`);
      }
    }
  }

  const noAnswerRetry = root && readInterval(errors, root["noAnswerRetry"], "noAnswerRetry");
  const opportunity = root && readOpportunity(errors, root["opportunity"], "opportunity");
  // A playbook without the section (clients that predate issue 9) gets the defaults.
  const pipelineInput = root?.["pipeline"];
  const pipeline =
    root && (pipelineInput === undefined || pipelineInput === null ? DEFAULT_PLAYBOOK.pipeline : readPipeline(errors, pipelineInput, "pipeline"));

  if (!errors.isEmpty || !unknownCountsAs || !noAnswerRetry || !opportunity || !pipeline) return err(errors.errors);
  return ok({
    tiering: { unknownCountsAs },
    followUp: followUp as Record<Tier, TierFollowUpRule>,
    noAnswerRetry,
    opportunity,
    pipeline,
  });
}

function readTierRule(errors: FieldErrorList, input: unknown, path: string): TierFollowUpRule | null {
  const rule = errors.requireRecord(input, path);
  if (!rule) return null;

  const firstContactPath = joinPath(path, "firstContact");
  const firstContactInput = errors.requireRecord(rule["firstContact"], firstContactPath);
  const within = firstContactInput && readInterval(errors, firstContactInput["within"], joinPath(firstContactPath, "within"));
  const firstContactChannel =
    firstContactInput && errors.requireOneOf(CONTACT_CHANNELS, firstContactInput["channel"], joinPath(firstContactPath, "channel"));

  const cadencePath = joinPath(path, "cadence");
  const cadenceInput = errors.requireRecord(rule["cadence"], cadencePath);
  const every = cadenceInput && readInterval(errors, cadenceInput["every"], joinPath(cadencePath, "every"));
  const cadenceChannel = cadenceInput && errors.requireOneOf(CONTACT_CHANNELS, cadenceInput["channel"], joinPath(cadencePath, "channel"));
  const kind = cadenceInput && errors.requireOneOf(CADENCE_KINDS, cadenceInput["kind"], joinPath(cadencePath, "kind"));

  if (!within || !firstContactChannel || !every || !cadenceChannel || !kind) return null;
  return {
    firstContact: { within, channel: firstContactChannel },
    cadence: { every, channel: cadenceChannel, kind },
  };
}

function readInterval(errors: FieldErrorList, input: unknown, path: string): Interval | null {
  const interval = errors.requireRecord(input, path);
  if (!interval) return null;
  const unit = errors.requireOneOf(INTERVAL_UNITS, interval["unit"], joinPath(path, "unit"));
  const amountPath = joinPath(path, "amount");
  const amount = interval["amount"];
  if (typeof amount !== "number" || !Number.isInteger(amount) || amount <= 0) {
    errors.add(amountPath, "NOT_POSITIVE_INTEGER", `${amountPath} must be a whole number of at least 1, got ${preview(amount)}`);
    return null;
  }
  if (!unit) return null;
  if (amount > MAX_INTERVAL_AMOUNT[unit]) {
    errors.add(amountPath, "OUT_OF_RANGE", `${amountPath} may be at most ${MAX_INTERVAL_AMOUNT[unit]} ${unit}, got ${amount}`);
    return null;
  }
  return { unit, amount };
}

function readOpportunity(errors: FieldErrorList, input: unknown, path: string): Playbook["opportunity"] | null {
  const opportunity = errors.requireRecord(input, path);
  if (!opportunity) return null;

  const minPath = joinPath(path, "minDistinctSignals");
  const min = opportunity["minDistinctSignals"];
  const minValid = typeof min === "number" && Number.isInteger(min) && min >= 1 && min <= BUYING_SIGNALS.length;
  if (!minValid) {
    errors.add(minPath, "OUT_OF_RANGE", `${minPath} must be a whole number from 1 to ${BUYING_SIGNALS.length}, got ${preview(min)}`);
  }

  const listPath = joinPath(path, "qualifyingSignals");
  const list = errors.requireArray(opportunity["qualifyingSignals"], listPath);
  const qualifyingSignals: BuyingSignal[] = [];
  list?.forEach((item, index) => {
    const signal = errors.requireOneOf(BUYING_SIGNALS, item, joinPath(listPath, index));
    if (signal === null) return;
    if (qualifyingSignals.includes(signal)) {
      errors.add(joinPath(listPath, index), "DUPLICATE", `${signal} is listed more than once`);
    } else {
      qualifyingSignals.push(signal);
    }
  });

  return minValid && list ? { minDistinctSignals: min, qualifyingSignals } : null;
}

function readPipeline(errors: FieldErrorList, input: unknown, path: string): PipelineSettings | null {
  const pipeline = errors.requireRecord(input, path);
  if (!pipeline) return null;
  const winProbabilityPercent = readStageNumbers(errors, pipeline["winProbabilityPercent"], joinPath(path, "winProbabilityPercent"), 0, WIN_PROBABILITY_PERCENT_MAX);
  const stalledAfterDays = readStageNumbers(errors, pipeline["stalledAfterDays"], joinPath(path, "stalledAfterDays"), 1, MAX_PIPELINE_DAYS);
  const reviewWaitDays = errors.integerInRange(pipeline["reviewWaitDays"], joinPath(path, "reviewWaitDays"), 1, MAX_PIPELINE_DAYS);
  const decisionWaitDays = errors.integerInRange(pipeline["decisionWaitDays"], joinPath(path, "decisionWaitDays"), 1, MAX_PIPELINE_DAYS);
  if (!winProbabilityPercent || !stalledAfterDays || reviewWaitDays === null || decisionWaitDays === null) return null;
  return { winProbabilityPercent, stalledAfterDays, reviewWaitDays, decisionWaitDays };
}

/** A whole number from `min` to `max` for every open stage; a key that is not an open stage is named like an unknown tier. */
function readStageNumbers(errors: FieldErrorList, input: unknown, path: string, min: number, max: number): Record<OpenStage, number> | null {
  const map = errors.requireRecord(input, path);
  if (!map) return null;
  const values: Partial<Record<OpenStage, number>> = {};
  let complete = true;
  for (const stage of OPEN_STAGES) {
    const value = errors.integerInRange(map[stage], joinPath(path, stage), min, max);
    if (value === null) complete = false;
    else values[stage] = value;
  }
  for (const key of Object.keys(map)) {
    if (!(OPEN_STAGES as readonly string[]).includes(key)) {
      errors.add(joinPath(path, key), "UNKNOWN_VALUE", `${path} has no open stage ${preview(key)}; open stages are ${OPEN_STAGES.join(", ")}`);
      complete = false;
    }
  }
  return complete ? (values as Record<OpenStage, number>) : null;
}
