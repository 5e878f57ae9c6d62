import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/logging/logger.ts";
import { createServer, type RunningServer } from "../src/server.ts";
import { TEST_AUTH_SECRET } from "./support/fixtures.ts";
import { useTestDatabase } from "./support/test-database.ts";

const database = useTestDatabase("pglite");

/** A server like the API's, serving the portal built into `portalDir`. */
function servePortalFrom(portalDir: string) {
  let running: RunningServer | undefined;
  beforeAll(async () => {
    const server = await createServer({
      config: {
        production: true,
        bodyLimitBytes: 1024 * 1024,
        corsOrigins: [],
        requestTimeoutMs: 15_000,
        trustProxy: false,
        auth: { secret: TEST_AUTH_SECRET, sessionTtlMs: 3_600_000 },
      },
      database: database.handle,
      logger: createLogger({ level: "silent", production: true }),
      portalDir,
    });
    running = await server.listen(0, "127.0.0.1");
  });
  afterAll(async () => {
    await running?.stop();
  });
  return (pathname: string, init?: RequestInit) => fetch(`${running!.url}${pathname}`, { redirect: "manual", ...init });
}

/**
 * Issue 11: the API process serves the built portal (packages/portal/dist) at /, beside
 * /graphql and /healthz, with content types and cache headers a browser can rely on. A stand-in
 * build (the file layout Astro writes) keeps this independent of the real one.
 */
describe("the built portal served at /", () => {
  const dist = mkdtempSync(path.join(tmpdir(), "portal-dist-"));
  const page = (name: string) => `<!doctype html><html lang="zh-CN"><title>${name}</title></html>`;
  mkdirSync(path.join(dist, "en", "login"), { recursive: true });
  mkdirSync(path.join(dist, "zh", "reports"), { recursive: true });
  mkdirSync(path.join(dist, "_astro"));
  writeFileSync(path.join(dist, "index.html"), page("home"));
  writeFileSync(path.join(dist, "en", "login", "index.html"), page("sign in"));
  writeFileSync(path.join(dist, "404.html"), page("not found"));
  writeFileSync(path.join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(path.join(dist, "_astro", "client.C5RI7xnT.js"), "export {};");
  writeFileSync(path.join(dist, ".build-stamp"), "");
  // What the portal build writes beside each text file: a brotli and a gzip copy.
  const script = `export const rows = [${Array.from({ length: 200 }, (_, row) => `"row ${row}"`).join(", ")}];\n`;
  const reports = page("reports").repeat(20);
  for (const [file, text] of [
    [path.join("_astro", "reports.Bq3xZ0aA.js"), script],
    [path.join("zh", "reports", "index.html"), reports],
  ] as const) {
    writeFileSync(path.join(dist, file), text);
    writeFileSync(path.join(dist, `${file}.br`), brotliCompressSync(text));
    writeFileSync(path.join(dist, `${file}.gz`), gzipSync(text));
  }
  afterAll(() => rmSync(dist, { recursive: true, force: true }));
  const get = servePortalFrom(dist);

  it("answers / with the portal's start page as HTML, revalidated on every load", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-cache");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(await response.text()).toContain("<title>home</title>");
    // As a browser revalidates (fetch would add `cache-control: no-cache` to a conditional request).
    const revalidated = await get("/", { headers: { "if-none-match": response.headers.get("etag")!, "cache-control": "max-age=0" } });
    expect(revalidated.status).toBe(304);
  });

  it("caches hashed assets for a year and serves them with their content type", async () => {
    const script = await get("/_astro/client.C5RI7xnT.js");
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript; charset=utf-8$/i);
    expect(script.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    const icon = await get("/favicon.svg");
    expect(icon.headers.get("content-type")).toBe("image/svg+xml");
    expect(icon.headers.get("cache-control")).toBe("no-cache");
  });

  it("sends the build's brotli or gzip copy of a file as the request accepts, with the original's content type", async () => {
    const cases = [
      { acceptEncoding: "gzip, deflate, br, zstd", encoding: "br" },
      { acceptEncoding: "gzip", encoding: "gzip" },
      { acceptEncoding: "br;q=0, gzip;q=0.8", encoding: "gzip" },
      { acceptEncoding: "gzip;q=0.5, br;q=1", encoding: "br" },
      { acceptEncoding: "identity", encoding: null },
      { acceptEncoding: "deflate", encoding: null },
      { acceptEncoding: "br;q=0, gzip;q=0", encoding: null },
      { acceptEncoding: "*", encoding: "br" },
      { acceptEncoding: "br;q=0.5, *;q=0.9", encoding: "gzip" },
    ];
    const originals = { "/_astro/reports.Bq3xZ0aA.js": script, "/zh/reports/": reports };
    for (const [pathname, original] of Object.entries(originals)) {
      for (const { acceptEncoding, encoding } of cases) {
        const response = await get(pathname, { headers: { "accept-encoding": acceptEncoding } });
        const label = `${pathname} with ${acceptEncoding}`;
        expect(response.status, label).toBe(200);
        expect(response.headers.get("content-encoding"), label).toBe(encoding);
        expect(response.headers.get("vary"), label).toMatch(/accept-encoding/i);
        expect(response.headers.get("content-type"), label).toBe(pathname.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8");
        expect(response.headers.get("cache-control"), label).toBe(pathname.endsWith(".js") ? "public, max-age=31536000, immutable" : "no-cache");
        expect(response.headers.get("x-content-type-options"), label).toBe("nosniff");
        // The bytes on the wire are the copy's (fetch decodes them back to the original).
        const sent = encoding === "br" ? brotliCompressSync(original) : encoding === "gzip" ? gzipSync(original) : Buffer.from(original);
        expect(Number(response.headers.get("content-length")), label).toBe(sent.length);
        expect(await response.text(), label).toBe(original);
      }
    }
    // A request without Accept-Encoding gets the file as it is.
    const plain = await get("/zh/reports/", { headers: { "accept-encoding": "" } });
    expect(plain.headers.get("content-encoding")).toBeNull();
    // A compressed answer is revalidated like any other.
    const first = await get("/zh/reports/", { headers: { "accept-encoding": "br" } });
    const again = await get("/zh/reports/", { headers: { "accept-encoding": "br", "if-none-match": first.headers.get("etag")!, "cache-control": "max-age=0" } });
    expect(again.status).toBe(304);
    // A folder without its slash still redirects first; a HEAD gets the headers alone.
    expect((await get("/zh/reports", { headers: { "accept-encoding": "br" } })).status).toBe(301);
    const head = await get("/_astro/reports.Bq3xZ0aA.js", { method: "HEAD", headers: { "accept-encoding": "br" } });
    expect(head.headers.get("content-encoding")).toBe("br");
    // Files without copies are sent as they are, and nothing outside dist/ is reachable.
    expect((await get("/_astro/client.C5RI7xnT.js", { headers: { "accept-encoding": "br" } })).headers.get("content-encoding")).toBeNull();
    expect((await get("/zh/%2e%2e/%2e%2e/package.json", { headers: { "accept-encoding": "br" } })).status).toBe(404);
  });

  it("redirects a page path to its trailing slash, keeping the query (sign-in's next)", async () => {
    const redirected = await get("/en/login?next=%2Fen%2Ffollow-ups%2F");
    expect(redirected.status).toBe(301);
    expect(redirected.headers.get("location")).toBe("/en/login/?next=%2Fen%2Ffollow-ups%2F");
    const signIn = await get("/en/login/?next=%2Fen%2Ffollow-ups%2F");
    expect(signIn.status).toBe(200);
    expect(await signIn.text()).toContain("<title>sign in</title>");
  });

  it("answers an unknown path with the portal's not-found page and 404, and never serves the build stamp", async () => {
    for (const pathname of ["/no-such-screen/", "/.build-stamp"]) {
      const response = await get(pathname);
      expect(response.status).toBe(404);
      expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(await response.text()).toContain("<title>not found</title>");
    }
  });

  it("keeps /healthz and /graphql the API's", async () => {
    expect(await (await get("/healthz")).json()).toEqual({ status: "ok", database: "pglite" });
    const body = await get("/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ viewer { id } }" }) });
    expect(await body.json()).toMatchObject({ data: { viewer: null } });
  });
});

describe("the API with no portal built", () => {
  const get = servePortalFrom(path.join(tmpdir(), "portal-never-built"));

  it("says at / how to get the portal instead of failing", async () => {
    const response = await get("/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await response.text()).toMatch(/The portal is not built: `pnpm start` builds it/);
  });
});
