// SOP-2.1 to 2.4: a lead's tier follows from its three assessment dimensions.
import type { Playbook } from "./playbook.ts";
import { err, ok, type FieldError, type Result } from "./result.ts";
import { FieldErrorList } from "./validation.ts";
import { DIMENSIONS, TIERS, type Dimension, type Rating, type Tier } from "./vocabulary.ts";

/** SOP-2.1: the known ratings, lowest first. UNKNOWN is not on the scale; the playbook places it. */
export const RATING_ORDER = ["LOW", "MEDIUM", "HIGH"] as const;
export type KnownRating = (typeof RATING_ORDER)[number];

/** Tiers from least to most promising, for comparisons ("never lowers the tier"). */
export const TIER_ORDER = ["C", "B", "A"] as const satisfies readonly Tier[];

export interface Assessment {
  needUrgency: Rating;
  budget: Rating;
  decisionAuthority: Rating;
}

/** A lead that nobody has assessed yet: tier B under the default playbook, flagged incomplete. */
export const UNASSESSED: Assessment = Object.freeze({
  needUrgency: "UNKNOWN",
  budget: "UNKNOWN",
  decisionAuthority: "UNKNOWN",
});

export const DIMENSION_LABELS: Readonly<Record<Dimension, string>> = Object.freeze({
  needUrgency: "need urgency",
  budget: "budget",
  decisionAuthority: "decision authority",
});

/** One line of "why this tier"; `dimension` is null for a statement about all of them. */
export interface TierReason {
  dimension: Dimension | null;
  rating: Rating | null;
  text: string;
}

export interface TierResult {
  tier: Tier;
  reasons: TierReason[];
  /** SOP-2.3: at least one dimension was UNKNOWN, so the tier rests on the playbook's stand-in. */
  incomplete: boolean;
}

export function computeTier(assessment: Assessment, playbook: Playbook): TierResult {
  const standIn = playbook.tiering.unknownCountsAs;
  const effective = (dimension: Dimension): KnownRating => {
    const rating = assessment[dimension];
    return rating === "UNKNOWN" ? standIn : rating;
  };
  const effectiveRatings = DIMENSIONS.map(effective);
  const tier: Tier = effectiveRatings.includes("LOW")
    ? "C" // SOP-2.3: any LOW
    : effectiveRatings.every((rating) => rating === "HIGH")
      ? "A" // SOP-2.2: all HIGH
      : "B"; // SOP-2.4: everything else

  // The dimensions that decided the tier, plus every UNKNOWN so the reader sees what was assumed.
  const decidingRating: KnownRating | null = tier === "C" ? "LOW" : tier === "B" ? "MEDIUM" : null;
  const reasons: TierReason[] = [];
  if (tier === "A") reasons.push({ dimension: null, rating: null, text: "all three dimensions are HIGH" });
  for (const dimension of DIMENSIONS) {
    const rating = assessment[dimension];
    const label = DIMENSION_LABELS[dimension];
    if (rating === "UNKNOWN") {
      reasons.push({ dimension, rating, text: `${label} is UNKNOWN (counted as ${standIn})` });
    } else if (rating === decidingRating) {
      reasons.push({ dimension, rating, text: `${label} is ${rating}` });
    }
  }
  return { tier, reasons, incomplete: DIMENSIONS.some((dimension) => assessment[dimension] === "UNKNOWN") };
}

/** Positive when `a` is the more promising tier. */
export function compareTiers(a: Tier, b: Tier): number {
  return TIER_ORDER.indexOf(a) - TIER_ORDER.indexOf(b);
}

/** SOP-2.6: a manager's override of the computed tier. */
export interface TierOverride {
  tier: Tier;
  reason: string;
}

export const TIER_OVERRIDE_REASON_MAX_LENGTH = 1000;

/** SOP-2.6: an override is only accepted with a reason, which is what gets recorded. */
export function validateTierOverride(input: { tier: unknown; reason: unknown }): Result<TierOverride, FieldError[]> {
  const errors = new FieldErrorList();
  const tier = errors.requireOneOf(TIERS, input.tier, "tier");
  const reason = typeof input.reason === "string" ? input.reason.trim() : "";
  if (reason === "") {
    errors.add("reason", "REQUIRED", "a tier override needs a reason");
  } else if (reason.length > TIER_OVERRIDE_REASON_MAX_LENGTH) {
    errors.add("reason", "TOO_LONG", `the reason may be at most ${TIER_OVERRIDE_REASON_MAX_LENGTH} characters`);
  }
  return tier !== null && errors.isEmpty ? ok({ tier, reason }) : err(errors.errors);
}
