// The fixed vocabularies of the SOP. Each is an `as const` array so the API can reuse the very
// same list for GraphQL enums and database CHECK constraints, and the type is derived from it.

/** Narrows an unknown value to a member of one of the vocabularies below. */
export function isOneOf<const T extends readonly string[]>(values: T, candidate: unknown): candidate is T[number] {
  return typeof candidate === "string" && (values as readonly string[]).includes(candidate);
}

// SOP-1.1: where a lead came from, grouped as the SOP groups them.
export const ONLINE_LEAD_CHANNELS = ["INDUSTRY_WEBSITE", "SOCIAL_MEDIA", "SEARCH_ENGINE", "INDUSTRY_FORUM"] as const;
export const OFFLINE_LEAD_CHANNELS = ["TRADE_SHOW", "SEMINAR", "CHAMBER_EVENT"] as const;
export const REFERRAL_LEAD_CHANNELS = ["PARTNER_REFERRAL", "CUSTOMER_REFERRAL"] as const;
export const LEAD_CHANNELS = [...ONLINE_LEAD_CHANNELS, ...OFFLINE_LEAD_CHANNELS, ...REFERRAL_LEAD_CHANNELS] as const;
export type LeadChannel = (typeof LEAD_CHANNELS)[number];

export const LEAD_CHANNEL_GROUPS = ["ONLINE", "OFFLINE", "REFERRAL"] as const;
export type LeadChannelGroup = (typeof LEAD_CHANNEL_GROUPS)[number];

export function channelGroup(channel: LeadChannel): LeadChannelGroup {
  if (isOneOf(ONLINE_LEAD_CHANNELS, channel)) return "ONLINE";
  if (isOneOf(OFFLINE_LEAD_CHANNELS, channel)) return "OFFLINE";
  return "REFERRAL";
}

/** SOP-1.1: a referral lead must also record who referred it. */
export function isReferralChannel(channel: LeadChannel): boolean {
  return channelGroup(channel) === "REFERRAL";
}

export const CONTACT_CHANNELS = ["PHONE", "VISIT", "VIDEO", "EMAIL", "SMS", "WECHAT"] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

// SOP-2.1
export const RATINGS = ["HIGH", "MEDIUM", "LOW", "UNKNOWN"] as const;
export type Rating = (typeof RATINGS)[number];
export const DIMENSIONS = ["needUrgency", "budget", "decisionAuthority"] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const TIERS = ["A", "B", "C"] as const;
export type Tier = (typeof TIERS)[number];

export const LEAD_STATUSES = ["NEW", "WORKING", "CONVERTED", "DISQUALIFIED"] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

export const FOLLOW_UP_KINDS = ["FIRST_CONTACT", "CADENCE", "NURTURE", "MEETING"] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_STATUSES = ["OPEN", "DONE", "CANCELLED"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];
export const FOLLOW_UP_OUTCOMES = ["CONNECTED", "NO_ANSWER", "MEETING_BOOKED", "MATERIAL_SENT", "NOT_INTERESTED"] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];
// SOP-3.4: the rep's reading of the customer's interest after a follow-up.
export const INTEREST_CHANGES = ["RAISED", "SAME", "LOWERED"] as const;
export type InterestChange = (typeof INTEREST_CHANGES)[number];

// SOP-4.1 signals come from the customer, SOP-4.2 signals from the customer's market.
export const CUSTOMER_BUYING_SIGNALS = [
  "SPECIFIC_NEED",
  "STRONG_INTEREST",
  "PRICE_OR_PROCESS_QUESTION",
  "PROBLEM_FIT_QUESTION",
  "FEATURE_ATTENTION",
] as const;
export const MARKET_BUYING_SIGNALS = ["INDUSTRY_POLICY_CHANGE", "COMPETITION_PRESSURE", "BUSINESS_CHANGE"] as const;
export const BUYING_SIGNALS = [...CUSTOMER_BUYING_SIGNALS, ...MARKET_BUYING_SIGNALS] as const;
export type BuyingSignal = (typeof BUYING_SIGNALS)[number];

// architecture.md lists REVIEWER among the roles (proposal versions assigned to them).
export const USER_ROLES = ["REP", "MANAGER", "REVIEWER", "ANALYST", "ADMIN"] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** SOP-1.2 company size, as head-count bands: <10, 10–49, 50–249, 250–999, 1,000+. */
export const COMPANY_SIZES = ["MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE"] as const;
export type CompanySize = (typeof COMPANY_SIZES)[number];

/** SOP-1.4: why two leads look like the same customer; a credit code is the exact company key. */
export const DUPLICATE_REASONS = ["CREDIT_CODE", "EMAIL", "PHONE", "COMPANY_NAME"] as const;
export type DuplicateReason = (typeof DUPLICATE_REASONS)[number];
