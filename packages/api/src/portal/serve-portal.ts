import express, { type Request, type RequestHandler, type Response } from "express";
import { stat } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Where the portal is built (packages/portal/scripts/build.mjs, run by `pnpm start`). */
export const PORTAL_DIST_DIR = fileURLToPath(new URL("../../../portal/dist", import.meta.url));

/** Astro puts every bundled asset here, its content hash in the file name. */
const HASHED_ASSETS = `_astro${path.sep}`;

/**
 * The encodings the portal build writes beside each text asset (`app.js.br`, `app.js.gz`:
 * packages/portal/scripts/build.mjs), in the order preferred when the browser takes both.
 */
const PRECOMPRESSED = [
  { encoding: "br", suffix: ".br" },
  { encoding: "gzip", suffix: ".gz" },
] as const;

/**
 * The built portal (architecture.md: one address for the portal and the API), after /graphql
 * and /healthz. Hashed assets are cached for a year; pages (HTML) and other files are revalidated
 * on every load (no-cache, answered 304 by ETag when unchanged), so a new build shows at once. A
 * file the build compressed is sent as its `.br` or `.gz` copy when the request's Accept-Encoding
 * takes it (brotli first), with the original's content type and `Vary: Accept-Encoding`; nothing
 * is compressed per request. A page path without its trailing slash is redirected to it
 * (`/zh/login` → `/zh/login/`), an unknown path gets the portal's not-found page with 404, and
 * with no build at all `/` says how to get one instead. dist/'s dot files (the build stamp) are
 * not served.
 */
export function servePortal(distDir: string = PORTAL_DIST_DIR): RequestHandler[] {
  const notFoundPage = path.join(distDir, "404.html");
  return [
    precompressed(distDir),
    express.static(distDir, {
      dotfiles: "ignore",
      setHeaders(res, file) {
        res.setHeader("cache-control", cacheControl(distDir, file));
        securityHeaders(res);
      },
    }),
    (req, res, next) => {
      if (req.method !== "GET" && req.method !== "HEAD") return next();
      securityHeaders(res);
      res.setHeader("cache-control", "no-cache");
      if (req.path === "/") {
        // Reached only when dist/index.html is missing.
        res.type("text/plain").send("Sales pipeline API. POST GraphQL queries to /graphql; health at /healthz. The portal is not built: `pnpm start` builds it.\n");
        return;
      }
      res.status(404).sendFile(notFoundPage, (error) => {
        if (error && !res.headersSent) res.type("text/plain").send("Not found\n");
      });
    },
  ];
}

/**
 * Sends the build's compressed copy of the file a GET or HEAD asks for, when there is one and
 * the request accepts its encoding; otherwise leaves the request to express.static (which then
 * sends the file as it is, still with `Vary: Accept-Encoding` when copies exist, so a cache never
 * hands a compressed answer to a client that cannot read it).
 */
function precompressed(distDir: string): RequestHandler {
  return (req, res, next) => {
    if (req.method !== "GET" && req.method !== "HEAD") return next();
    const relative = requestedFile(req);
    if (relative === null) return next();
    void (async () => {
      const available = [];
      for (const candidate of PRECOMPRESSED) {
        if (await isFile(path.join(distDir, relative + candidate.suffix))) available.push(candidate);
      }
      if (available.length === 0) return next();
      res.vary("Accept-Encoding");
      const copy = preferredCopy(req.headers["accept-encoding"], available);
      if (!copy) return next();
      // send() keeps a content type already set, so the copy goes out as what it encodes.
      res.type(path.extname(relative));
      res.setHeader("content-encoding", copy.encoding);
      res.setHeader("cache-control", cacheControl(distDir, path.join(distDir, relative)));
      securityHeaders(res);
      res.sendFile(relative + copy.suffix, { root: distDir, dotfiles: "ignore" }, (error) => {
        if (error && !res.headersSent) next();
      });
    })().catch(next);
  };
}

/**
 * Of the copies there are, the one Accept-Encoding rates highest (`*` standing for any not
 * named), never one rated q=0; ties go to the smaller, brotli. Null without the header (RFC 9110
 * lets that mean anything, but an old client sending none may not be able to decode).
 */
function preferredCopy<Copy extends (typeof PRECOMPRESSED)[number]>(header: string | undefined, available: Copy[]): Copy | null {
  if (!header) return null;
  const quality = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name = "", ...parameters] = part.split(";").map((piece) => piece.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith("q="));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (name !== "" && Number.isFinite(value)) quality.set(name, value);
  }
  let best: { copy: Copy; q: number } | null = null;
  for (const copy of available) {
    const q = quality.get(copy.encoding) ?? quality.get("*") ?? 0;
    if (q > 0 && (best === null || q > best.q)) best = { copy, q };
  }
  return best?.copy ?? null;
}

/**
 * The file under dist/ a request path names (a folder's index.html), relative; null for a folder
 * without its trailing slash (express.static redirects it), a dot file, or a path that is not one.
 */
function requestedFile(req: Request): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(req.path);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  const segments = decoded.split("/").filter((segment) => segment !== "");
  if (segments.some((segment) => segment.startsWith("."))) return null;
  if (decoded.endsWith("/")) segments.push("index.html");
  return segments.length === 0 ? null : path.join(...segments);
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

function cacheControl(distDir: string, file: string): string {
  const hashed = path.relative(distDir, file).startsWith(HASHED_ASSETS);
  return hashed ? "public, max-age=31536000, immutable" : "no-cache";
}

/** No MIME sniffing, and no framing of the portal by other sites (the sign-in form included). */
function securityHeaders(res: Response) {
  res.setHeader("x-content-type-options", "nosniff");
  res.setHeader("x-frame-options", "DENY");
}
