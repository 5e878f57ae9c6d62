/// <reference lib="dom" />
// Code passed to page.evaluate runs in the browser: it sees the DOM.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { startApiProcess, type ApiProcess } from "../../../packages/api/test/support/api-process.ts";

/** Debian's Chromium (`apt-get install chromium fonts-noto-cjk`): browsers cannot be downloaded here. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Without Chromium the browser tests are skipped, unless REQUIRE_CHROMIUM=1 (CI) makes that a failure. */
export const chromiumMissing = !existsSync(CHROMIUM) && process.env.REQUIRE_CHROMIUM !== "1";
if (chromiumMissing) console.warn(`Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk).`);

export const DEMO_PASSWORD = "demo-2026";
export const SCREENSHOTS_DIR = fileURLToPath(new URL("../screenshots", import.meta.url));
const apiDir = fileURLToPath(new URL("../../../packages/api", import.meta.url));
const axeSource = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

export interface PortalApp {
  /** http://127.0.0.1:<port>, the API serving the built portal. */
  readonly url: string;
  readonly api: ApiProcess;
  /** A fresh browser context (no cookies) and page; requests to any other host are aborted and counted. */
  newPage(): Promise<Page>;
  /** Requests that tried to leave the machine, over every page so far. */
  readonly foreignRequests: string[];
  /** A demo user's token, straight from the API (as a client app signs in). */
  tokenFor(email: string): Promise<string>;
}

/**
 * `pnpm start`'s API process on an embedded database of its own, filled with the demo seed, and
 * a headless Chromium; both for the whole file. The portal is built by the global setup.
 */
export function usePortalApp(options: { leads: number }): PortalApp {
  const dataDir = mkdtempSync(path.join(tmpdir(), "sales-portal-"));
  let api: ApiProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  const foreignRequests: string[] = [];

  beforeAll(async () => {
    const seed = await run(["src/seed/seed-cli.ts", "--leads", String(options.leads)], { PGLITE_DATA_DIR: dataDir });
    if (seed.code !== 0) throw new Error(`The demo seed failed:\n${seed.output}`);
    api = await startApiProcess({ PGLITE_DATA_DIR: dataDir, LOG_LEVEL: "warn" });
    // Root (CI) cannot use Chromium's sandbox.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    api?.child.kill("SIGKILL");
    await api?.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  return {
    get url() {
      return api!.url;
    },
    get api() {
      return api!;
    },
    foreignRequests,
    async newPage() {
      const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
      contexts.push(context);
      await context.route("**/*", (route) => {
        const { hostname } = new URL(route.request().url());
        if (hostname === "127.0.0.1" || hostname === "localhost") return route.continue();
        foreignRequests.push(route.request().url());
        return route.abort();
      });
      return context.newPage();
    },
    async tokenFor(email) {
      const answer = await api!.graphql<{ login: { token: string } }>(`mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }`, {
        email,
        password: DEMO_PASSWORD,
      });
      if (!answer.data) throw new Error(`Could not log in as ${email}: ${JSON.stringify(answer.errors)}`);
      return answer.data.login.token;
    },
  };
}

/** Signs in through the sign-in form of the page's language and waits for the page it leads to. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  const english = (await page.locator("html").getAttribute("lang")) === "en";
  await page.getByLabel(english ? "Email" : "邮箱").fill(email);
  await page.getByLabel(english ? "Password" : "密码").fill(password);
  await Promise.all([page.waitForURL((url) => !url.pathname.endsWith("/login/")), page.getByRole("button", { name: english ? "Sign in" : "登录" }).click()]);
}

/**
 * A fresh page opened at `path` as a visitor would: sent to sign-in, signed in as `email`, and
 * brought back to `path`.
 */
export async function openSignedIn(app: PortalApp, email: string, path: string): Promise<Page> {
  const page = await app.newPage();
  await page.goto(`${app.url}${path}`);
  await page.waitForURL(/\/login\//);
  await signIn(page, email);
  await page.waitForURL(`${app.url}${path}`);
  return page;
}

/** The API's answer to a query as `token`'s user: its data, or an error naming what it said. */
export async function apiData<T>(app: PortalApp, query: string, variables: Record<string, unknown>, token: string): Promise<T> {
  const answer = await app.api.graphql<T>(query, variables, token);
  if (answer.errors?.length || !answer.data) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}

/**
 * Scrolls to each report chart in turn (they are drawn only once scrolled near) and waits until
 * all `count` are drawn.
 */
export async function drawEveryChart(page: Page, count: number): Promise<void> {
  const charts = page.locator("[data-testid=report-chart]");
  await expect.poll(() => charts.count()).toBe(count);
  for (const chart of await charts.all()) {
    await chart.scrollIntoViewIfNeeded();
    await chart.locator("svg").waitFor();
  }
}

/** RFC 4180, as Excel reads it: quoted fields may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") {
      row.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else field += char;
  }
  return rows;
}

/** axe-core's serious and critical findings on the page as it is now (none expected). */
export async function seriousAccessibilityProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => JSON.stringify(node.target)).join(", ")}`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`), fullPage: true });
}

/** The sign-in page's URL with `next` as the portal sends it. */
export function expectSignInWithNext(page: Page, signInPath: string, next: string): void {
  const url = new URL(page.url());
  expect(url.pathname).toBe(signInPath);
  expect(url.searchParams.get("next")).toBe(next);
}

function run(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { NODE_ENV: _test, ...inherited } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: apiDir, env: { ...inherited, ...env } });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("exit", (code) => resolve({ code, output }));
  });
}
