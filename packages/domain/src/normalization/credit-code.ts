// The unified social credit code (统一社会信用代码, GB 32100-2015) identifies a Chinese company
// for certain, so when both leads have one it is the strongest duplicate signal (SOP-1.4).
import { err, fieldError, ok, type FieldError, type Result } from "../result.ts";
import { canonicalText } from "./unicode-text.ts";

export const CREDIT_CODE_LENGTH = 18;

// The 31 characters of the code, in value order; I, O, S, V and Z are never used.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
// Weight of position i is 3^i mod 31 (GB 32100-2015, 5.2).
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Returns the code in its canonical form: upper case, without spaces or hyphens. */
export function validateCreditCode(raw: string): Result<string, FieldError> {
  const code = canonicalText(raw).replace(/[\s-]+/gu, "").toUpperCase();
  if (code === "") return err(fieldError("creditCode", "REQUIRED", "the unified social credit code is empty"));
  if (code.length !== CREDIT_CODE_LENGTH) {
    return err(
      fieldError("creditCode", "INVALID_FORMAT", `a unified social credit code has ${CREDIT_CODE_LENGTH} characters, this has ${code.length}`),
    );
  }
  const badIndex = [...code].findIndex((char) => !ALPHABET.includes(char));
  if (badIndex !== -1) {
    return err(
      fieldError("creditCode", "INVALID_FORMAT", `character ${badIndex + 1} is not used in credit codes (only digits and A-Y without I, O, S, V)`),
    );
  }
  if (code.at(-1) !== creditCodeCheckCharacter(code.slice(0, -1))) {
    return err(fieldError("creditCode", "INVALID_CHECKSUM", "the check character does not match; the code probably has a typo"));
  }
  return ok(code);
}

/**
 * The 18th character of a code, computed from its first 17 (GB 32100-2015, 5.2); null when
 * they are not 17 characters of the code's alphabet. Lets demo and test data build valid codes.
 */
export function creditCodeCheckCharacter(first17: string): string | null {
  if (first17.length !== CREDIT_CODE_LENGTH - 1) return null;
  const values = [...first17].map((char) => ALPHABET.indexOf(char));
  if (values.includes(-1)) return null;
  const weighted = WEIGHTS.reduce((sum, weight, index) => sum + weight * values[index]!, 0);
  return ALPHABET[(31 - (weighted % 31)) % 31]!;
}
