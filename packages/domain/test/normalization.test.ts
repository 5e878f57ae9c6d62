import { describe, expect, it } from "vitest";
import {
  duplicateKeys,
  normalizeCompanyName,
  normalizeEmail,
  normalizePhone,
  validateCompanyName,
  creditCodeCheckCharacter,
  validateCreditCode,
} from "../src/index.ts";

describe("SOP-1.3/1.4 email addresses", () => {
  it.each([
    ["li.wei@example.com", "li.wei@example.com"],
    ["  Li.Wei@Example.COM ", "li.wei@example.com"],
    ["li.wei＠example.com", "li.wei@example.com"], // full-width at sign
    ["ｌｉ．ｗｅｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "li.wei@example.com"], // full-width throughout
    ["li.wei@example。com", "li.wei@example.com"], // ideographic full stop
    ["li wei@exam ple.com", "liwei@example.com"], // stray spaces from a business-card scan
    ["\u200bli.wei@example.com\u200e", "li.wei@example.com"], // zero-width space, LTR mark
    ["sales+crm@sub.example.com.cn", "sales+crm@sub.example.com.cn"],
  ])("SOP-1.3 %j normalises to %s", (raw, email) => {
    expect(normalizeEmail(raw)).toEqual({ ok: true, value: email });
  });

  it.each([
    ["", "REQUIRED"],
    ["   ", "REQUIRED"],
    ["li.wei", "INVALID_FORMAT"],
    ["li.wei@", "INVALID_FORMAT"],
    ["@example.com", "INVALID_FORMAT"],
    ["li@wei@example.com", "INVALID_FORMAT"],
    ["li..wei@example.com", "INVALID_FORMAT"],
    ["li.wei@example", "INVALID_FORMAT"],
    ["li.wei@-example.com", "INVALID_FORMAT"],
    ["李伟@example.com", "INVALID_FORMAT"],
    ["😀@example.com", "INVALID_FORMAT"],
    [`${"a".repeat(65)}@example.com`, "INVALID_FORMAT"],
    [`a@${"b".repeat(330)}.com`, "TOO_LONG"],
  ])("SOP-1.3 %j is rejected with %s", (raw, code) => {
    const result = normalizeEmail(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ field: "email", code });
  });
});

describe("SOP-1.3/1.4 phone numbers", () => {
  it.each([
    ["138 0013 8000", "+8613800138000"],
    ["+86 138-0013-8000", "+8613800138000"],
    ["0086 138 0013 8000", "+8613800138000"],
    ["１３８ ００１３ ８０００", "+8613800138000"], // full-width digits
    ["(010) 6552 9988", "+861065529988"],
    ["010-65529988", "+861065529988"],
    ["+86 10 6552 9988 转 8", "+861065529988"], // extensions are not part of the key
    ["\u202b138 0013 8000\u202c", "+8613800138000"], // RTL embedding marks
    ["+1 650-253-0000", "+16502530000"],
  ])("SOP-1.3 %j normalises to %s", (raw, phone) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, value: phone });
  });

  it("SOP-1.3 numbers without a country code follow the default region", () => {
    expect(normalizePhone("(650) 253-0000", "US")).toEqual({ ok: true, value: "+16502530000" });
  });

  it.each([
    ["", "REQUIRED"],
    ["12345", "INVALID_FORMAT"],
    ["138 0013 800", "INVALID_FORMAT"], // a digit short
    ["call me", "INVALID_FORMAT"],
    ["1".repeat(65), "TOO_LONG"],
  ])("SOP-1.3 %j is rejected with %s", (raw, code) => {
    const result = normalizePhone(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ field: "phone", code });
  });
});

describe("SOP-1.4 company names", () => {
  it.each([
    ["华为技术有限公司", "华为技术有限公司"],
    ["华为技术 有限公司", "华为技术有限公司"],
    ["华为技术（有限公司）", "华为技术有限公司"],
    ["ACME Co., Ltd.", "acme"],
    ["ACME Co. Ltd", "acme"],
    ["Acme Ltd. Co.", "acme"],
    ["ACME Company Limited", "acme"],
    ["ＡＣＭＥ　Ｃｏ．，Ｌｔｄ．", "acme"],
    ["Acme, Inc.", "acme"],
    ["Acme Incorporated", "acme"],
    ["Acme Corp.", "acme corporation"],
    ["Acme L.L.C.", "acme llc"],
    ["Acme GmbH", "acme ag"],
    ["Acme S.A.", "acme plc"],
    ["Acme Group Co., Ltd.", "acme"],
    ["I.B.M. Corporation", "IBM"],
    ["McDonald's Corporation", "mcdonalds"],
    ["阿里巴巴集团控股有限公司", "阿里巴巴集团控股"],
    ["中国石油化工股份有限公司", "中国石油化工"],
    ["中国石油天然气集团公司", "中国石油天然气"],
    ["腾讯科技（深圳）有限公司", "腾讯科技 深圳"],
    ["Acme\u200b Co.,\u200f Ltd.", "acme"],
  ])("SOP-1.4 %j and %j give the same key", (a, b) => {
    expect(normalizeCompanyName(a)).toBe(normalizeCompanyName(b));
  });

  it.each([
    ["华为技术有限公司", "华为技术"],
    ["ACME Co., Ltd.", "acme"],
    ["  Acme   Widgets  ", "acme widgets"],
    ["Volkswagen AG", "volkswagen"],
    ["Limited", "limited"], // a name is never stripped to nothing
    ["有限公司", "有限公司"],
    ["Agfa", "agfa"], // "ag" is only removed as a whole word
    ["", ""],
    ["!!!", ""],
  ])("SOP-1.4 %j has the key %j", (raw, key) => {
    expect(normalizeCompanyName(raw)).toBe(key);
  });

  it.each([
    ["华为技术有限公司", "中兴通讯股份有限公司"],
    ["Acme", "Acme Widgets"],
    ["微软（中国）有限公司", "微软有限公司"],
  ])("SOP-1.4 %j and %j stay different companies", (a, b) => {
    expect(normalizeCompanyName(a)).not.toBe(normalizeCompanyName(b));
  });
});

// Published codes, checksums verified by hand against GB 32100-2015.
describe("SOP-1.4 unified social credit codes", () => {
  it.each([
    ["914403001922038216", "华为技术有限公司"],
    ["9144030071526726XG", "腾讯科技（深圳）有限公司"],
    ["91440300708461136T", "深圳市腾讯计算机系统有限公司"],
  ])("SOP-1.4 %s (%s) is valid", (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, value: code });
  });

  it.each([
    ["9144030071526726xg", "9144030071526726XG"],
    [" 9144 0300 7152 6726 XG ", "9144030071526726XG"],
    ["９１４４０３００１９２２０３８２１６", "914403001922038216"],
  ])("SOP-1.4 %j normalises to %s", (raw, code) => {
    expect(validateCreditCode(raw)).toEqual({ ok: true, value: code });
  });

  it.each([
    ["", "REQUIRED"],
    ["914403001922038217", "INVALID_CHECKSUM"], // last character changed
    ["914403001922038261", "INVALID_CHECKSUM"], // two characters swapped
    ["91440300192203821", "INVALID_FORMAT"], // one short
    ["9144030019220382160", "INVALID_FORMAT"], // one long
    ["9144030071526726XO", "INVALID_FORMAT"], // O is never used
  ])("SOP-1.4 %j is rejected with %s", (raw, code) => {
    const result = validateCreditCode(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatchObject({ field: "creditCode", code });
  });

  it.each(["914403001922038216", "9144030071526726XG", "91440300708461136T"])(
    "SOP-1.4 the check character of %s is computed from its first 17 characters",
    (code) => {
      expect(creditCodeCheckCharacter(code.slice(0, 17))).toBe(code.at(-1));
    },
  );

  it.each(["9144030019220382", "914403001922038216", "9144030019220382O"])("SOP-1.4 %j has no check character", (first17) => {
    expect(creditCodeCheckCharacter(first17)).toBeNull();
  });
});

describe("SOP-1.4 duplicate keys", () => {
  it("SOP-1.4 the same lead typed two ways gives the same keys", () => {
    const fromTradeShow = duplicateKeys({
      email: "Li.Wei＠Huawei.com",
      phone: "138 0013 8000",
      companyName: "华为技术 有限公司",
      creditCode: "914403001922038216",
    });
    const fromWebsite = duplicateKeys({
      email: "li.wei@huawei.com",
      phone: "+86 138-0013-8000",
      companyName: "华为技术有限公司",
      creditCode: "9144 0300 1922 0382 16",
    });
    expect(fromTradeShow).toEqual(fromWebsite);
    expect(fromTradeShow).toEqual({
      emailKey: "li.wei@huawei.com",
      phoneKey: "+8613800138000",
      companyKey: "华为技术",
      creditCodeKey: "914403001922038216",
    });
  });

  it("SOP-1.4 missing or unusable fields give null keys, which match nothing", () => {
    expect(duplicateKeys({})).toEqual({ emailKey: null, phoneKey: null, companyKey: null, creditCodeKey: null });
    expect(duplicateKeys({ email: "not an email", phone: "", companyName: "...", creditCode: "123" })).toEqual({
      emailKey: null,
      phoneKey: null,
      companyKey: null,
      creditCodeKey: null,
    });
  });
});

describe("SOP-1.2 company names as stored", () => {
  it.each([
    ["  腾讯科技（深圳）有限公司 ", "腾讯科技（深圳）有限公司"], // registered names keep their full-width brackets
    ["\u200bACME Co., Ltd.\u200e", "ACME Co., Ltd."],
  ])("SOP-1.2 %j is stored as %j", (raw, name) => {
    expect(validateCompanyName(raw)).toEqual({ ok: true, value: name });
  });

  it.each([
    ["", "REQUIRED"],
    [" \u200b ", "REQUIRED"],
    ["公".repeat(501), "TOO_LONG"],
  ])("SOP-1.2 %j is rejected with %s", (raw, code) => {
    expect(validateCompanyName(raw)).toMatchObject({ ok: false, error: { field: "companyName", code } });
  });
});
