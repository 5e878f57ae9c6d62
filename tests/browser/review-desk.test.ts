/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import type { Page } from "playwright-core";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { chromiumMissing, screenshot, seriousAccessibilityProblems, signIn, usePortalApp, type PortalApp } from "./support/portal-app.ts";

const MANAGER = "manager.east@demo.example.com";
const REVIEWER = "reviewer.east@demo.example.com";
const ANALYST = "analyst@demo.example.com";

interface Candidate {
  opportunityId: string;
  opportunityName: string;
  ownerEmail: string;
  proposalId: string;
  proposalVersion: number;
  latest: { id: string; number: number; status: string };
}

/** README's revision round: the pricing of version 2 moves 5 % from acceptance to retention; a risk is added. */
const REVISION = `mutation ($id: ID!, $expected: Int!) { updateProposal(id: $id, expectedVersion: $expected, input: {
  pricing: { currency: "CNY",
    lines: [{ product: "边缘网关", quantity: 20, unitPrice: { amount: "5000000", currency: "CNY" }, discountBasisPoints: 500, vatRateBasisPoints: 1300, pricesIncludeVat: false }],
    paymentOptions: [{ name: "分期", description: "预付、到货、验收、质保金", pros: ["客户现金流压力小"], cons: ["回款周期长"],
      instalments: [{ trigger: ADVANCE, percentBasisPoints: 3000 }, { trigger: DELIVERY, percentBasisPoints: 4000, dueDays: 30 },
                    { trigger: ACCEPTANCE, percentBasisPoints: 2000, dueDays: 30 }, { trigger: RETENTION, percentBasisPoints: 1000, dueDays: 365 }] }] }
  risks: { risks: [{ risk: "供应商交货延迟", likelihood: MEDIUM, impact: HIGH, countermeasure: "双供应商备货" },
                   { risk: "需求变更", likelihood: LOW, impact: MEDIUM, countermeasure: "变更评审流程" }] }
}) { version } }`;

const PENDING = `query ($teamId: ID!) { pendingDecisions(teamId: $teamId) { version { id number status } } }`;
const DIFF_FROM_PREVIOUS = `query ($id: ID!) { proposalVersion(id: $id) { proposal { id } diffFromPrevious { part changes { path } } } }`;
const DIFF = `query ($id: ID!, $against: ID!) { proposalVersion(id: $id) { diff(againstVersionId: $against) { part changes { path before after } } } }`;

async function gql<T>(app: PortalApp, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const answer = await app.api.graphql<T>(query, variables, token);
  if (answer.errors?.length || !answer.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/**
 * The demo seed has no proposal with a second version waiting, so the setup makes two the way
 * the README's walk-through does: version 1 returned for revision, the rep revises and resubmits,
 * the manager asks finance to review version 2. For the first the reviewer answers (so it waits
 * for the manager's decision); the second stays in the reviewer's queue.
 */
async function revisedVersions(app: PortalApp): Promise<{ teamId: string; decide: { candidate: Candidate; v2: string; v1: string }; review: { candidate: Candidate; v2: string; v1: string } }> {
  const manager = await app.tokenFor(MANAGER);
  const reviewer = await app.tokenFor(REVIEWER);
  const { viewer } = await gql<{ viewer: { team: { id: string } } }>(app, "{ viewer { team { id } } }", {}, manager);
  const { users } = await gql<{ users: { id: string; email: string }[] }>(app, "{ users(role: REVIEWER) { id email } }", {}, manager);
  const reviewerId = users.find((user) => user.email === REVIEWER)!.id;
  const { opportunities } = await gql<{ opportunities: { edges: { node: { id: string; name: string; owner: { email: string }; proposals: { id: string; version: number; latestVersion: Candidate["latest"] | null }[] } }[] } }>(
    app,
    `{ opportunities(first: 200, filter: { stage: [PROPOSAL, IN_REVIEW] }) { edges { node { id name owner { email } proposals { id version latestVersion { id number status } } } } } }`,
    {},
    manager,
  );
  const candidates: Candidate[] = opportunities.edges.flatMap(({ node }) =>
    node.proposals
      .filter((proposal) => proposal.latestVersion && ["SUBMITTED", "RETURNED"].includes(proposal.latestVersion.status))
      .map((proposal) => ({ opportunityId: node.id, opportunityName: node.name, ownerEmail: node.owner.email, proposalId: proposal.id, proposalVersion: proposal.version, latest: proposal.latestVersion! })),
  );
  if (candidates.length < 2) throw new Error(`The demo seed has ${candidates.length} submitted or returned proposals in East China; the tests need 2`);

  const revise = async (candidate: Candidate, answer: boolean) => {
    if (candidate.latest.status === "SUBMITTED") {
      await gql(app, `mutation ($id: ID!) { decideProposal(proposalVersionId: $id, decision: RETURN_FOR_REVISION, note: "请补充付款条件") { status } }`, { id: candidate.latest.id }, manager);
    }
    const rep = await app.tokenFor(candidate.ownerEmail);
    const { proposal } = await gql<{ proposal: { version: number } }>(app, `query ($id: ID!) { proposal(id: $id) { version } }`, { id: candidate.proposalId }, rep);
    await gql(app, REVISION, { id: candidate.proposalId, expected: proposal.version }, rep);
    const { submitProposal } = await gql<{ submitProposal: { id: string; number: number } }>(app, `mutation ($id: ID!) { submitProposal(id: $id) { id number } }`, { id: candidate.proposalId }, rep);
    const { startReview } = await gql<{ startReview: { id: string }[] }>(
      app,
      `mutation ($id: ID!, $reviewer: ID!) { startReview(proposalVersionId: $id, departments: [FINANCE], reviewerIds: [$reviewer]) { id } }`,
      { id: submitProposal.id, reviewer: reviewerId },
      manager,
    );
    if (answer) {
      await gql(app, `mutation ($id: ID!) { submitReview(reviewId: $id, verdict: REQUEST_CHANGES, comments: [{ part: PRICING, text: "质保金比例偏低，建议提高到 10%" }]) { verdict } }`, { id: startReview[0]!.id }, reviewer);
    }
    return { candidate, v2: submitProposal.id, v1: candidate.latest.id };
  };
  const decide = await revise(candidates[0]!, true);
  const review = await revise(candidates[1]!, false);
  return { teamId: viewer.team.id, decide, review };
}

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
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/reviews/`);
    await page.waitForURL(/\/login\//);
    await signIn(page, MANAGER);
    await page.waitForURL(`${app.url}/zh/reviews/`);
    const token = await app.tokenFor(MANAGER);
    const pending = (await gql<{ pendingDecisions: { version: { id: string } }[] }>(app, PENDING, { teamId: setup.teamId }, token)).pendingDecisions;
    await expect.poll(() => queueIds(page)).toEqual(pending.map(({ version }) => version.id));
    expect(pending.map(({ version }) => version.id)).toContain(setup.decide.v2);

    // Open the revised version from its row: the URL says which, the document shows it.
    await page.locator(`[data-testid=desk-queue] tr[data-version-id="${setup.decide.v2}"] a`).click();
    expect(new URL(page.url()).searchParams.get("version")).toBe(setup.decide.v2);
    await page.getByTestId("version-document").waitFor();
    expect(await page.getByRole("heading", { level: 2, name: `${setup.decide.candidate.opportunityName} · 版本 2` }).count()).toBe(1);

    // The diff: every change the API lists is marked in the document, and the summary counts them.
    const diff = (await gql<{ proposalVersion: { diff: { part: string; changes: { path: string }[] }[] } }>(app, DIFF, { id: setup.decide.v2, against: setup.decide.v1 }, token)).proposalVersion.diff;
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
    const after = (await gql<{ pendingDecisions: { version: { id: string } }[] }>(app, PENDING, { teamId: setup.teamId }, token)).pendingDecisions;
    expect(after.map(({ version }) => version.id)).not.toContain(setup.decide.v2);
    await expect.poll(() => queueIds(page)).toEqual(after.map(({ version }) => version.id));
    const decided = await gql<{ proposalVersion: { status: string; decisionNote: string } }>(app, `query ($id: ID!) { proposalVersion(id: $id) { status decisionNote } }`, { id: setup.decide.v2 }, token);
    expect(decided.proposalVersion).toEqual({ status: "RETURNED", decisionNote: "请按财务意见提高质保金比例" });
    await screenshot(page, "review-desk-returned-zh");
  });

  it("lets the reviewer answer from their queue with a comment tied to a part, showing the API's field error first", async () => {
    const page = await app.newPage();
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, REVIEWER);
    await page.waitForURL(`${app.url}/zh/reviews/`);
    const token = await app.tokenFor(REVIEWER);
    const queue = (await gql<{ reviewQueue: { id: string; version: { id: string } }[] }>(app, "{ reviewQueue { id version { id } } }", {}, token)).reviewQueue;
    await expect.poll(() => queueIds(page)).toEqual(queue.map((review) => review.version.id));
    await page.locator(`[data-testid=desk-queue] tr[data-version-id="${setup.review.v2}"] a`).click();
    await page.getByTestId("review-form").waitFor();
    // SOP-5.4 the reviewer may read no other version, but the API gives them this one's diffFromPrevious:
    // the document marks exactly the changes it lists, and the summary counts them.
    const fromPrevious = (await gql<{ proposalVersion: { proposal: unknown; diffFromPrevious: { part: string; changes: { path: string }[] }[] | null } }>(
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
    const after = (await gql<{ reviewQueue: { version: { id: string } }[] }>(app, "{ reviewQueue { version { id } } }", {}, token)).reviewQueue;
    expect(await queueIds(page)).toEqual(after.map((review) => review.version.id));
    const manager = await app.tokenFor(MANAGER);
    const reviews = await gql<{ proposalVersion: { reviews: { verdict: string; comments: { part: string; text: string }[] }[] } }>(
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
    const status = await gql<{ proposalVersion: { status: string } }>(app, `query ($id: ID!) { proposalVersion(id: $id) { status } }`, { id: setup.review.v2 }, token);
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
