/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { addDays, defaultSlaPeriod, slaInstants, type SlaPeriod } from "../../packages/portal/src/follow-ups/sla-period.ts";
import { apiData, chromiumMissing, openSignedIn, screenshot, seriousAccessibilityProblems, usePortalApp, type PortalApp } from "./support/portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REP = "rep1.east@demo.example.com";
const ANALYST = "analyst@demo.example.com";

const QUEUE = `query ($teamId: ID, $ownerId: ID, $first: Int!) { followUpQueue(teamId: $teamId, ownerId: $ownerId, first: $first) {
  totalCount edges { node { id isOverdue owner { displayName } } } } }`;
interface QueueAnswer {
  followUpQueue: { totalCount: number; edges: { node: { id: string; isOverdue: boolean; owner: { displayName: string } } }[] };
}

interface Counts {
  due: number;
  contactedOnTime: number;
  contactedLate: number;
  stillOpen: number;
  stillOpenOverdue: number;
  missed: number;
}
const COUNTS = "due contactedOnTime contactedLate stillOpen stillOpenOverdue missed";
const SLA = `query ($teamId: ID!, $from: DateTime!, $to: DateTime!) { firstContactSla(teamId: $teamId, from: $from, to: $to) {
  totals { ${COUNTS} } byTier { tier ${COUNTS} } byRep { rep { id displayName } ${COUNTS} } } }`;
interface SlaAnswer {
  firstContactSla: { totals: Counts; byTier: (Counts & { tier: string })[]; byRep: (Counts & { rep: { id: string; displayName: string } })[] };
}

async function teamOf(app: PortalApp, token: string) {
  return (await app.api.graphql<{ viewer: { team: { id: string; timeZone: string } } }>("{ viewer { team { id timeZone } } }", {}, token)).data!.viewer.team;
}

async function apiSla(app: PortalApp, token: string, teamId: string, period: SlaPeriod, timeZone: string) {
  return (await apiData<SlaAnswer>(app, SLA, { teamId, ...slaInstants(period, timeZone) }, token)).firstContactSla;
}

/** A table's body rows (and footer) as text cells, the row header first. */
async function tableText(page: Page, testId: string) {
  return page.locator(`[data-testid=${testId}] tbody tr, [data-testid=${testId}] tfoot tr`).evaluateAll((trs) =>
    (trs as HTMLTableRowElement[]).map((tr) => [...tr.cells].map((cell) => cell.textContent)),
  );
}

const percent = (locale: string, counts: Counts) =>
  counts.due === 0 ? "—" : new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(counts.contactedOnTime / counts.due);
const countCells = (locale: string, c: Counts) => [c.due, c.contactedOnTime, c.contactedLate, c.stillOpen, c.stillOpenOverdue, c.missed].map(String).concat(percent(locale, c));

function expectedTables(report: SlaAnswer["firstContactSla"], locale: string, tierName: (tier: string) => string, total: string) {
  return {
    byTier: [...report.byTier.map((row) => [tierName(row.tier), ...countCells(locale, row)]), [total, ...countCells(locale, report.totals)]],
    byRep: report.byRep.map((row) => [row.rep.displayName, ...countCells(locale, row)]),
  };
}

/**
 * Issue 11 screen 5: the manager's view of the follow-up queue — the team's queue narrowed to a
 * rep, overdue first, and the first-contact SLA per tier and per rep for a period (SOP-3.6) —
 * compared with the API's answers for each role.
 */
describe.skipIf(chromiumMissing)("the team's follow-ups and first-contact SLA in Chromium", () => {
  const app = usePortalApp({ leads: 150 });

  afterEach(() => {
    expect(app.foreignRequests).toEqual([]);
  });

  it("gives the manager one rep's queue, overdue first, and the team's first-contact SLA per tier and rep for a period", async () => {
    const page = await openSignedIn(app, MANAGER, "/zh/follow-ups/");
    await page.locator("[data-testid=follow-up-queue] tbody tr").first().waitFor();
    const token = await app.tokenFor(MANAGER);
    const team = await teamOf(app, token);

    // The team's SLA for the default period (the last four weeks).
    const period = defaultSlaPeriod(team.timeZone);
    const report = await apiSla(app, token, team.id, period, team.timeZone);
    expect(report.totals.due).toBeGreaterThan(0);
    const tierZh = (tier: string) => `${tier}类客户`;
    await expect.poll(() => tableText(page, "sla-by-tier")).toEqual(expectedTables(report, "zh-CN", tierZh, "合计").byTier);
    expect(await tableText(page, "sla-by-rep")).toEqual(expectedTables(report, "zh-CN", tierZh, "合计").byRep);
    expect(await page.locator("[data-testid=sla-by-tier] caption").textContent()).toBe(`首次联系达标情况，按客户类别（${period.from} 至 ${period.to}）`);

    // One rep's queue: the API's rows for that rep in the team, overdue first.
    const repsAnswer = await app.api.graphql<{ users: { id: string; displayName: string }[] }>("query ($teamId: ID!) { users(role: REP, teamId: $teamId) { id displayName } }", { teamId: team.id }, token);
    const reps = repsAnswer.data!.users;
    const queues = await Promise.all(reps.map(async (rep) => ({ rep, queue: (await app.api.graphql<QueueAnswer>(QUEUE, { teamId: team.id, ownerId: rep.id, first: 50 }, token)).data!.followUpQueue })));
    const { rep, queue } = queues.find(({ queue }) => queue.edges.some(({ node }) => node.isOverdue) && queue.edges.some(({ node }) => !node.isOverdue)) ?? queues[0]!;
    await page.getByLabel("销售人员").selectOption({ label: rep.displayName });
    const rows = () =>
      page.locator("[data-testid=follow-up-queue] tbody tr").evaluateAll((trs) =>
        (trs as HTMLTableRowElement[]).map((tr) => ({ id: tr.getAttribute("data-follow-up-id"), overdue: tr.classList.contains("row-overdue"), owner: tr.cells[6]!.textContent })),
      );
    await expect.poll(async () => (await rows()).map((row) => row.id)).toEqual(queue.edges.map(({ node }) => node.id));
    const shown = await rows();
    expect(new Set(shown.map((row) => row.owner))).toEqual(new Set([rep.displayName]));
    // Overdue first: no overdue row after a row that is not.
    expect(shown.map((row) => row.overdue)).toEqual([...shown.map((row) => row.overdue)].sort((a, b) => Number(b) - Number(a)));
    await expect.poll(() => page.getByTestId("queue-status").textContent()).toBe(`显示 ${queue.edges.length} 条，共 ${queue.totalCount} 条`);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "follow-ups-team-manager-zh");

    // A longer period: eight weeks.
    const longer: SlaPeriod = { from: addDays(period.from, -28), to: period.to };
    await page.getByLabel("从").fill(longer.from);
    await page.getByRole("button", { name: "显示" }).click();
    const longerReport = await apiSla(app, token, team.id, longer, team.timeZone);
    await expect.poll(() => tableText(page, "sla-by-tier")).toEqual(expectedTables(longerReport, "zh-CN", tierZh, "合计").byTier);
    expect(await tableText(page, "sla-by-rep")).toEqual(expectedTables(longerReport, "zh-CN", tierZh, "合计").byRep);

    // A period ending before it starts is not sent.
    await page.getByLabel("从").fill("2026-12-31");
    await page.getByLabel("到（含）").fill("2026-01-01");
    await page.getByRole("button", { name: "显示" }).click();
    expect(await page.getByText("请选择有效的日期，开始日期不晚于结束日期。").count()).toBe(1);
  });

  it("gives the analyst the SLA of the team they pick, in English", async () => {
    const page = await openSignedIn(app, ANALYST, "/en/follow-ups/");
    await page.locator("[data-testid=sla-by-tier] tbody tr").first().waitFor();
    const token = await app.tokenFor(ANALYST);
    const teams = (await app.api.graphql<{ teams: { id: string; name: string; timeZone: string }[] }>("{ teams(first: 500) { id name timeZone } }", {}, token)).data!.teams;
    const team = teams[1] ?? teams[0]!;
    await page.getByLabel("Team").selectOption(team.id);
    const report = await apiSla(app, token, team.id, defaultSlaPeriod(team.timeZone), team.timeZone);
    const tierEn = (tier: string) => `Tier ${tier}`;
    await expect.poll(() => tableText(page, "sla-by-tier")).toEqual(expectedTables(report, "en", tierEn, "Total").byTier);
    const byRep = expectedTables(report, "en", tierEn, "Total").byRep;
    expect(await tableText(page, "sla-by-rep")).toEqual(byRep.length > 0 ? byRep : [["No lead's first contact fell due in this period."]]);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await screenshot(page, "follow-ups-team-analyst-en");
  });

  it("gives a rep their own queue without a rep filter or the team's SLA", async () => {
    const page = await openSignedIn(app, REP, "/zh/follow-ups/");
    await page.locator("[data-testid=follow-up-queue] tbody tr").first().waitFor();
    expect(await page.getByLabel("销售人员").count()).toBe(0);
    expect(await page.getByTestId("first-contact-sla").count()).toBe(0);
  });
});
