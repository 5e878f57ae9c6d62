/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import { readFile } from "node:fs/promises";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumMissing, drawEveryChart, parseCsv, screenshot, seriousAccessibilityProblems, signIn, usePortalApp } from "./support/portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REP = "rep1.east@demo.example.com";

interface FunnelAnswer {
  pipelineFunnel: {
    total: { steps: { step: string; count: number; drill: string }[] };
    byTier: { tier: string; steps: { step: string; count: number }[] }[];
  };
}
const FUNNEL = `query ($from: LocalDate!, $to: LocalDate!) { pipelineFunnel(from: $from, to: $to) {
  total { steps { step count drill } } byTier { tier steps { step count } } } }`;
const LEADS = `query ($drill: String!, $after: String) { reportLeads(drill: $drill, first: 200, after: $after) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }`;
const SCORECARD = `query ($from: LocalDate!, $to: LocalDate!) { repScorecard(from: $from, to: $to) { reps { nodes { rep { displayName } } } } }`;

/** A table's rows as a person reads (and copies) them: header cells, then every row's cells. */
async function tableText(page: Page, testId: string): Promise<string[][]> {
  return page.getByTestId(testId).evaluate((table) =>
    [...(table as HTMLTableElement).rows].map((row) => [...row.cells].map((cell) => cell.textContent ?? "")),
  );
}

/**
 * Issue 11 screen 2, the reports, in Chromium against the API on the demo seed: what the page
 * shows is the API's answer for the viewer's role, cell for cell, and so is its CSV.
 */
describe.skipIf(chromiumMissing)("the reports screen in Chromium", () => {
  const app = usePortalApp({ leads: 150 });

  afterEach(() => {
    expect(app.foreignRequests).toEqual([]);
  });

  /** Signs in, picks a 90-day period ending on the default period's last day, returns it. */
  async function reportsFor(email: string) {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/?next=%2Fzh%2Freports%2F`);
    await signIn(page, email);
    await page.waitForURL(`${app.url}/zh/reports/`);
    const to = await page.getByLabel("结束日期（含当天）").inputValue();
    const from = new Date(Date.parse(`${to}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel("开始日期").fill(from);
    await page.getByRole("button", { name: "查看", exact: true }).click();
    await page.waitForURL(`${app.url}/zh/reports/?from=${from}&to=${to}`);
    await page.getByTestId("table-funnel-total").waitFor();
    await page.getByTestId("table-scorecard").waitFor();
    // The API's `to` is the day after the last.
    const apiTo = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    return { page, period: { from, to: apiTo }, token: await app.tokenFor(email) };
  }

  it("shows the demo manager the API's funnel for the period, drills into exactly a figure's leads, and keeps ECharts off other pages", async () => {
    const { page, period, token } = await reportsFor(MANAGER);
    const answer = (await app.api.graphql<FunnelAnswer>(FUNNEL, period, token)).data!.pipelineFunnel;
    const captured = answer.total.steps[0]!;
    expect(captured.count).toBeGreaterThan(50);

    const total = await tableText(page, "table-funnel-total");
    expect(total.slice(1, 8).map(([step, count]) => [step, count])).toEqual(
      answer.total.steps.map((step, index) => [["录入", "已评估", "销售机会", "销售方案", "评审", "销售谈判", "赢单"][index], step.count.toLocaleString("zh-CN")]),
    );
    const byTier = await tableText(page, "table-funnel-tier");
    expect(byTier.slice(1).map((row) => row.slice(0, 8))).toEqual(
      answer.byTier.map((tier) => [`${tier.tier}类客户`, ...tier.steps.map((step) => step.count.toLocaleString("zh-CN"))]),
    );

    // Every chart is drawn once scrolled near (ECharts loaded on demand), then the page passes axe.
    await drawEveryChart(page, 8);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "reports-manager-zh");

    // The captured count: its rows are the API's reportLeads for the same figure, every page.
    const expected: string[] = [];
    for (let after: string | null = null; ; ) {
      const page: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } } = (
        await app.api.graphql<{ reportLeads: never }>(LEADS, { drill: captured.drill, after }, token)
      ).data!.reportLeads;
      expected.push(...page.edges.map((edge) => edge.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(expected.length).toBe(captured.count);
    await page.getByTestId("table-funnel-total").getByRole("button", { name: /^[\d,]+：查看录入的数量明细$/ }).click();
    const panel = page.getByTestId("drill-panel");
    await expect.poll(() => panel.locator("tbody tr").count()).toBe(50);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("drill-title");
    while (await panel.getByRole("button", { name: "加载更多" }).isVisible()) {
      const before = await panel.locator("tbody tr").count();
      await panel.getByRole("button", { name: "加载更多" }).click();
      await expect.poll(() => panel.locator("tbody tr").count()).toBeGreaterThan(before);
    }
    expect(await panel.locator("tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-id")))).toEqual(expected);
    await screenshot(page, "reports-drill-manager-zh");

    // ECharts is a chunk of the reports page only.
    const other = await app.newPage();
    const scripts: string[] = [];
    other.on("request", (request) => scripts.push(request.url()));
    await other.goto(`${app.url}/zh/login/`);
    await signIn(other, MANAGER);
    await other.goto(`${app.url}/zh/follow-ups/`);
    await other.locator("[data-testid=follow-up-queue]").waitFor();
    expect(scripts.filter((url) => url.includes("echarts"))).toEqual([]);
  });

  it("downloads each table as CSV with a BOM whose rows equal the table's", async () => {
    const { page } = await reportsFor(MANAGER);
    for (const [testId, name] of [
      ["table-funnel-total", "下载 CSV：销售漏斗：各阶段数量"],
      ["table-scorecard", "下载 CSV：销售人员记分卡"],
    ] as const) {
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name, exact: true }).click()]);
      const bytes = await readFile((await download.path())!);
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(bytes.toString("utf8").slice(1));
      expect(rows).toEqual(await tableText(page, testId));
      expect(rows.length).toBeGreaterThan(1);
    }
  });

  it("shows a rep only their own figures", async () => {
    const { page, period, token } = await reportsFor(REP);
    const me = (await app.api.graphql<{ viewer: { displayName: string } }>("{ viewer { displayName } }", {}, token)).data!.viewer.displayName;
    const scorecard = (await app.api.graphql<{ repScorecard: { reps: { nodes: { rep: { displayName: string } }[] } } }>(SCORECARD, period, token)).data!
      .repScorecard.reps.nodes;
    expect(scorecard.map((node) => node.rep.displayName)).toEqual([me]);
    expect((await tableText(page, "table-scorecard")).slice(1).map((row) => row[0])).toEqual([me]);

    const answer = (await app.api.graphql<FunnelAnswer>(FUNNEL, period, token)).data!.pipelineFunnel;
    const manager = (await app.api.graphql<FunnelAnswer>(FUNNEL, period, await app.tokenFor(MANAGER))).data!.pipelineFunnel;
    expect(answer.total.steps[0]!.count).toBeLessThan(manager.total.steps[0]!.count);
    const total = await tableText(page, "table-funnel-total");
    expect(total.slice(1, 8).map((row) => row[1])).toEqual(answer.total.steps.map((step) => step.count.toLocaleString("zh-CN")));
    // The discipline table lists no other rep.
    expect((await tableText(page, "table-discipline-reps")).slice(1).map((row) => row[0])).toEqual([me]);
    await drawEveryChart(page, 8);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
  });
});
