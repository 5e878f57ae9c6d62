/**
 * The lead import's logic that needs no browser and no network (SOP-1.3 bulk import): decoding
 * the file (UTF-8, or GBK as Excel on Chinese Windows writes it), mapping columns to lead fields,
 * checking rows before anything is written, batching, and the rejected rows as CSV. The CSV
 * itself is parsed by papaparse (loaded on the import page only).
 */
import { en } from "../i18n/messages.en.ts";
import { zhCN } from "../i18n/messages.zh-cn.ts";
import { LEAD_CHANNELS } from "../leads/leads-data.ts";

/* ------------------------------------------------------------------------------ decoding */

export type CsvEncoding = "utf-8" | "gbk";

/** UTF-8 when the bytes are valid UTF-8 (a BOM is dropped), else GBK. */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
    return { text, encoding: "utf-8" };
  } catch {
    return { text: new TextDecoder("gbk").decode(bytes), encoding: "gbk" };
  }
}

/** The file's SHA-256 as hex: the same file is the same import batch, so a re-upload creates nothing twice. */
export async function contentHash(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as BufferSource);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/* ------------------------------------------------------------------------------ mapping */

/** ImportLeadRowInput's fields a column can fill (rowId is the page's own). */
export const IMPORT_FIELDS = [
  "companyName",
  "contactName",
  "contactTitle",
  "phone",
  "email",
  "wechatId",
  "province",
  "city",
  "channel",
  "sourceDetail",
  "referredBy",
  "collectedOn",
  "companySize",
  "businessScope",
  "currentProduct",
  "creditCode",
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** Column headings people write, per field (compared without spaces, case or punctuation). */
const HEADINGS: Record<ImportField, string[]> = {
  companyName: ["companyname", "company", "公司", "公司名称", "单位", "单位名称", "企业名称", "客户名称"],
  contactName: ["contactname", "contact", "name", "联系人", "姓名", "联系人姓名"],
  contactTitle: ["contacttitle", "title", "jobtitle", "position", "职务", "职位", "头衔"],
  phone: ["phone", "mobile", "tel", "telephone", "电话", "手机", "手机号", "联系电话", "手机号码"],
  email: ["email", "e-mail", "mail", "邮箱", "电子邮箱", "电子邮件"],
  wechatId: ["wechatid", "wechat", "weixin", "微信", "微信号"],
  province: ["province", "省份", "省"],
  city: ["city", "城市", "市"],
  channel: ["channel", "渠道", "来源渠道"],
  sourceDetail: ["sourcedetail", "source", "来源", "展会", "活动"],
  referredBy: ["referredby", "referrer", "推荐人"],
  collectedOn: ["collectedon", "date", "收集日期", "日期"],
  companySize: ["companysize", "size", "公司规模", "规模"],
  businessScope: ["businessscope", "industry", "经营范围", "行业"],
  currentProduct: ["currentproduct", "现用产品", "现用产品或服务", "现用系统"],
  creditCode: ["creditcode", "统一社会信用代码", "信用代码", "社会信用代码"],
};

function headingKey(heading: string): string {
  return heading.normalize("NFKC").toLowerCase().replace(/[\s_\-()（）:：*]/g, "");
}

/** The field a heading most likely names, or null. */
export function guessField(heading: string): ImportField | null {
  const key = headingKey(heading);
  if (!key) return null;
  for (const field of IMPORT_FIELDS) if (HEADINGS[field].some((candidate) => headingKey(candidate) === key)) return field;
  return null;
}

/** Column index → field ("" leaves the column out). */
export type ColumnMapping = (ImportField | "")[];
/** What is remembered between imports: heading → field. */
export type RememberedMapping = Record<string, ImportField | "">;

export const MAPPING_STORAGE_KEY = "portal.import.mapping";

/**
 * Each column's field: the one remembered for its heading, else a guess from the heading; a field
 * taken by an earlier column is not given twice.
 */
export function initialMapping(headings: readonly string[], remembered: RememberedMapping): ColumnMapping {
  const taken = new Set<ImportField>();
  return headings.map((heading) => {
    const known = Object.hasOwn(remembered, heading) ? remembered[heading]! : guessField(heading);
    if (!known || !(IMPORT_FIELDS as readonly string[]).includes(known) || taken.has(known)) return "";
    taken.add(known);
    return known;
  });
}

/** The mapping to remember, merged into what was remembered before. */
export function rememberMapping(headings: readonly string[], mapping: ColumnMapping, before: RememberedMapping): RememberedMapping {
  const next: RememberedMapping = { ...before };
  headings.forEach((heading, index) => {
    if (heading.trim()) next[heading] = mapping[index] ?? "";
  });
  return next;
}

export function parseRemembered(stored: string | null): RememberedMapping {
  if (!stored) return {};
  try {
    const value: unknown = JSON.parse(stored);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).filter(
        (entry): entry is [string, ImportField | ""] => entry[1] === "" || (IMPORT_FIELDS as readonly unknown[]).includes(entry[1]),
      ),
    );
  } catch {
    return {};
  }
}

/* ------------------------------------------------------------------------------ rows */

export type ImportRow = { rowId: string } & Partial<Record<ImportField, string>>;

/** Channel names as people write them (either language's catalogue word, or the API's name). */
const CHANNEL_WORDS = new Map<string, string>(
  LEAD_CHANNELS.flatMap((channel) => [
    [headingKey(channel), channel],
    [headingKey(zhCN[`leads.channel.${channel}`]), channel],
    [headingKey(en[`leads.channel.${channel}`]), channel],
  ]),
);
export const COMPANY_SIZES = ["MICRO", "SMALL", "MEDIUM", "LARGE", "ENTERPRISE"] as const;
const SIZE_WORDS = new Map<string, string>(
  COMPANY_SIZES.flatMap((size) => [
    [headingKey(size), size],
    [headingKey(zhCN[`leads.companySize.${size}`]), size],
    [headingKey(en[`leads.companySize.${size}`]), size],
  ]),
);

/** A date as people write it in a sheet (2026-11-03, 2026/11/3, 2026年11月3日) as YYYY-MM-DD. */
export function normalizeDate(value: string): string {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(value.trim());
  if (!match) return value.trim();
  return `${match[1]}-${match[2]!.padStart(2, "0")}-${match[3]!.padStart(2, "0")}`;
}

/**
 * The records under the heading row as ImportLeadRowInput rows. A row's id is its line in the
 * sheet (the heading is line 1), so results and the rejected-rows file point at the sheet's rows.
 * Wholly empty records are skipped; values are trimmed, empty ones left out (the batch defaults
 * then apply); channel and size words become the API's names.
 */
export function buildRows(records: readonly (readonly string[])[], mapping: ColumnMapping): ImportRow[] {
  const rows: ImportRow[] = [];
  records.forEach((record, index) => {
    if (record.every((cell) => cell.trim() === "")) return;
    const row: ImportRow = { rowId: String(index + 2) };
    mapping.forEach((field, column) => {
      if (!field) return;
      let value = (record[column] ?? "").trim();
      if (!value) return;
      if (field === "channel") value = CHANNEL_WORDS.get(headingKey(value)) ?? value;
      if (field === "companySize") value = SIZE_WORDS.get(headingKey(value)) ?? value;
      if (field === "collectedOn") value = normalizeDate(value);
      row[field] = value;
    });
    rows.push(row);
  });
  return rows;
}

/* ------------------------------------------------------------------------------ checks */

export interface ImportDefaults {
  channel: string;
  sourceDetail: string;
  collectedOn: string;
}

/** What the preview flags in a row, as catalogue problems (the API checks again when importing). */
export type RowProblem =
  | "companyNameMissing"
  | "contactNameMissing"
  | "channelMissing"
  | "channelUnknown"
  | "companySizeUnknown"
  | "collectedOnInvalid"
  | "collectedOnFuture"
  | "noContactWay"
  | "referredByMissing"
  | "emailInvalid"
  | "phoneInvalid";

const REFERRAL_CHANNELS = ["PARTNER_REFERRAL", "CUSTOMER_REFERRAL"];

function validDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

/** SOP-1.1/1.2 the rules a row can be checked against here; `today` in the team's time zone. */
export function rowProblems(row: ImportRow, defaults: ImportDefaults, today: string): { field: ImportField; problem: RowProblem }[] {
  const problems: { field: ImportField; problem: RowProblem }[] = [];
  if (!row.companyName) problems.push({ field: "companyName", problem: "companyNameMissing" });
  if (!row.contactName) problems.push({ field: "contactName", problem: "contactNameMissing" });
  const channel = row.channel ?? defaults.channel;
  if (!channel) problems.push({ field: "channel", problem: "channelMissing" });
  else if (!(LEAD_CHANNELS as readonly string[]).includes(channel)) problems.push({ field: "channel", problem: "channelUnknown" });
  if (row.companySize && !(COMPANY_SIZES as readonly string[]).includes(row.companySize)) problems.push({ field: "companySize", problem: "companySizeUnknown" });
  const collectedOn = row.collectedOn ?? defaults.collectedOn;
  if (collectedOn && !validDate(collectedOn)) problems.push({ field: "collectedOn", problem: "collectedOnInvalid" });
  else if (collectedOn && collectedOn > today) problems.push({ field: "collectedOn", problem: "collectedOnFuture" });
  if (row.email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(row.email)) problems.push({ field: "email", problem: "emailInvalid" });
  if (row.phone && phoneDigits(row.phone).length < 7) problems.push({ field: "phone", problem: "phoneInvalid" });
  if (!row.phone && !row.email && !row.wechatId) problems.push({ field: "phone", problem: "noContactWay" });
  if (channel && REFERRAL_CHANNELS.includes(channel) && !row.referredBy) problems.push({ field: "referredBy", problem: "referredByMissing" });
  return problems;
}

function phoneDigits(phone: string): string {
  return phone.replace(/\D/g, "");
}

/** A mainland number with or without +86 / 0086 is one number. */
function phoneKey(phone: string): string {
  const digits = phoneDigits(phone);
  return digits.replace(/^(0086|86)(?=1\d{10}$)/, "");
}

/** Company names compared as SOP-1.4 means "the same name": width, case, spaces and brackets aside. */
export function companyKey(name: string): string {
  return name.normalize("NFKC").toLowerCase().replace(/[\s()（）.,，、·]/g, "");
}

export type DuplicateReason = "COMPANY_NAME" | "PHONE" | "EMAIL" | "CREDIT_CODE";

/** SOP-1.4 rows of the file that look like an earlier row of it: the earlier row's id and why. */
export function duplicatesInFile(rows: readonly ImportRow[]): Map<string, { rowId: string; reasons: DuplicateReason[] }> {
  const seen = new Map<string, string>();
  const found = new Map<string, { rowId: string; reasons: DuplicateReason[] }>();
  for (const row of rows) {
    const keys: [DuplicateReason, string | null][] = [
      ["COMPANY_NAME", row.companyName ? companyKey(row.companyName) : null],
      ["PHONE", row.phone ? phoneKey(row.phone) : null],
      ["EMAIL", row.email ? row.email.trim().toLowerCase() : null],
      ["CREDIT_CODE", row.creditCode ? row.creditCode.trim().toUpperCase() : null],
    ];
    for (const [reason, key] of keys) {
      if (!key) continue;
      const earlier = seen.get(`${reason}:${key}`);
      if (earlier) {
        const entry = found.get(row.rowId) ?? { rowId: earlier, reasons: [] };
        if (entry.rowId === earlier) entry.reasons.push(reason);
        found.set(row.rowId, entry);
      } else seen.set(`${reason}:${key}`, row.rowId);
    }
  }
  return found;
}

/* ------------------------------------------------------------------------------ batches */

/**
 * Rows sent in one importLeads call. The API takes up to 5,000, but prices each row's results at
 * 11 objects when the duplicates' owners are asked (import.query.ts): 2,000 rows stay under the
 * request cost limit.
 */
export const IMPORT_BATCH_SIZE = 2000;

export function batches<T>(rows: readonly T[], size: number = IMPORT_BATCH_SIZE): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < rows.length; start += size) out.push(rows.slice(start, start + size));
  return out;
}

/** The batch id of one part of a file: its content hash and the part, so a re-upload replays. */
export function batchIdFor(hash: string, part: number, parts: number): string {
  return `csv-${hash}-${part + 1}-of-${parts}`;
}

/* ------------------------------------------------------------------------------ rejected rows */

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The rows the import did not create, as the file had them plus a column saying why, for fixing
 * and uploading again: UTF-8 with a BOM (so Excel reads Chinese right), CRLF line ends.
 */
export function rejectedRowsCsv(headings: readonly string[], reasonHeading: string, rejected: readonly { record: readonly string[]; reason: string }[]): string {
  const lines = [[...headings, reasonHeading], ...rejected.map(({ record, reason }) => [...headings.map((_, column) => record[column] ?? ""), reason])];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
