import type { LeadFilter } from "./leads.query.ts";

/** What the filter form holds: "" means "any". */
export interface LeadFilterForm {
  search: string;
  status: string;
  tier: string;
  channel: string;
  ownerId: string;
  province: string;
}

export const EMPTY_FILTER_FORM: LeadFilterForm = { search: "", status: "", tier: "", channel: "", ownerId: "", province: "" };

export const LEAD_STATUSES = ["NEW", "WORKING", "CONVERTED", "DISQUALIFIED"] as const;
export const TIERS = ["A", "B", "C"] as const;
export const LEAD_CHANNELS = [
  "TRADE_SHOW",
  "SEMINAR",
  "CHAMBER_EVENT",
  "INDUSTRY_WEBSITE",
  "SOCIAL_MEDIA",
  "SEARCH_ENGINE",
  "INDUSTRY_FORUM",
  "PARTNER_REFERRAL",
  "CUSTOMER_REFERRAL",
] as const;
export const RATINGS = ["HIGH", "MEDIUM", "LOW", "UNKNOWN"] as const;

/** The API takes 2 to 100 characters of a company or contact name (华为 finds 华为技术有限公司). */
export const SEARCH_MIN = 2;
export const SEARCH_MAX = 100;

export type SearchProblem = "tooShort" | "tooLong" | null;

export function searchProblem(search: string): SearchProblem {
  const length = [...search.trim()].length;
  if (length === 0) return null;
  if (length < SEARCH_MIN) return "tooShort";
  if (length > SEARCH_MAX) return "tooLong";
  return null;
}

/**
 * The form as the API's LeadFilterInput: only the conditions given, each list of one value;
 * null when nothing is given. A search the API would refuse is left out (the form says why).
 */
export function leadFilterFrom(form: LeadFilterForm): LeadFilter | null {
  const filter: LeadFilter = {};
  const search = form.search.trim();
  if (search && searchProblem(search) === null) filter.search = search;
  if (form.status) filter.status = [form.status as (typeof LEAD_STATUSES)[number]];
  if (form.tier) filter.tier = [form.tier as (typeof TIERS)[number]];
  if (form.channel) filter.channel = [form.channel as (typeof LEAD_CHANNELS)[number]];
  if (form.ownerId) filter.ownerId = [form.ownerId];
  const province = form.province.trim();
  if (province) filter.province = [province];
  return Object.keys(filter).length === 0 ? null : filter;
}

/** The API gives a lead's newest 1 to 200 history entries. */
export const HISTORY_MAX = 200;
export const HISTORY_STEP = 10;

/** How many entries "show more" asks for next; null when every entry (or the API's bound) is shown. */
export function nextHistoryLast(shown: number, historyCount: number): number | null {
  const reachable = Math.min(historyCount, HISTORY_MAX);
  if (shown >= reachable) return null;
  return Math.min(shown + HISTORY_STEP, reachable);
}

/** History actions the catalogue has words for; any other is shown as the API's code. */
export const KNOWN_ACTIONS = [
  "LEAD_CAPTURED",
  "LEAD_UPDATED",
  "LEAD_ASSESSED",
  "LEAD_ASSIGNED",
  "LEAD_CONTACT_RECORDED",
  "LEAD_CONVERTED",
  "LEAD_DISQUALIFIED",
  "LEAD_REOPENED",
  "LEAD_MERGED",
  "LEAD_MERGED_INTO",
  "LEADS_IMPORTED",
  "TIER_OVERRIDDEN",
  "TIER_OVERRIDE_CLEARED",
  "TIER_RECOMPUTED",
  "DUPLICATE_DISMISSED",
  "FOLLOW_UP_PLANNED",
  "FOLLOW_UP_COMPLETED",
  "FOLLOW_UP_RESCHEDULED",
  "FOLLOW_UP_REPLANNED",
  "FOLLOW_UP_CANCELLED",
  "ACTIVITY_LOGGED",
  "OPPORTUNITY_OPENED",
  "OPPORTUNITY_STAGE_CHANGED",
  "OPPORTUNITY_UPDATED",
  "OPPORTUNITY_REASSIGNED",
  "PROPOSAL_CREATED",
  "PROPOSAL_UPDATED",
  "PROPOSAL_SUBMITTED",
  "PROPOSAL_DECIDED",
  "REVIEW_STARTED",
  "REVIEW_SUBMITTED",
] as const;
export type KnownAction = (typeof KNOWN_ACTIONS)[number];

export function isKnownAction(action: string): action is KnownAction {
  return (KNOWN_ACTIONS as readonly string[]).includes(action);
}
