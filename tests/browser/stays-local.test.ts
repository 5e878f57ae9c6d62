/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import type { Page, Request } from "playwright-core";
import { describe, expect, it } from "vitest";
import { localePath, LOCALES } from "../../packages/portal/src/i18n/locales.ts";
import { SCREENS } from "../../packages/portal/src/navigation/screens.ts";
import { chromiumMissing, signIn, usePortalApp } from "./support/portal-app.ts";

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost"]);

/** What a page asked for while it was open: requests for other hosts, and every font, image, stylesheet and script. */
function watch(page: Page) {
  const foreign: string[] = [];
  const failed: string[] = [];
  const assets: { url: string; type: string; status: number | undefined }[] = [];
  const pending: Promise<void>[] = [];
  page.on("request", (request: Request) => {
    if (!LOCAL_HOSTS.has(new URL(request.url()).hostname)) foreign.push(request.url());
  });
  page.on("requestfailed", (request) => {
    // Going on to the next page cancels what the last one still had in flight (seen once in CI:
    // the explorer's JSON worker, which Monaco starts after the network has gone quiet). That is
    // the test moving on, not an asset failing to load; a missing asset answers 404 (checked below).
    const error = request.failure()?.errorText;
    if (error === "net::ERR_ABORTED") return;
    if (LOCAL_HOSTS.has(new URL(request.url()).hostname)) failed.push(`${request.url()}: ${error}`);
  });
  page.on("requestfinished", (request) => {
    const type = request.resourceType();
    if (!["font", "image", "stylesheet", "script"].includes(type)) return;
    pending.push(
      request.response().then(
        (response) => {
          assets.push({ url: request.url(), type, status: response?.status() });
        },
        // A request that finished as the test closed the page (seen once in CI) has no response
        // left to read; the test has moved on from that page. On an open page it is a failure.
        (error: unknown) => {
          if (!page.isClosed()) throw error;
        },
      ),
    );
  });
  return { foreign, failed, assets, settled: () => Promise.all(pending) };
}

/** Every font the page uses has loaded, and every image has pixels. */
async function brokenFontsAndImages(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    await document.fonts.ready;
    const fonts: string[] = [];
    document.fonts.forEach((font) => {
      if (font.status === "error") fonts.push(`font ${font.family}`);
    });
    const images = Array.from(document.images).filter((image) => !image.complete || image.naturalWidth === 0).map((image) => `image ${image.currentSrc || image.src}`);
    return [...fonts, ...images];
  });
}

/**
 * Issue 11, "no request leaves localhost": every page of the portal, in both languages, signed
 * in as a manager and as an analyst (whose screens read every team), asks nothing of any other
 * host — no web font, no analytics, no CDN — and every font, image, stylesheet and script it uses
 * comes from the API's own origin and loads. The pages come from the navigation's list
 * (src/navigation/screens.ts), so a new screen is covered once it is linked.
 */
describe.skipIf(chromiumMissing)("the portal stays on this machine", () => {
  const app = usePortalApp({ leads: 60 });

  for (const email of ["manager.east@demo.example.com", "analyst@demo.example.com"]) {
    it(`asks only the API's origin for anything on any page, signed in as ${email}`, async () => {
      const page = await app.newPage();
      const seen = watch(page);
      await page.goto(`${app.url}/`);
      await page.waitForURL(/\/login\//);
      await page.waitForLoadState("networkidle");
      await signIn(page, email);
      await page.waitForLoadState("networkidle");

      const visited: string[] = [];
      const problems: string[] = [];
      for (const locale of LOCALES) {
        for (const path of ["/", ...SCREENS.map((screen) => screen.path)]) {
          const url = localePath(locale, path);
          await page.goto(`${app.url}${url}`);
          await page.waitForLoadState("networkidle");
          // The root of each language forwards to the role's first screen.
          if (path !== "/") expect(new URL(page.url()).pathname, url).toBe(url);
          await page.getByTestId("signed-in-as").waitFor();
          await page.waitForLoadState("networkidle");
          problems.push(...(await brokenFontsAndImages(page)).map((problem) => `${url}: ${problem}`));
          visited.push(url);
        }
      }
      await page.goto(`${app.url}/no-such-page/`);
      await page.waitForLoadState("networkidle");
      problems.push(...(await brokenFontsAndImages(page)));
      await seen.settled();

      expect(visited).toHaveLength(LOCALES.length * (SCREENS.length + 1));
      expect(seen.foreign).toEqual([]);
      expect(app.foreignRequests).toEqual([]);
      expect(seen.failed).toEqual([]);
      expect(problems).toEqual([]);
      expect(seen.assets.filter((asset) => !LOCAL_HOSTS.has(new URL(asset.url).hostname) || (asset.status !== 200 && asset.status !== 304))).toEqual([]);
      // The islands' scripts at least were fetched, so the check above saw something.
      expect(seen.assets.some((asset) => asset.type === "script")).toBe(true);
    });
  }

  it("counts and aborts a request for another host (the check above can fail)", async () => {
    const page = await app.newPage();
    const seen = watch(page);
    await page.goto(`${app.url}/zh/login/`);
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "https://fonts.example.com/pixel.png";
      document.body.append(image);
    });
    await expect.poll(() => seen.foreign).toEqual(["https://fonts.example.com/pixel.png"]);
    expect(app.foreignRequests).toEqual(["https://fonts.example.com/pixel.png"]);
    app.foreignRequests.length = 0;
  });
});
