import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  duplicateKeys,
  normalizeCompanyName,
  normalizeEmail,
  normalizePhone,
  validateCompanyName,
  validateCreditCode,
  type FieldError,
  type Result,
} from "../src/index.ts";

// Input from business cards, spreadsheets and Chinese input methods: lone surrogates,
// zero-width and direction marks, emoji, full-width forms, legal suffixes and plain noise.
const awkwardPiece = fc.oneof(
  fc.string({ unit: "binary", maxLength: 4 }),
  fc.string({ unit: "grapheme", maxLength: 4 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom(
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\ufeff", "\u00ad",
    "😀", "👩‍💻", "🇨🇳", "＠", "。", "．", "，", "（", "）", "　", "ＡＢＣ", "１２３", "İ", "ß", "ẞ", "Σ", "ﬁ", "ǅ", "ｶ", "ﾞ",
    "有限公司", "股份有限公司", "集团", "公司", "华为", " ", ".", ",", "'", "Co.", "Ltd", "L.L.C.", "S.A.", "Inc", "a", "B", "@", "+86", "138", "-",
  ),
);
const awkwardText = (maxLength: number) =>
  fc.array(awkwardPiece, { maxLength: Math.ceil(maxLength / 4), size: "max" }).map((pieces) => pieces.join("").slice(0, maxLength));
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 10_000, size: "max" }),
  fc.string({ unit: "grapheme", maxLength: 2_000 }),
  awkwardText(10_000),
);

function expectIdempotent(normalize: (raw: string) => Result<string, FieldError>, raw: string): void {
  const once = normalize(raw);
  if (once.ok) expect(normalize(once.value)).toEqual(once);
}

describe("SOP-1.3 normalisation never throws and is idempotent", () => {
  it("SOP-1.3 company names: normalize(normalize(x)) == normalize(x)", () => {
    fc.assert(
      fc.property(anyText, (raw) => {
        const once = normalizeCompanyName(raw);
        expect(normalizeCompanyName(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["an apostrophe between a kana and a half-width voiced mark", "🈀'ﾞ"], // found by fast-check
    ["a dotted capital I", "İBM Co."],
    ["a capital sharp s", "STRAẞE GmbH"],
    ["Hangul jamo split by a separator", "\u1100.\u1161"],
  ])("SOP-1.3 company names: %s stays stable", (_name, raw) => {
    const once = normalizeCompanyName(raw);
    expect(normalizeCompanyName(once)).toBe(once);
  });

  it("SOP-1.3 email addresses: a normalised address normalises to itself", () => {
    const emailLike = fc
      .tuple(awkwardText(40), fc.constantFrom("@", "＠"), awkwardText(40), fc.constantFrom(".com", "。cn", ".COM"))
      .map((parts) => parts.join(""));
    fc.assert(fc.property(fc.oneof(anyText, emailLike, fc.emailAddress()), (raw) => expectIdempotent(normalizeEmail, raw)), { numRuns: 300 });
  });

  it("SOP-1.3 real-looking email addresses are accepted and normalise to themselves", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (raw) => {
        const once = normalizeEmail(raw);
        expect(once.ok).toBe(true);
        if (once.ok) expect(normalizeEmail(once.value)).toEqual(once);
      }),
    );
  });

  it("SOP-1.3 phone numbers: a normalised number normalises to itself", () => {
    const phoneLike = fc
      .tuple(fc.constantFrom("", "+86 ", "0086", "(010) ", "＋８６"), fc.stringMatching(/^1[3-9]\d{9}$/), awkwardText(8))
      .map((parts) => parts.join(""));
    fc.assert(fc.property(fc.oneof(anyText, phoneLike), (raw) => expectIdempotent((text) => normalizePhone(text), raw)), { numRuns: 300 });
  });

  it("SOP-1.3 credit codes: a normalised code normalises to itself", () => {
    fc.assert(fc.property(anyText, (raw) => expectIdempotent(validateCreditCode, raw)), { numRuns: 300 });
  });

  it("SOP-1.4 duplicate keys never throw, whatever the four fields hold", () => {
    const field = fc.option(anyText, { nil: null });
    fc.assert(
      fc.property(field, field, field, field, (email, phone, companyName, creditCode) => {
        const keys = duplicateKeys({ email, phone, companyName, creditCode });
        expect(duplicateKeys({ email: keys.emailKey, phone: keys.phoneKey, creditCode: keys.creditCodeKey, companyName: keys.companyKey })).toEqual(keys);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ["10,000 characters of ASCII", "a".repeat(10_000)],
    ["10,000 lone surrogates", "\ud800".repeat(10_000)],
    ["10,000 zero-width spaces", "\u200b".repeat(10_000)],
    ["10,000 characters of emoji", "😀".repeat(5_000)],
    ["10,000 characters of legal suffixes", "有限公司".repeat(2_500)],
    ["a right-to-left override", "\u202eacme@example.com"],
  ])("SOP-1.3 %s is handled without throwing", (_name, raw) => {
    expect(() => {
      normalizeEmail(raw);
      normalizePhone(raw);
      normalizeCompanyName(raw);
      validateCompanyName(raw);
      validateCreditCode(raw);
      duplicateKeys({ email: raw, phone: raw, companyName: raw, creditCode: raw });
    }).not.toThrow();
  });

  it.each([
    ["email", normalizeEmail],
    ["phone", (raw: string) => normalizePhone(raw)],
    ["company name", validateCompanyName],
  ] as const)("SOP-1.3 a 10,000-character %s is reported as TOO_LONG", (_name, normalize) => {
    expect(normalize("1".repeat(10_000))).toMatchObject({ ok: false, error: { code: "TOO_LONG" } });
  });
});
