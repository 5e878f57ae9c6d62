/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { chromiumMissing, expectSignInWithNext, openSignedIn, screenshot, SCREENSHOTS_DIR, seriousAccessibilityProblems, signIn, usePortalApp } from "./support/portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REP = "rep1.east@demo.example.com";

interface QueueAnswer {
  followUpQueue: {
    totalCount: number;
    edges: { node: { id: string; dueAt: string; isOverdue: boolean; owner: { displayName: string }; lead: { companyName: string } } }[];
    pageInfo: { hasNextPage: boolean };
  };
}

const QUEUE = `query ($teamId: ID, $first: Int!) { followUpQueue(teamId: $teamId, first: $first) {
  totalCount edges { node { id dueAt isOverdue owner { displayName } lead { companyName } } } pageInfo { hasNextPage } } }`;

/** The rows of the follow-up queue table as a person reads them. */
async function tableRows(page: Page) {
  const rows = page.locator("[data-testid=follow-up-queue] tbody tr");
  return rows.evaluateAll((trs) =>
    (trs as HTMLTableRowElement[]).map((tr) => ({
      id: tr.getAttribute("data-follow-up-id"),
      dueAt: tr.querySelector("time")!.getAttribute("datetime"),
      overdue: tr.classList.contains("row-overdue"),
      status: tr.cells[1]!.textContent,
      company: tr.querySelector("th")!.textContent,
      owner: tr.cells[6]!.textContent,
    })),
  );
}

/**
 * Issue 11: the portal in a real browser (Debian's Chromium through playwright-core), served
 * by the API process from the built portal, on the demo seed.
 */
describe.skipIf(chromiumMissing)("the manager portal in Chromium", () => {
  const app = usePortalApp({ leads: 150 });

  afterEach(() => {
    expect(app.foreignRequests).toEqual([]);
  });

  it("signs the demo manager in from / (landing on the pipeline board) and shows the team's follow-up queue, the API's rows in its order", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/login\//);
    expectSignInWithNext(page, "/zh/login/", "/zh/");
    await signIn(page, MANAGER);
    await page.waitForURL(`${app.url}/zh/pipeline/`);
    await page.goto(`${app.url}/zh/follow-ups/`);
    await expect.poll(() => page.locator("[data-testid=follow-up-queue] tbody tr").count()).toBeGreaterThan(0);

    const token = await app.tokenFor(MANAGER);
    const viewer = await app.api.graphql<{ viewer: { displayName: string; team: { id: string } } }>("{ viewer { displayName team { id } } }", {}, token);
    const { displayName, team } = viewer.data!.viewer;
    const answer = (await app.api.graphql<QueueAnswer>(QUEUE, { teamId: team.id, first: 100 }, token)).data!.followUpQueue;
    expect(answer.pageInfo.hasNextPage || answer.edges.length > 50).toBe(true);

    const expected = (count: number) =>
      answer.edges.slice(0, count).map(({ node }) => ({
        id: node.id,
        dueAt: node.dueAt,
        overdue: node.isOverdue,
        status: node.isOverdue ? "逾期" : expect.stringMatching(/^(今天截止|未到期)$/),
        company: node.lead.companyName,
        owner: node.owner.displayName,
      }));
    expect(await tableRows(page)).toEqual(expected(50));
    expect(answer.edges.some(({ node }) => node.isOverdue)).toBe(true);
    await expect.poll(() => page.getByTestId("queue-status").textContent()).toBe(`显示 50 条，共 ${answer.totalCount} 条`);
    expect(await page.getByTestId("signed-in-as").textContent()).toBe(`当前用户：${displayName}（销售经理）`);
    // The session is in an HttpOnly cookie: nothing for script to read; storage holds only the language.
    expect(await page.evaluate(() => ({ cookie: document.cookie, stored: { ...localStorage }, session: sessionStorage.length }))).toEqual({ cookie: "", stored: { "portal.locale": "zh-CN" }, session: 0 });
    await screenshot(page, "follow-ups-manager-zh");

    await page.getByRole("button", { name: "加载更多" }).click();
    await expect.poll(async () => (await tableRows(page)).length).toBe(Math.min(100, answer.totalCount));
    expect(await tableRows(page)).toEqual(expected(100));
  });

  it("shows a rep only their own follow-ups", async () => {
    const page = await openSignedIn(app, REP, "/zh/follow-ups/");
    await expect.poll(() => page.locator("[data-testid=follow-up-queue] tbody tr").count()).toBeGreaterThan(0);

    const token = await app.tokenFor(REP);
    const answer = (await app.api.graphql<QueueAnswer>(QUEUE, { first: 50 }, token)).data!.followUpQueue;
    const rows = await tableRows(page);
    expect(rows.map((row) => row.id)).toEqual(answer.edges.map(({ node }) => node.id));
    const me = (await app.api.graphql<{ viewer: { displayName: string } }>("{ viewer { displayName } }", {}, token)).data!.viewer.displayName;
    expect(new Set(rows.map((row) => row.owner))).toEqual(new Set([me]));
    // A rep's navigation has no review desk.
    expect(await page.getByRole("navigation", { name: "主导航" }).getByRole("link").allTextContents()).toEqual(["销售管道", "报表", "跟进", "销售线索", "批量导入"]);
  });

  it("shows the API's answer to a wrong password and to too many of them, and stays on sign-in", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/en/login/`);
    await page.getByLabel("Email").fill(MANAGER);
    await page.getByLabel("Password").fill("not-the-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("The email or password is wrong.");
    expect(new URL(page.url()).pathname).toBe("/en/login/");
    await screenshot(page, "sign-in-wrong-password-en");

    // Lock another account: the throttle's answer carries how long to wait.
    const locked = "rep3.south@demo.example.com";
    for (let attempt = 0; attempt < 12; attempt++) {
      const answer = await app.api.graphql("mutation ($email: String!) { login(email: $email, password: \"wrong\") { expiresAt } }", { email: locked });
      const wait = answer.errors?.[0]?.extensions?.retryAfterSeconds;
      if (typeof wait === "number" && wait >= 4) break;
      if (typeof wait === "number") await new Promise((resolve) => setTimeout(resolve, wait * 1000));
    }
    await page.getByLabel("Email").fill(locked);
    await page.getByLabel("Password").fill("demo-2026");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toMatch(/^Too many failed sign-ins: try again in \d+ seconds\.$/);
  });

  it("signs out, after which a protected page sends you to sign-in and back to it", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, MANAGER);
    await Promise.all([page.waitForURL(`${app.url}/zh/login/`), page.getByRole("button", { name: "退出登录" }).click()]);

    await page.goto(`${app.url}/zh/follow-ups/`);
    await page.waitForURL(/\/login\/\?/);
    expectSignInWithNext(page, "/zh/login/", "/zh/follow-ups/");
    expect(await page.locator(".notice").textContent()).toBe("请先登录，登录后回到你要打开的页面。");
    await signIn(page, MANAGER);
    expect(new URL(page.url()).pathname).toBe("/zh/follow-ups/");
  });

  it("sends a page whose session was ended elsewhere to sign-in with the page as next, at its next request or load", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/en/login/`);
    await signIn(page, MANAGER);
    await page.goto(`${app.url}/en/follow-ups/?from=test`);
    await page.locator("[data-testid=follow-up-queue] tbody tr").first().waitFor();
    // The session ends outside this page (as a logout in another tab would): its cookie stays.
    const session = (await page.context().cookies()).find((cookie) => cookie.name === "sales_session")!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict" });
    expect((await app.api.graphql("mutation { logout }", {}, session.value)).data).toEqual({ logout: true });

    // The open page's next query answers UNAUTHENTICATED.
    await page.getByRole("button", { name: "Load more" }).click();
    await page.waitForURL(/\/en\/login\/\?/);
    expectSignInWithNext(page, "/en/login/", "/en/follow-ups/?from=test");
    // And so does loading any protected page again.
    await page.goto(`${app.url}/en/reports/`);
    await page.waitForURL(/\/en\/login\/\?/);
    expectSignInWithNext(page, "/en/login/", "/en/reports/");
  });

  it("goes after sign-in only to a page of its own site, whatever next says", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/?next=${encodeURIComponent("//evil.example/phish")}`);
    await signIn(page, MANAGER);
    expect(page.url()).toBe(`${app.url}/zh/pipeline/`);
  });

  it("renders Chinese under /zh/ and English under /en/, each with its lang, and switches between them keeping the query", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/?next=%2Fzh%2Freports%2F`);
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("登录");
    await expect.poll(() => page.locator(".notice").textContent()).toBe("请先登录，登录后回到你要打开的页面。");
    await screenshot(page, "sign-in-zh");
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/\/en\/login\//);
    expect(await page.locator("html").getAttribute("lang")).toBe("en");
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Sign in");
    expectSignInWithNext(page, "/en/login/", "/zh/reports/");
    await screenshot(page, "sign-in-en");

    await signIn(page, MANAGER);
    await page.goto(`${app.url}/en/follow-ups/`);
    await expect.poll(() => page.locator("[data-testid=follow-up-queue] tbody tr").count()).toBeGreaterThan(0);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Follow-up queue");
    expect(await page.getByTestId("follow-up-queue").getByRole("columnheader").allTextContents()).toEqual(["Due", "Status", "Lead", "Tier", "Kind", "Contact by", "Sales rep"]);
    expect(await page.getByRole("navigation", { name: "Main navigation" }).getByRole("link").allTextContents()).toEqual(["Pipeline", "Reports", "Reviews", "Follow-ups", "Leads", "Import", "Explorer"]);
    await screenshot(page, "follow-ups-manager-en");
  });

  it("sends / to the language last visited or picked, Chinese on a first visit, and lists both languages without script", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/`);
    await page.waitForURL(/\/zh\/login\//);
    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/\/en\/login\//);
    expect(await page.evaluate(() => localStorage.getItem("portal.locale"))).toBe("en");
    await page.goto(`${app.url}/?from=bookmark`);
    await page.waitForURL(/\/en\/login\//);
    expectSignInWithNext(page, "/en/login/", "/en/?from=bookmark");

    const root = await (await fetch(`${app.url}/`)).text();
    expect(root).toMatch(/<noscript>.*<a href="\/zh\/" lang="zh-CN"[^>]*> 中文 <\/a>.*<a href="\/en\/" lang="en"[^>]*> English <\/a>.*<\/noscript>/s);
  });

  it("gives the analyst a read-only queue of the team they pick, and the reviewer only the review desk", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, "analyst@demo.example.com");
    await page.waitForURL(`${app.url}/zh/follow-ups/`);
    await expect.poll(() => page.locator("[data-testid=follow-up-queue] tbody tr").count()).toBeGreaterThan(0);
    expect(await page.locator(".signed-in .badge").textContent()).toBe("只读");
    const token = await app.tokenFor("analyst@demo.example.com");
    const teams = (await app.api.graphql<{ teams: { id: string; name: string }[] }>("{ teams { id name } }", {}, token)).data!.teams;
    const second = teams[1]!;
    await page.getByLabel("团队").selectOption(second.id);
    const answer = (await app.api.graphql<QueueAnswer>(QUEUE, { teamId: second.id, first: 50 }, token)).data!.followUpQueue;
    await expect.poll(async () => (await tableRows(page)).map((row) => row.id)).toEqual(answer.edges.map(({ node }) => node.id));
    await screenshot(page, "follow-ups-analyst-zh");

    const reviewer = await app.newPage();
    await reviewer.goto(`${app.url}/zh/login/`);
    await signIn(reviewer, "reviewer.east@demo.example.com");
    await reviewer.waitForURL(`${app.url}/zh/reviews/`);
    await expect.poll(() => reviewer.getByRole("navigation", { name: "主导航" }).getByRole("link").allTextContents()).toEqual(["评审"]);
  });

  it("has no serious or critical accessibility problems (axe-core) on any page, in either language", async () => {
    const page = await app.newPage();
    const problems: Record<string, string[]> = {};
    for (const prefix of ["/zh", "/en"]) {
      await page.goto(`${app.url}${prefix}/login/`);
      problems[`${prefix}/login/`] = await seriousAccessibilityProblems(page);
    }
    await signIn(page, MANAGER);
    for (const prefix of ["/zh", "/en"]) {
      for (const screen of ["/follow-ups/", "/pipeline/", "/reports/", "/reviews/"]) {
        await page.goto(`${app.url}${prefix}${screen}`);
        await page.getByTestId("signed-in-as").waitFor();
        if (screen === "/follow-ups/") await page.locator("[data-testid=follow-up-queue] tbody tr").first().waitFor();
        problems[`${prefix}${screen}`] = await seriousAccessibilityProblems(page);
      }
    }
    await page.goto(`${app.url}/no-such-page/`);
    problems["404"] = await seriousAccessibilityProblems(page);
    await screenshot(page, "not-found");
    expect(Object.values(problems).flat()).toEqual([]);
    expect(Object.keys(problems)).toHaveLength(11);
  });

  it("is usable by keyboard: a skip link first, then the screen's controls with a visible focus", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, MANAGER);
    // A manager lands on the pipeline board; this test walks the follow-up queue.
    await page.goto(`${app.url}/zh/follow-ups/`);
    await page.locator("[data-testid=follow-up-queue] tbody tr").first().waitFor();
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("跳到主要内容");
    await page.keyboard.press("Enter");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("main");

    // From the count above it, Tab reaches "load more", and Enter loads the next page.
    await page.getByTestId("queue-status").focus();
    await page.keyboard.press("Tab");
    const loadMore = page.getByRole("button", { name: "加载更多" });
    expect(await loadMore.evaluate((button) => button === document.activeElement && button.matches(":focus-visible"))).toBe(true);
    expect(await loadMore.evaluate((button) => getComputedStyle(button).outlineStyle)).toBe("solid");
    const box = (await loadMore.boundingBox())!;
    await page.screenshot({ path: `${SCREENSHOTS_DIR}/keyboard-focus-load-more.png`, clip: { x: 0, y: box.y - 60, width: 480, height: box.height + 80 } });
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("[data-testid=follow-up-queue] tbody tr").count()).toBeGreaterThan(50);
  });
});
