// SOP-1.3, 1.4: phone numbers stored and compared in E.164 ("+8613800138000").
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from "libphonenumber-js/max";
import { err, fieldError, ok, type FieldError, type Result } from "../result.ts";
import { canonicalText } from "./unicode-text.ts";

export const PHONE_MAX_LENGTH = 64;

/**
 * `defaultRegion` applies to numbers written without a country code, e.g. "138 0013 8000" or
 * "(010) 6552 9988" in mainland China. The full ("max") metadata is used because the smaller
 * one accepts impossible numbers such as a ten-digit Chinese mobile number.
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = "CN"): Result<string, FieldError> {
  const text = canonicalText(raw)
    .trim()
    .replace(/转|分机/gu, " ext "); // "转 8" / "分机 8" is how extensions are written in Chinese

  if (text === "") return err(fieldError("phone", "REQUIRED", "the phone number is empty"));
  if (text.length > PHONE_MAX_LENGTH) {
    return err(fieldError("phone", "TOO_LONG", `a phone number has at most ${PHONE_MAX_LENGTH} characters`));
  }
  if (!isSupportedCountry(defaultRegion)) {
    return err(fieldError("defaultRegion", "UNKNOWN_VALUE", `${defaultRegion} is not a known region code such as CN`));
  }
  const parsed = parsePhoneNumberFromString(text, defaultRegion);
  if (!parsed?.isValid()) {
    return err(fieldError("phone", "INVALID_FORMAT", "this is not a valid phone number; include the area code or +country code"));
  }
  return ok(parsed.number);
}
