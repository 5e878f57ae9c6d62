// SOP-1.4: the same company reached through two channels is one lead. Its name becomes a key
// that ignores width, case, spacing, punctuation and legal-form suffixes, so "华为技术有限公司"
// and "华为技术 有限公司", or "ACME Co., Ltd." and "acme", are recognised as the same company.
import { err, fieldError, ok, type FieldError, type Result } from "../result.ts";
import { canonicalLowerCase, withoutInvisibles } from "./unicode-text.ts";

/** Longer than any registered name; longer input is refused rather than stored. */
export const COMPANY_NAME_MAX_LENGTH = 500;

/**
 * The company name to store and display (SOP-1.2): as typed, minus invisible characters and
 * surrounding spaces. Full-width forms are kept, since registered Chinese names use them
 * ("腾讯科技（深圳）有限公司"); the duplicate key is normalizeCompanyName's job.
 */
export function validateCompanyName(raw: string): Result<string, FieldError> {
  const name = withoutInvisibles(raw).trim();
  if (name === "") return err(fieldError("companyName", "REQUIRED", "the company name is empty"));
  if (name.length > COMPANY_NAME_MAX_LENGTH) {
    return err(fieldError("companyName", "TOO_LONG", `a company name has at most ${COMPANY_NAME_MAX_LENGTH} characters`));
  }
  return ok(name);
}

// Longest first, so "股份有限公司" is not mistaken for "有限公司" plus a leftover "股份".
const CHINESE_LEGAL_SUFFIXES = [
  "股份有限公司",
  "有限责任公司",
  "有限責任公司",
  "有限公司",
  "股份公司",
  "集团",
  "集團",
  "公司",
];

// Matched as whole words after punctuation is gone; dotted initials ("S.A.", "L.L.C.") have
// already been joined into one word, and suffixes are removed one word at a time, so every
// ordering ("Co., Ltd.", "Ltd. Co.", "Company Limited") comes out the same.
const LATIN_LEGAL_SUFFIXES = new Set([
  "co",
  "company",
  "corp",
  "corporation",
  "inc",
  "incorporated",
  "ltd",
  "limited",
  "llc",
  "llp",
  "lp",
  "plc",
  "gmbh",
  "ag",
  "kg",
  "sa",
  "spa",
  "srl",
  "sarl",
  "bv",
  "nv",
  "pte",
  "pty",
  "group",
]);

const NOT_PART_OF_A_WORD = /[^\p{L}\p{N}\p{M}]+/gu;
const APOSTROPHES = /['\u2019\u02bc]/gu; // "McDonald's" and "McDonalds" are one company
const SINGLE_LATIN_LETTER = /^[a-z]$/;
const STARTS_WITH_HAN = /^\p{Script=Han}/u;
const ENDS_WITH_HAN = /\p{Script=Han}$/u;

export function normalizeCompanyName(raw: string): string {
  // Canonicalised again after the apostrophes go: the characters they separated may now combine
  // (a half-width voiced mark after "か" becomes "が").
  const text = canonicalLowerCase(canonicalLowerCase(raw).replace(APOSTROPHES, ""));
  const words = text.split(NOT_PART_OF_A_WORD).filter(Boolean);
  let key = joinWords(words);
  // Repeatedly, since names stack suffixes ("集团股份有限公司", "Group Co., Ltd.").
  for (let shorter = stripLegalSuffix(key); shorter !== null; shorter = stripLegalSuffix(key)) {
    key = joinWords(shorter);
  }
  return key.join(" ");
}

/**
 * Joins a run of single letters ("i b m", from "I.B.M.") into one word and Chinese split by
 * stray spaces ("华为 技术") into one, so spacing cannot tell two spellings apart.
 */
function joinWords(words: readonly string[]): string[] {
  const joined: string[] = [];
  let initials = "";
  const flushInitials = () => {
    if (initials !== "") joined.push(initials);
    initials = "";
  };
  for (const word of words) {
    if (SINGLE_LATIN_LETTER.test(word)) {
      initials += word;
      continue;
    }
    flushInitials();
    const previous = joined[joined.length - 1];
    if (previous !== undefined && ENDS_WITH_HAN.test(previous) && STARTS_WITH_HAN.test(word)) {
      joined[joined.length - 1] = previous + word;
    } else {
      joined.push(word);
    }
  }
  flushInitials();
  return joined;
}

/** Removes one trailing legal-form suffix, or returns null; never strips a name to nothing. */
function stripLegalSuffix(words: readonly string[]): string[] | null {
  const last = words[words.length - 1];
  if (last === undefined) return null;
  const rest = words.slice(0, -1);
  if (LATIN_LEGAL_SUFFIXES.has(last)) return rest.length > 0 ? rest : null;
  const suffix = CHINESE_LEGAL_SUFFIXES.find((candidate) => last.endsWith(candidate));
  if (suffix === undefined) return null;
  const remainder = last.slice(0, -suffix.length);
  if (remainder !== "") return [...rest, remainder];
  return rest.length > 0 ? rest : null;
}
