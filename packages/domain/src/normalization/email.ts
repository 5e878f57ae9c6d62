// SOP-1.3, 1.4: one standard form per email address, used for storage and duplicate detection.
import { err, fieldError, ok, type FieldError, type Result } from "../result.ts";
import { canonicalLowerCase } from "./unicode-text.ts";

/** RFC 5321 limits: 320 overall, 64 for the part before "@", 253 for the domain. */
export const EMAIL_MAX_LENGTH = 320;
const LOCAL_PART_MAX_LENGTH = 64;
const DOMAIN_MAX_LENGTH = 253;

const LOCAL_PART = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN = /^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])$/;

/**
 * Lower-cases the whole address: mail providers here treat the local part case-insensitively,
 * and a duplicate check that missed "Li.Wei@" vs "li.wei@" would be worse than useless.
 * Only ASCII addresses are accepted (internationalised addresses are vanishingly rare in B2B).
 */
export function normalizeEmail(raw: string): Result<string, FieldError> {
  const email = canonicalLowerCase(raw)
    .replace(/\s+/gu, "")
    .replace(/\u3002/gu, "."); // the ideographic full stop "。" typed for "." on Chinese keyboards

  if (email === "") return err(fieldError("email", "REQUIRED", "the email address is empty"));
  if (email.length > EMAIL_MAX_LENGTH) {
    return err(fieldError("email", "TOO_LONG", `an email address has at most ${EMAIL_MAX_LENGTH} characters`));
  }
  const parts = email.split("@");
  const [local, domain] = parts;
  const valid =
    parts.length === 2 &&
    local !== undefined &&
    domain !== undefined &&
    local.length <= LOCAL_PART_MAX_LENGTH &&
    domain.length <= DOMAIN_MAX_LENGTH &&
    LOCAL_PART.test(local) &&
    DOMAIN.test(domain);
  if (!valid) return err(fieldError("email", "INVALID_FORMAT", "this is not an email address like name@example.com"));
  return ok(email);
}
