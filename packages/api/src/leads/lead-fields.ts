import {
  duplicateKeys,
  isReferralChannel,
  normalizeEmail,
  normalizePhone,
  validateCompanyName,
  validateCreditCode,
  type CompanySize,
  type DuplicateKeys,
  type LeadChannel,
  type Result,
} from "@sales/domain";
import type { FieldProblem } from "../errors/app-error.ts";

/** The longest text each free-text field takes; longer input is refused, never cut. */
export const LEAD_TEXT_LIMITS = {
  contactName: 200,
  contactTitle: 200,
  sourceDetail: 500,
  referredBy: 200,
  wechatId: 100,
  businessScope: 2000,
  currentProduct: 500,
  province: 50,
  city: 50,
} as const;

/** What a client sends for a lead; `undefined` leaves a field as it is (updates only). */
export interface LeadFieldValues {
  channel?: LeadChannel | null;
  companyName?: string | null;
  contactName?: string | null;
  sourceDetail?: string | null;
  referredBy?: string | null;
  contactTitle?: string | null;
  phone?: string | null;
  email?: string | null;
  wechatId?: string | null;
  companySize?: CompanySize | null;
  businessScope?: string | null;
  currentProduct?: string | null;
  province?: string | null;
  city?: string | null;
  creditCode?: string | null;
  collectedOn?: string | null;
}

type RequiredLeadField = "channel" | "companyName" | "contactName";

/** Validated fields, ready to store; the required ones are never null. */
export type NormalizedLeadFields = {
  [K in Exclude<keyof LeadFieldValues, RequiredLeadField>]?: Exclude<LeadFieldValues[K], undefined>;
} & { [K in RequiredLeadField]?: NonNullable<LeadFieldValues[K]> } & Partial<DuplicateKeys>;

/**
 * SOP-1.3: validates and normalises a lead's fields: phone to E.164, email to lower case,
 * credit code checked, text trimmed and within its limit. `current` is the stored lead for an
 * update (the rules that span fields, such as "a referral names its referrer", see both).
 * Problems are named `${prefix}.${field}`.
 */
export function normalizeLeadFields(
  input: LeadFieldValues,
  options: { prefix: string; current?: LeadFieldValues; today: string },
): Result<NormalizedLeadFields, FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const fieldName = (field: string) => (options.prefix ? `${options.prefix}.${field}` : field);
  const fail = (field: string, message: string) => problems.push({ field: fieldName(field), message });
  // Built field by field; the required fields are checked for null right after the loop.
  const out: Record<string, unknown> & NormalizedLeadFields = {};

  for (const [field, limit] of Object.entries(LEAD_TEXT_LIMITS) as [keyof typeof LEAD_TEXT_LIMITS, number][]) {
    const raw = input[field];
    if (raw === undefined) continue;
    const value = raw === null ? null : raw.trim() || null;
    if (value !== null && [...value].length > limit) fail(field, `must be at most ${limit} characters`);
    else (out as Record<string, unknown>)[field] = value;
  }
  if (input.contactName !== undefined && !out.contactName) fail("contactName", "is required");
  if (input.channel !== undefined) {
    if (input.channel === null) fail("channel", "is required");
    else out.channel = input.channel;
  }
  if (input.companySize !== undefined) out.companySize = input.companySize;
  if (input.companyName !== undefined) {
    const name = validateCompanyName(input.companyName ?? "");
    if (name.ok) out.companyName = name.value;
    else fail("companyName", name.error.message);
  }
  const normalized = (field: "phone" | "email" | "creditCode", check: (raw: string) => Result<string, { message: string }>) => {
    const raw = input[field];
    if (raw === undefined) return;
    if (raw === null || raw.trim() === "") {
      out[field] = null;
      return;
    }
    const result = check(raw);
    if (result.ok) out[field] = result.value;
    else fail(field, result.error.message);
  };
  normalized("phone", (raw) => normalizePhone(raw));
  normalized("email", normalizeEmail);
  normalized("creditCode", validateCreditCode);
  if (input.collectedOn !== undefined) {
    if (input.collectedOn !== null && input.collectedOn > options.today) fail("collectedOn", "cannot be in the future");
    else out.collectedOn = input.collectedOn;
  }

  const merged = { ...options.current, ...out };
  if (merged.channel && isReferralChannel(merged.channel) && !merged.referredBy) {
    fail("referredBy", "a referral must name who referred it (SOP-1.1)");
  }
  if (!merged.phone && !merged.email && !merged.wechatId && problems.length === 0) {
    fail("phone", "give at least one way to reach the contact: phone, email or WeChat id");
  }
  if (problems.length > 0) return { ok: false, error: problems };
  return {
    ok: true,
    value: {
      ...out,
      ...duplicateKeys({ email: merged.email, phone: merged.phone, companyName: merged.companyName, creditCode: merged.creditCode }),
    },
  };
}
