import Papa from "papaparse";
import { describe, expect, it } from "vitest";
import {
  batchIdFor,
  batches,
  buildRows,
  contentHash,
  IMPORT_BATCH_SIZE,
  decodeCsv,
  duplicatesInFile,
  guessField,
  initialMapping,
  normalizeDate,
  parseRemembered,
  rejectedRowsCsv,
  rememberMapping,
  rowProblems,
} from "../src/import/import-csv.ts";

// 公司,联系人\r\n华为,张三 as Excel on Chinese Windows saves it (GBK).
const GBK = new Uint8Array([0xb9, 0xab, 0xcb, 0xbe, 0x2c, 0xc1, 0xaa, 0xcf, 0xb5, 0xc8, 0xcb, 0x0d, 0x0a, 0xbb, 0xaa, 0xce, 0xaa, 0x2c, 0xd5, 0xc5, 0xc8, 0xfd]);
const utf8 = (text: string) => new TextEncoder().encode(text);

describe("reading the file", () => {
  it("reads UTF-8, dropping a BOM", () => {
    expect(decodeCsv(utf8("\uFEFF公司,联系人\r\n华为,张三"))).toEqual({ text: "公司,联系人\r\n华为,张三", encoding: "utf-8" });
  });

  it("reads GBK when the bytes are not UTF-8", () => {
    expect(decodeCsv(GBK)).toEqual({ text: "公司,联系人\r\n华为,张三", encoding: "gbk" });
  });

  it("gives the same file the same hash, and another file another", async () => {
    expect(await contentHash(GBK)).toBe(await contentHash(GBK.slice()));
    expect(await contentHash(GBK)).not.toBe(await contentHash(utf8("公司,联系人\r\n华为,张三")));
    expect(await contentHash(utf8(""))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  });
});

describe("mapping columns to fields", () => {
  it("guesses fields from Chinese and English headings", () => {
    expect(["公司名称", "联系人", "手机", "E-mail", "微信号", "职务", "展会", "Company", "统一社会信用代码", "备注"].map(guessField)).toEqual([
      "companyName",
      "contactName",
      "phone",
      "email",
      "wechatId",
      "contactTitle",
      "sourceDetail",
      "companyName",
      "creditCode",
      null,
    ]);
  });

  it("prefers the remembered mapping, and gives a field to one column only", () => {
    const remembered = parseRemembered(JSON.stringify({ 备注: "currentProduct", 手机: "", bogus: "notAField" }));
    expect(remembered).toEqual({ 备注: "currentProduct", 手机: "" });
    expect(initialMapping(["公司", "单位", "手机", "备注"], remembered)).toEqual(["companyName", "", "", "currentProduct"]);
    expect(parseRemembered("not json")).toEqual({});
    expect(rememberMapping(["公司", "电话"], ["companyName", "phone"], { 备注: "currentProduct" })).toEqual({ 备注: "currentProduct", 公司: "companyName", 电话: "phone" });
  });
});

describe("rows", () => {
  const csv = '公司,联系人,电话,渠道,日期,规模\r\n"上海 ""星辰"" 科技有限公司",王芳,138 0013 8000,展会,2026/11/3,中型\r\n,,,,,\r\n北京某公司,,,,2026年12月31日,巨型\r\n';
  const parsed = Papa.parse<string[]>(csv, { skipEmptyLines: "greedy" }).data;
  const [headings, ...records] = parsed;
  const mapping = initialMapping(headings!, {});

  it("are parsed by papaparse (quotes included), numbered by their line in the sheet, with channel, size and date words as the API's", () => {
    expect(mapping).toEqual(["companyName", "contactName", "phone", "channel", "collectedOn", "companySize"]);
    expect(buildRows(records, mapping)).toEqual([
      { rowId: "2", companyName: '上海 "星辰" 科技有限公司', contactName: "王芳", phone: "138 0013 8000", channel: "TRADE_SHOW", collectedOn: "2026-11-03", companySize: "MEDIUM" },
      { rowId: "3", companyName: "北京某公司", collectedOn: "2026-12-31", companySize: "巨型" },
    ]);
    expect(buildRows([["a", ""], ["", " "], ["b", "c"]], ["companyName", "contactName"]).map((row) => row.rowId)).toEqual(["2", "4"]);
    expect(normalizeDate("2026-1-5")).toBe("2026-01-05");
    expect(normalizeDate("tomorrow")).toBe("tomorrow");
  });

  it("are flagged for what the API would refuse (SOP-1.1/1.2)", () => {
    const [good, bad] = buildRows(records, mapping);
    const defaults = { channel: "", sourceDetail: "", collectedOn: "" };
    expect(rowProblems(good!, defaults, "2026-12-01")).toEqual([]);
    expect(rowProblems(bad!, defaults, "2026-12-01").map((p) => p.problem)).toEqual([
      "contactNameMissing",
      "channelMissing",
      "companySizeUnknown",
      "collectedOnFuture",
      "noContactWay",
    ]);
    // The batch default fills a missing channel; a referral needs its referrer.
    expect(rowProblems({ rowId: "9", companyName: "甲公司", contactName: "李", email: "a@b.cn" }, { ...defaults, channel: "PARTNER_REFERRAL" }, "2026-12-01").map((p) => p.problem)).toEqual([
      "referredByMissing",
    ]);
    expect(rowProblems({ rowId: "9", companyName: "甲", contactName: "李", email: "nope", channel: "FAX" }, defaults, "2026-12-01").map((p) => p.problem)).toEqual([
      "channelUnknown",
      "emailInvalid",
    ]);
  });

  it("that look like an earlier row of the file are flagged, with the earlier row and why (SOP-1.4)", () => {
    const found = duplicatesInFile([
      { rowId: "2", companyName: "华为技术有限公司", phone: "13800138000" },
      { rowId: "3", companyName: "华为技术 有限公司", email: "x@y.cn" },
      { rowId: "4", companyName: "别的公司", phone: "+86 138 0013 8000", email: "X@y.cn" },
      { rowId: "5", companyName: "又一家" },
    ]);
    expect(Object.fromEntries(found)).toEqual({
      "3": { rowId: "2", reasons: ["COMPANY_NAME"] },
      "4": { rowId: "2", reasons: ["PHONE"] },
    });
  });
});

describe("batches and the rejected rows", () => {
  it("splits into batches of 2,000 (the cost limit with each duplicate's owner), each with an id from the file's hash", () => {
    expect(IMPORT_BATCH_SIZE).toBe(2000);
    const rows = Array.from({ length: 4_001 }, (_, index) => index);
    expect(batches(rows).map((part) => part.length)).toEqual([2000, 2000, 1]);
    expect(batches(rows, 2).length).toBe(2001);
    expect(batches([])).toEqual([]);
    expect(batchIdFor("abc", 1, 3)).toBe("csv-abc-2-of-3");
  });

  it("writes the rows not imported as UTF-8 CSV with a BOM, quoted where needed, with why", () => {
    const csv = rejectedRowsCsv(["公司", "联系人"], "原因", [
      { record: ['上海 "星辰", 科技', "王芳"], reason: "电话：无效" },
      { record: ["甲"], reason: "line\nbreak" },
    ]);
    expect(csv).toBe('\uFEFF公司,联系人,原因\r\n"上海 ""星辰"", 科技",王芳,电话：无效\r\n甲,,"line\nbreak"\r\n');
    // It reads back as it was written.
    expect(Papa.parse<string[]>(csv.slice(1), { skipEmptyLines: true }).data).toEqual([
      ["公司", "联系人", "原因"],
      ['上海 "星辰", 科技', "王芳", "电话：无效"],
      ["甲", "", "line\nbreak"],
    ]);
  });
});
