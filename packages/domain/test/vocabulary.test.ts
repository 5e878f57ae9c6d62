import { describe, expect, it } from "vitest";
import {
  BUYING_SIGNALS,
  channelGroup,
  CONTACT_CHANNELS,
  DIMENSIONS,
  FOLLOW_UP_KINDS,
  FOLLOW_UP_OUTCOMES,
  FOLLOW_UP_STATUSES,
  INTEREST_CHANGES,
  isOneOf,
  isReferralChannel,
  LEAD_CHANNELS,
  LEAD_STATUSES,
  RATINGS,
  TIERS,
  USER_ROLES,
  type LeadChannel,
} from "../src/index.ts";

describe("SOP-1.1 lead channels", () => {
  it.each<[LeadChannel, "ONLINE" | "OFFLINE" | "REFERRAL"]>([
    ["INDUSTRY_WEBSITE", "ONLINE"],
    ["SOCIAL_MEDIA", "ONLINE"],
    ["SEARCH_ENGINE", "ONLINE"],
    ["INDUSTRY_FORUM", "ONLINE"],
    ["TRADE_SHOW", "OFFLINE"],
    ["SEMINAR", "OFFLINE"],
    ["CHAMBER_EVENT", "OFFLINE"],
    ["PARTNER_REFERRAL", "REFERRAL"],
    ["CUSTOMER_REFERRAL", "REFERRAL"],
  ])("SOP-1.1 %s is an %s channel", (channel, group) => {
    expect(channelGroup(channel)).toBe(group);
    expect(isReferralChannel(channel)).toBe(group === "REFERRAL");
  });

  it("SOP-1.1 the table above covers every lead channel", () => {
    expect(LEAD_CHANNELS).toHaveLength(9);
  });
});

describe("vocabularies", () => {
  it.each([
    ["LEAD_CHANNELS", LEAD_CHANNELS],
    ["CONTACT_CHANNELS", CONTACT_CHANNELS],
    ["RATINGS", RATINGS],
    ["DIMENSIONS", DIMENSIONS],
    ["TIERS", TIERS],
    ["LEAD_STATUSES", LEAD_STATUSES],
    ["FOLLOW_UP_KINDS", FOLLOW_UP_KINDS],
    ["FOLLOW_UP_STATUSES", FOLLOW_UP_STATUSES],
    ["FOLLOW_UP_OUTCOMES", FOLLOW_UP_OUTCOMES],
    ["INTEREST_CHANGES", INTEREST_CHANGES],
    ["BUYING_SIGNALS", BUYING_SIGNALS],
    ["USER_ROLES", USER_ROLES],
  ] as const)("%s has no duplicates and only enum-safe names", (_name, values) => {
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) expect(value).toMatch(/^[A-Za-z_]+$/);
  });

  it("isOneOf accepts members only", () => {
    expect(isOneOf(TIERS, "A")).toBe(true);
    expect(isOneOf(TIERS, "D")).toBe(false);
    expect(isOneOf(TIERS, 1)).toBe(false);
  });
});
