import { maskEmail, maskPhone, maskWechatId } from "@sales/domain";
import { seesContactDetails } from "../access/visibility.ts";
import type { UserRow } from "../users/user.table.ts";

const MASKS = { phone: maskPhone, email: maskEmail, wechatId: maskWechatId } as const;
export type ContactField = keyof typeof MASKS;

/** A contact detail as `viewer` may see it: in full for reps and managers, masked for everyone else. */
export function contactDetail(viewer: UserRow | null, field: ContactField, value: string | null): string | null {
  if (value === null || seesContactDetails(viewer)) return value;
  return MASKS[field](value);
}

/** The same masking inside a history entry's before/after values. */
export function maskContactFields(viewer: UserRow | null, values: Record<string, unknown> | null): Record<string, unknown> | null {
  if (values === null || seesContactDetails(viewer)) return values;
  const masked = { ...values };
  for (const field of Object.keys(MASKS) as ContactField[]) {
    const value = masked[field];
    if (typeof value === "string") masked[field] = MASKS[field](value);
  }
  return masked;
}
