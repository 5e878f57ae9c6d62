// SOP-1.4: the keys capture compares to spot a likely duplicate lead. A field that is missing
// or unusable gives a null key, which never matches anything.
import type { CountryCode } from "libphonenumber-js/max";
import { validateCreditCode } from "./credit-code.ts";
import { normalizeCompanyName } from "./company-name.ts";
import { normalizeEmail } from "./email.ts";
import { normalizePhone } from "./phone.ts";

export interface LeadIdentity {
  email?: string | null;
  phone?: string | null;
  companyName?: string | null;
  creditCode?: string | null;
}

export interface DuplicateKeys {
  emailKey: string | null;
  phoneKey: string | null;
  companyKey: string | null;
  creditCodeKey: string | null;
}

export function duplicateKeys(lead: LeadIdentity, defaultRegion: CountryCode = "CN"): DuplicateKeys {
  const email = lead.email ? normalizeEmail(lead.email) : null;
  const phone = lead.phone ? normalizePhone(lead.phone, defaultRegion) : null;
  const creditCode = lead.creditCode ? validateCreditCode(lead.creditCode) : null;
  const companyKey = lead.companyName ? normalizeCompanyName(lead.companyName) : "";
  return {
    emailKey: email?.ok ? email.value : null,
    phoneKey: phone?.ok ? phone.value : null,
    companyKey: companyKey === "" ? null : companyKey,
    creditCodeKey: creditCode?.ok ? creditCode.value : null,
  };
}
