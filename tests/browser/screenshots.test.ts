/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { chromiumMissing, signIn, usePortalApp } from "./support/portal-app.ts";

/**
 * The README's pictures of the portal (issue 11): the board, a report and the review desk, as the
 * demo manager sees them on the demo seed, saved as PNGs under docs/ — only when asked, with
 * `SCREENSHOTS=docs` (`pnpm portal:screenshots`), since they are committed and a test run should
 * not rewrite them. Each is taken once the page's data has arrived and nothing is loading.
 */
const wanted = process.env.SCREENSHOTS === "docs";
const DOCS_DIR = fileURLToPath(new URL("../../docs", import.meta.url));
const MANAGER = "manager.east@demo.example.com";

async function settle(page: Page) {
  await page.getByTestId("signed-in-as").waitFor();
  await page.waitForLoadState("networkidle");
  await expect.poll(() => page.locator('[aria-busy="true"], .loading').count(), { timeout: 15_000 }).toBe(0);
  // Charts animate in; fonts settle.
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(1_000);
}

async function save(page: Page, name: string) {
  const file = path.join(DOCS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  console.log(`Saved ${path.relative(process.cwd(), file)}`);
}

describe.skipIf(chromiumMissing || !wanted)("the README's screenshots (SCREENSHOTS=docs)", () => {
  const app = usePortalApp({ leads: 300 });

  it("saves the pipeline board, a report and the review desk under docs/", async () => {
    mkdirSync(DOCS_DIR, { recursive: true });
    const page = await app.newPage();
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto(`${app.url}/zh/login/`);
    await signIn(page, MANAGER);

    await page.goto(`${app.url}/zh/pipeline/`);
    await settle(page);
    await save(page, "portal-board");

    await page.goto(`${app.url}/zh/reports/`);
    await settle(page);
    await save(page, "portal-report");

    await page.goto(`${app.url}/zh/reviews/`);
    await settle(page);
    // Open the longest-waiting decision, when the desk lists one, so the picture shows a version.
    const first = page.locator("[data-testid=desk-queue] tbody tr").first().locator("a, button").first();
    if ((await first.count()) > 0) {
      await first.click();
      await page.getByTestId("version-document").waitFor({ timeout: 15_000 });
      await settle(page);
    }
    await save(page, "portal-review-desk");

    expect(app.foreignRequests).toEqual([]);
  });
});
