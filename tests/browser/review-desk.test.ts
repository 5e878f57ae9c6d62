/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { apiData, chromiumMissing, openSignedIn, screenshot, seriousAccessibilityProblems, signIn, usePortalApp } from "./support/portal-app.ts";
import { revisedVersions } from "./support/revised-proposals.ts";

const MANAGER = "manager.east@demo.example.com";
const REVIEWER = "reviewer.east@demo.example.com";
const ANALYST = "analyst@demo.example.com";

const PENDING = `query ($teamId: ID!) { pendingDecisions(teamId: $teamId) { version { id number status } } }`;
const DIFF_FROM_PREVIOUS = `query ($id: ID!) { proposalVersion(id: $id) { proposal { id } diffFromPrevious { part changes { path } } } }`;
const DIFF = `query ($id: ID!, $against: ID!) { proposalVersion(id: $id) { diff(againstVersionId: $against) { part changes { path before after } } } }`;

/** The rows of the desk's queue: each version's id, in the page's order. */
function queueIds(page: Page): Promise<string[]> {
  return page.locator("[data-testid=desk-queue] tbody tr").evaluateAll((rows) => rows.map((row) => row.getAttribute("data-version-id")!));
}

/** Every change path the document marks (the totals' own marks aside), once each. */
function markedPaths(page: Page): Promise<string[]> {
  return page
    .locator("[data-testid=version-document] [data-diff-path]")
    .evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute("data-diff-path")!))].filter((path) => !path.startsWith("pricing.totals.")).sort());
}

describe.skipIf(chromiumMissing)("the review desk in Chromium (SOP-5.3/5.4)", () => {
  const app = usePortalApp({ leads: 150 });
  let setup: Awaited<ReturnType<typeof revisedVersions>>;

  beforeAll(async () => {
    setup = await revisedVersions(app);
  });

  afterEach(() => {
    expect(app.foreignRequests).toEqual([]);
  });

  it("shows a manager the team's pending decisions in the API's order, a version's diff in its parts, and returns it for revision", async () => {
    const page = await openSignedIn(app, MANAGER, "/zh/reviews/");
    const token = await app.tokenFor(MANAGER);
    const pending = (await apiData<{ pendingDecisions: { version: { id: string } }[] }>(app, PENDING, { teamId: setup.teamId }, token)).pendingDecisions;
    await expect.poll(() => queueIds(page)).toEqual(pending.map(({ version }) => version.id));
    expect(pending.map(({ version }) => version.id)).toContain(setup.decide.v2);

    // Open the revised version from its row: the URL says which, the document shows it.
    await page.locator(`[data-testid=desk-queue] tr[data-version-id="${setup.decide.v2}"] a`).click();
    expect(new URL(page.url()).searchParams.get("version")).toBe(setup.decide.v2);
    await page.getByTestId("version-document").waitFor();
    expect(await page.getByRole("heading", { level: 2, name: `${setup.decide.candidate.opportunityName} · 版本 2` }).count()).toBe(1);

    // The diff: every change the API lists is marked in the document, and the summary counts them.
    const diff = (await apiData<{ proposalVersion: { diff: { part: string; changes: { path: string }[] }[] } }>(app, DIFF, { id: setup.decide.v2, against: setup.decide.v1 }, token)).proposalVersion.diff;
    const apiPaths = diff.flatMap((part) => part.changes.map((change) => change.path)).sort();
    expect(apiPaths.length).toBeGreaterThan(0);
    await expect.poll(() => markedPaths(page)).toEqual(apiPaths);
    expect(await page.getByTestId("diff-summary").textContent()).toBe(`与版本 1 相比有 ${apiPaths.length} 处改动，已在各部分中标出（删除线为改前，→ 之后为改后）。`);
    // Told in words, not by colour alone: each marked field carries "已修改" / "新增" and its old value struck through.
    const firstChanged = page.locator("[data-testid=version-document] .diff-changed").first();
    expect(await firstChanged.locator(".diff-tag").textContent()).toBe("已修改");
    expect(await firstChanged.locator("del").count()).toBe(1);
    // The reviewer's comment is pinned to the pricing part.
    expect(await page.getByTestId("comments-PRICING").textContent()).toContain("质保金比例偏低，建议提高到 10%");
    expect(await page.getByTestId("risk-matrix").locator("td", { hasText: "风险 1" }).count()).toBe(1);
    await screenshot(page, "review-desk-manager-zh");

    // Returning needs a note: the API's field error is shown at the note.
    const form = page.getByTestId("decision-form");
    await form.getByLabel("退回修改").check();
    await form.getByRole("button", { name: "提交决定" }).click();
    await expect.poll(() => page.getByTestId("note-problem").textContent()).toBe("说明：say why, so the rep knows what to change");
    expect(await page.locator("#decision-note").getAttribute("aria-invalid")).toBe("true");

    await page.locator("#decision-note").fill("请按财务意见提高质保金比例");
    await form.getByRole("button", { name: "提交决定" }).click();
    await expect.poll(() => page.getByTestId("desk-notice").textContent()).toBe("已退回修改，此版本已离开待决定队列。");
    await expect.poll(() => page.getByTestId("version-status").textContent()).toBe("已退回修改");
    const after = (await apiData<{ pendingDecisions: { version: { id: string } }[] }>(app, PENDING, { teamId: setup.teamId }, token)).pendingDecisions;
    expect(after.map(({ version }) => version.id)).not.toContain(setup.decide.v2);
    await expect.poll(() => queueIds(page)).toEqual(after.map(({ version }) => version.id));
    const decided = await apiData<{ proposalVersion: { status: string; decisionNote: string } }>(app, `query ($id: ID!) { proposalVersion(id: $id) { status decisionNote } }`, { id: setup.decide.v2 }, token);
    expect(decided.proposalVersion).toEqual({ status: "RETURNED", decisionNote: "请按财务意见提高质保金比例" });
    await screenshot(page, "review-desk-returned-zh");
  });

  it("lets the reviewer answer from their queue with a comment tied to a part, showing the API's field error first", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, REVIEWER);
    await page.waitForURL(`${app.url}/zh/reviews/`);
    const token = await app.tokenFor(REVIEWER);
    const queue = (await apiData<{ reviewQueue: { id: string; version: { id: string } }[] }>(app, "{ reviewQueue { id version { id } } }", {}, token)).reviewQueue;
    await expect.poll(() => queueIds(page)).toEqual(queue.map((review) => review.version.id));
    await page.locator(`[data-testid=desk-queue] tr[data-version-id="${setup.review.v2}"] a`).click();
    await page.getByTestId("review-form").waitFor();
    // SOP-5.4 the reviewer may read no other version, but the API gives them this one's diffFromPrevious:
    // the document marks exactly the changes it lists, and the summary counts them.
    const fromPrevious = (await apiData<{ proposalVersion: { proposal: unknown; diffFromPrevious: { part: string; changes: { path: string }[] }[] | null } }>(
      app,
      DIFF_FROM_PREVIOUS,
      { id: setup.review.v2 },
      token,
    )).proposalVersion;
    expect(fromPrevious.proposal).toBeNull();
    const apiPaths = (fromPrevious.diffFromPrevious ?? []).flatMap((part) => part.changes.map((change) => change.path)).sort();
    expect(apiPaths.length).toBeGreaterThan(0);
    await expect.poll(() => markedPaths(page)).toEqual(apiPaths);
    expect(await page.getByTestId("diff-summary").textContent()).toBe(`与版本 1 相比有 ${apiPaths.length} 处改动，已在各部分中标出（删除线为改前，→ 之后为改后）。`);
    // Each change sits in its own part, told in words: the pricing part's marks are the API's PRICING changes.
    for (const part of fromPrevious.diffFromPrevious ?? []) {
      const inPart = await page
        .locator(`[data-testid=version-document] section[data-part="${part.part}"]`)
        .locator("[data-diff-path]")
        .evaluateAll((nodes) => [...new Set(nodes.map((node) => node.getAttribute("data-diff-path")!))].filter((path) => !path.startsWith("pricing.totals.")).sort());
      expect(inPart, part.part).toEqual(part.changes.map((change) => change.path).sort());
    }
    expect(await page.locator("[data-testid=version-document] .diff-changed .diff-tag").first().textContent()).toBe("已修改");

    const form = page.getByTestId("review-form");
    await form.getByLabel("要求修改").check();
    await form.getByRole("button", { name: "提交评审" }).click();
    await expect.poll(() => page.getByTestId("review-problems").textContent()).toMatch(/^comments：requesting changes needs at least one comment/);

    await form.getByLabel("意见 1 针对的部分").selectOption("PRICING");
    await form.getByLabel("意见 1", { exact: true }).fill("验收款比例可以再降低");
    await form.getByRole("button", { name: "提交评审" }).click();
    await expect.poll(() => page.getByTestId("desk-notice").textContent()).toBe("已提交评审：要求修改。");
    await expect.poll(() => page.getByTestId("comments-PRICING").textContent()).toContain("验收款比例可以再降低");
    await expect.poll(() => queueIds(page)).not.toContain(setup.review.v2);
    const after = (await apiData<{ reviewQueue: { version: { id: string } }[] }>(app, "{ reviewQueue { version { id } } }", {}, token)).reviewQueue;
    expect(await queueIds(page)).toEqual(after.map((review) => review.version.id));
    const manager = await app.tokenFor(MANAGER);
    const reviews = await apiData<{ proposalVersion: { reviews: { verdict: string; comments: { part: string; text: string }[] }[] } }>(
      app,
      `query ($id: ID!) { proposalVersion(id: $id) { reviews { verdict comments { part text } } } }`,
      { id: setup.review.v2 },
      manager,
    );
    expect(reviews.proposalVersion.reviews).toEqual([{ verdict: "REQUEST_CHANGES", comments: [{ part: "PRICING", text: "验收款比例可以再降低" }] }]);
    await screenshot(page, "review-desk-reviewer-zh");
  });

  it("tells a second manager session that the version was already decided (CONFLICT) and refreshes the queue", async () => {
    const first = await app.newPage();
    const second = await app.newPage();
    for (const page of [first, second]) {
      await page.goto(`${app.url}/en/login/`);
      await signIn(page, MANAGER);
      await page.goto(`${app.url}/en/reviews/?version=${setup.review.v2}`);
      await page.getByTestId("decision-form").waitFor();
      await expect.poll(() => queueIds(page)).toContain(setup.review.v2);
    }
    await first.getByLabel("Approve").check();
    await first.getByRole("button", { name: "Submit decision" }).click();
    await expect.poll(() => first.getByTestId("desk-notice").textContent()).toBe("The version is approved.");

    await second.getByLabel("Return for revision").check();
    await second.locator("#decision-note").fill("Too late");
    await second.getByRole("button", { name: "Submit decision" }).click();
    await expect
      .poll(() => second.getByTestId("desk-notice").textContent())
      .toBe("Someone else has already decided this version (it is now “Approved”): your decision was not applied. The queue has been refreshed.");
    await expect.poll(() => queueIds(second)).not.toContain(setup.review.v2);
    expect(await second.getByTestId("decision-form").count()).toBe(0);
    const token = await app.tokenFor(MANAGER);
    const status = await apiData<{ proposalVersion: { status: string } }>(app, `query ($id: ID!) { proposalVersion(id: $id) { status } }`, { id: setup.review.v2 }, token);
    expect(status.proposalVersion.status).toBe("APPROVED");
    await screenshot(second, "review-desk-conflict-en");
  });

  it("shows the analyst a team's desk read-only: the document without a decision form", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, ANALYST);
    await page.goto(`${app.url}/zh/reviews/?version=${setup.decide.v2}`);
    await page.getByTestId("version-document").waitFor();
    expect(await page.locator(".notice", { hasText: "只读" }).count()).toBe(1);
    expect(await page.getByTestId("decision-form").count()).toBe(0);
    expect(await page.getByTestId("review-form").count()).toBe(0);
    await expect.poll(() => page.getByTestId("diff-summary").textContent()).toMatch(/^与版本 1 相比有 \d+ 处改动/);
  });

  it("has no serious or critical accessibility problems with a version open, for each role and language", async () => {
    const problems: Record<string, string[]> = {};
    for (const [email, version] of [
      [MANAGER, setup.decide.v2],
      [REVIEWER, setup.review.v2],
      [ANALYST, setup.decide.v2],
    ] as const) {
      const page = await app.newPage();
      await page.goto(`${app.url}/zh/login/`);
      await signIn(page, email);
      for (const prefix of ["/zh", "/en"]) {
        await page.goto(`${app.url}${prefix}/reviews/?version=${version}`);
        await page.getByTestId("version-document").waitFor();
        await page.getByTestId("diff-summary").waitFor();
        problems[`${email} ${prefix}`] = await seriousAccessibilityProblems(page);
      }
    }
    expect(Object.values(problems).flat()).toEqual([]);
  });
});
