// Contact details (phone, email, WeChat) in full for reps and managers, masked for everyone else
// (analysts, admins), wherever they are read: a lead's own fields, and the before/after values its
// history and its opportunities' history store.
import { maskEmail, maskPhone, maskWechatId } from "@sales/domain";
import type { UserRow } from "../users/user.table.ts";
import { seesContactDetails } from "./visibility.ts";

const MASKS = { phone: maskPhone, email: maskEmail, wechatId: maskWechatId } as const;
export type ContactField = keyof typeof MASKS;
export const CONTACT_FIELDS = Object.keys(MASKS) as ContactField[];

/** A contact detail as `viewer` may see it: in full for reps and managers, masked for everyone else. */
export function contactDetail(viewer: UserRow | null, field: ContactField, value: string | null): string | null {
  if (value === null || seesContactDetails(viewer)) return value;
  return MASKS[field](value);
}

/**
 * The keys of stored before/after values that a viewer without contact details reads in clear:
 * the work (stages, tiers, dates, amounts, reasons, who), never a way to reach the customer. The
 * list is what may be shown, not what must be hidden, so a key added to an audit event later
 * stays out of an analyst's view until someone decides it belongs here.
 */
export const OPEN_HISTORY_KEYS: ReadonlySet<string> = new Set([
  "id", "createdAt", "updatedAt",
  // the lead (SOP-1.2, 2, 3)
  "channel", "sourceDetail", "referredBy", "companyName", "contactName", "contactTitle", "companySize", "businessScope",
  "currentProduct", "province", "city", "creditCode", "collectedOn", "status", "disqualifiedReason", "tier", "computedTier",
  "tierOverride", "tierOverrideReason", "tierOverrideDisputed", "assessmentIncomplete", "needsReassessment",
  "firstContactDueAt", "firstContactAt", "lastContactAt", "firstAssessedAt", "ownerId", "teamId", "mergedIntoId", "leadId",
  "duplicateOfId",
  // its assessments (SOP-2)
  "needUrgency", "budget", "decisionAuthority", "budgetAmount", "budgetCurrency", "incomplete", "reasons", "note",
  // its follow-ups (SOP-3)
  "kind", "dueAt", "slaDueAt", "reason", "outcome", "interest", "signals", "channelUsed", "completedAt", "unplanned",
  "nextFollowUpId", "activityId", "meetingAt",
  // its opportunities, proposals, reviews and contract (SOP-4–6)
  "name", "estimatedValue", "expectedCloseOn", "stage", "lossReason", "lossNote", "lostFromStage", "opportunityId", "parts",
  "version", "versionId", "number", "decision", "reviews", "department", "verdict", "comments", "gaps",
  "floorLoweringAwaitsApproval", "floorLowered", "contract", "amount", "signedOn", "needsApproval",
]);

/**
 * Kept from such viewers on purpose, and listed only so a test can tell a decision from an
 * oversight: the normalised duplicate keys, which hold the phone and email in full.
 */
export const HIDDEN_HISTORY_KEYS: ReadonlySet<string> = new Set(["phoneKey", "emailKey", "companyKey", "creditCodeKey"]);

/**
 * Stored before/after values as `viewer` may read them: as stored for reps and managers; for
 * everyone else only the open keys, with contact details masked.
 */
export function historyValuesFor(viewer: UserRow | null, values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values === null || seesContactDetails(viewer)) return values;
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key in MASKS) shown[key] = typeof value === "string" ? MASKS[key as ContactField](value) : value;
    else if (OPEN_HISTORY_KEYS.has(key)) shown[key] = value;
  }
  return shown;
}
