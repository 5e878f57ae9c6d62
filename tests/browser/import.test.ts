/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumMissing, openSignedIn, screenshot, seriousAccessibilityProblems, usePortalApp, type PortalApp } from "./support/portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REP = "rep2.east@demo.example.com";
const ANALYST = "analyst@demo.example.com";

/** GBK bytes for a text, as Excel on Chinese Windows saves a CSV: a table built from the decoder. */
function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder("gbk");
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      if (char.length === 1 && char !== "\uFFFD" && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const char of text) {
    if (char.charCodeAt(0) < 0x80) bytes.push(char.charCodeAt(0));
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`No GBK code for ${char}`);
      bytes.push(...pair);
    }
  }
  return Buffer.from(bytes);
}

async function leadCount(app: PortalApp, token: string, search: string): Promise<number> {
  const answer = await app.api.graphql<{ leads: { totalCount: number } }>("query ($s: String!) { leads(filter: { search: $s }) { totalCount } }", { s: search }, token);
  return answer.data!.leads.totalCount;
}

/**
 * Issue 11 screen 7: a trade-show list imported from a GBK CSV, checked before anything is
 * written, imported with a progress bar, its rejected rows downloaded, and the same file again
 * creating nothing twice — against the API on the demo seed.
 */
describe.skipIf(chromiumMissing)("importing leads in Chromium", () => {
  const app = usePortalApp({ leads: 150 });

  afterEach(() => {
    expect(app.foreignRequests).toEqual([]);
  });

  it("takes a GBK trade-show list: maps its columns, flags bad rows and likely duplicates before writing, imports, and replays the same file", async () => {
    const token = await app.tokenFor(MANAGER);
    const existing = (await app.api.graphql<{ leads: { edges: { node: { companyName: string; owner: { displayName: string } } }[] } }>(
      "{ leads(first: 20) { edges { node { companyName owner { displayName } } } } }",
      {},
      token,
    )).data!.leads.edges.find(({ node }) => /^[\u4e00-\u9fff]+$/.test(node.companyName))!.node;
    const csv = [
      "公司名称,联系人,职务,手机,邮箱,备注",
      "杭州澜舟导入测试有限公司,周晓,采购经理,13900001111,zhou@lanzhou-import.cn,展位A12",
      "苏州青禾导入测试有限公司,吴磊,总经理,13900002222,,",
      "宁波缺人导入测试有限公司,,,13900003333,,",
      "温州重复导入测试有限公司,郑好,,13900001111,,",
      `${existing.companyName},陈晨,,13900004444,,`,
    ].join("\r\n");
    const file = encodeGbk(csv);
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(file)).toThrow();

    const page = await openSignedIn(app, MANAGER, "/zh/import/");
    expect(await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "批量导入" }).getAttribute("aria-current")).toBe("page");
    await page.getByLabel("CSV 文件").setInputFiles({ name: "展会名单.csv", mimeType: "text/csv", buffer: file });
    await expect.poll(() => page.getByTestId("import-file-summary").textContent()).toBe("展会名单.csv：5 行，GBK 编码。");
    // Headings guessed; 备注 is not a field until mapped (and then remembered).
    expect(await page.getByRole("combobox", { name: "公司名称" }).inputValue()).toBe("companyName");
    expect(await page.getByRole("combobox", { name: "手机" }).inputValue()).toBe("phone");
    expect(await page.getByRole("combobox", { name: "备注" }).inputValue()).toBe("");
    await page.getByRole("combobox", { name: "备注" }).selectOption("sourceDetail");
    expect(await page.evaluate(() => localStorage.getItem("portal.import.mapping"))).toContain('"备注":"sourceDetail"');
    await page.getByLabel("渠道").selectOption("TRADE_SHOW");

    const before = await leadCount(app, token, "导入测试");
    await page.getByRole("button", { name: "检查（不写入）" }).click();
    await expect.poll(() => page.getByTestId("import-preview-summary").textContent()).toBe("共 5 行：1 行有问题，2 行疑似重复。");
    const flagged = await page.locator("[data-testid=import-preview] tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-row-id"), tr.querySelector("td:last-child")!.textContent]));
    expect(flagged).toEqual([
      ["4", "有问题 缺少联系人。"],
      ["5", "疑似重复 与第 2 行相同（电话）"],
      ["6", `疑似重复 已有潜在客户“${existing.companyName}”，销售人员：${existing.owner.displayName}`],
    ]);
    // The preview wrote nothing.
    expect(await leadCount(app, token, "导入测试")).toBe(before);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "import-preview-manager-zh");

    await page.getByRole("button", { name: "导入 5 行" }).click();
    await page.getByTestId("import-results").waitFor();
    const progress = page.getByRole("progressbar");
    expect(await progress.getAttribute("aria-valuenow")).toBe("5");
    expect(await progress.getAttribute("aria-valuemax")).toBe("5");
    expect(await progress.getAttribute("aria-valuetext")).toBe("已处理 5 / 5 行");
    expect(await page.getByTestId("import-results-summary").textContent()).toBe("新建 2 个潜在客户；疑似重复 2 行、有问题 1 行未导入。");
    const statuses = await page.locator("[data-testid=import-result-rows] tbody tr").evaluateAll((trs) => trs.map((tr) => [tr.getAttribute("data-row-id"), tr.getAttribute("data-status")]));
    expect(statuses).toEqual([["2", "CREATED"], ["3", "CREATED"], ["4", "INVALID"], ["5", "DUPLICATE"], ["6", "DUPLICATE"]]);
    // SOP-1.4 whom to talk to about the existing customer: its lead's sales rep, from the API's answer.
    expect(await page.locator("[data-testid=import-result-rows] tr[data-row-id='6'] td:last-child").textContent()).toBe(
      `与已有潜在客户相同（公司名称），销售人员：${existing.owner.displayName}`,
    );
    expect(await leadCount(app, token, "导入测试")).toBe(before + 2);
    // The created leads carry the batch default and the mapped column.
    const created = (await app.api.graphql<{ leads: { edges: { node: { channel: string; sourceDetail: string | null; phone: string } }[] } }>(
      '{ leads(filter: { search: "杭州澜舟导入测试" }) { edges { node { channel sourceDetail phone } } } }', {}, token,
    )).data!.leads.edges.map(({ node }) => node);
    expect(created).toEqual([{ channel: "TRADE_SHOW", sourceDetail: "展位A12", phone: "+8613900001111" }]);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "import-results-manager-zh");

    // The rows not imported, to fix and upload again: UTF-8 with a BOM, the file's columns and why.
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "下载未导入的 3 行（CSV）" }).click()]);
    expect(download.suggestedFilename()).toBe("展会名单-未导入.csv");
    const rejected = readFileSync((await download.path())!, "utf-8");
    expect(rejected.startsWith("\uFEFF公司名称,联系人,职务,手机,邮箱,备注,未导入原因\r\n")).toBe(true);
    const lines = rejected.slice(1).trimEnd().split("\r\n");
    expect(lines.map((line) => line.split(",")[0])).toEqual(["公司名称", "宁波缺人导入测试有限公司", "温州重复导入测试有限公司", existing.companyName]);
    expect(lines[1]).toMatch(/^宁波缺人导入测试有限公司,,,13900003333,,,联系人：/);

    // The same file again is the same batch: the API replays it and nothing is created twice.
    await page.reload();
    await page.getByLabel("CSV 文件").setInputFiles({ name: "展会名单（再次）.csv", mimeType: "text/csv", buffer: file });
    await page.getByTestId("import-file-summary").waitFor();
    // The remembered mapping is applied.
    expect(await page.getByRole("combobox", { name: "备注" }).inputValue()).toBe("sourceDetail");
    await page.getByLabel("渠道").selectOption("TRADE_SHOW");
    await page.getByRole("button", { name: "检查（不写入）" }).click();
    await page.getByRole("button", { name: "导入 5 行" }).click();
    await page.getByTestId("import-replayed").waitFor();
    expect(await page.getByTestId("import-results-summary").textContent()).toBe("新建 2 个潜在客户；疑似重复 2 行、有问题 1 行未导入。");
    expect(await leadCount(app, token, "导入测试")).toBe(before + 2);
  });

  it("lets a rep import their own UTF-8 list in English, and tells the analyst the import is not for them", async () => {
    const page = await openSignedIn(app, REP, "/en/import/");
    const csv = "\uFEFFCompany,Contact,Phone,Channel\r\nHarbor Import Test Ltd.,Ada Lee,13900005555,Seminar\r\n";
    await page.getByLabel("CSV file").setInputFiles({ name: "seminar.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf-8") });
    await expect.poll(() => page.getByTestId("import-file-summary").textContent()).toBe("seminar.csv: 1 rows, UTF-8.");
    // A rep imports for themselves: no rep to pick.
    expect(await page.getByLabel("Sales rep").count()).toBe(0);
    await page.getByRole("button", { name: "Check (writes nothing)" }).click();
    await expect.poll(() => page.getByTestId("import-preview-summary").textContent()).toBe("1 rows: 0 with problems, 0 possible duplicates.");
    await page.getByRole("button", { name: "Import 1 rows" }).click();
    await expect.poll(() => page.getByTestId("import-results-summary").textContent()).toBe("1 leads created; 0 possible duplicates and 0 rows with problems not imported.");
    const token = await app.tokenFor(REP);
    const mine = (await app.api.graphql<{ leads: { edges: { node: { channel: string; owner: { email: string } } }[] } }>(
      '{ leads(filter: { search: "Harbor Import Test" }) { edges { node { channel owner { email } } } } }', {}, token,
    )).data!.leads.edges;
    expect(mine.map(({ node }) => node)).toEqual([{ channel: "SEMINAR", owner: { email: REP } }]);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "import-results-rep-en");

    const analyst = await openSignedIn(app, ANALYST, "/zh/import/");
    await expect.poll(() => analyst.locator(".notice").textContent()).toBe("只有销售人员和销售经理可以导入潜在客户。");
    expect(await analyst.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "批量导入" }).count()).toBe(0);
  });
});
