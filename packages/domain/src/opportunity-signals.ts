// SOP-4.3: buying signals recorded on follow-ups suggest, never open, an opportunity; the rep decides.
import type { Playbook } from "./playbook.ts";
import { isOneOf, MARKET_BUYING_SIGNALS, type BuyingSignal } from "./vocabulary.ts";

export const BUYING_SIGNAL_SOURCES = ["CUSTOMER", "MARKET"] as const;
export type BuyingSignalSource = (typeof BUYING_SIGNAL_SOURCES)[number];

/** SOP-4.1 signals come from what the customer says; SOP-4.2 signals from their market. */
export function signalSource(signal: BuyingSignal): BuyingSignalSource {
  return isOneOf(MARKET_BUYING_SIGNALS, signal) ? "MARKET" : "CUSTOMER";
}

export interface OpportunitySuggestion {
  suggested: boolean;
  /** The distinct signals seen, in first-seen order. */
  distinctSignals: BuyingSignal[];
  /** Why it is suggested, for the rep; null when it is not. */
  reason: string | null;
}

/** Takes every signal recorded on the lead's follow-ups; the same signal twice counts once. */
export function suggestOpportunity(signals: readonly BuyingSignal[], playbook: Playbook): OpportunitySuggestion {
  const distinctSignals = [...new Set(signals)];
  const qualifying = distinctSignals.find((signal) => playbook.opportunity.qualifyingSignals.includes(signal));
  if (qualifying !== undefined) {
    return { suggested: true, distinctSignals, reason: `${qualifying} alone suggests an opportunity` };
  }
  const { minDistinctSignals } = playbook.opportunity;
  if (distinctSignals.length >= minDistinctSignals) {
    return {
      suggested: true,
      distinctSignals,
      reason: `${distinctSignals.length} distinct signals (at least ${minDistinctSignals} suggest an opportunity)`,
    };
  }
  return { suggested: false, distinctSignals, reason: null };
}
