// The JavaScript each built page loads (`node scripts/js-weight.mjs`, after a build), in bytes and
// gzipped: first what the page loads at once (its island components and renderer with every
// module they import statically, plus its inline scripts: Astro's island loader), then, apart,
// the chunks its code imports lazily with import() (charts, loaded only when shown). Prints a
// table; checks nothing (issue 11's budget, < 150 KB gzipped per page, is checked by bench.mjs).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

export const DIST_DIR = path.resolve(import.meta.dirname, "../dist");

const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

const STATIC_IMPORT = /(?:\bfrom\s*|\bimport\s*)["'](\.{1,2}\/[^"']+\.js)["']/g;
const DYNAMIC_IMPORT = /\bimport\s*\(\s*["'](\.{1,2}\/[^"']+\.js)["']\s*\)/g;

/** A module and every module it imports statically. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const match of readFileSync(file, "utf8").matchAll(STATIC_IMPORT)) staticClosure(path.resolve(path.dirname(file), match[1]), seen);
  return seen;
}

/** The modules `files` import with import(), and everything those import, less `files` themselves. */
function lazyClosure(files) {
  const lazy = new Set();
  const queue = [...files];
  while (queue.length > 0) {
    const file = queue.pop();
    for (const match of readFileSync(file, "utf8").matchAll(DYNAMIC_IMPORT)) {
      for (const loaded of staticClosure(path.resolve(path.dirname(file), match[1]))) {
        if (files.has(loaded) || lazy.has(loaded)) continue;
        lazy.add(loaded);
        queue.push(loaded);
      }
    }
  }
  return lazy;
}

function pages(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return entry === "_astro" ? [] : pages(full);
    return entry.endsWith(".html") ? [full] : [];
  });
}

function sizes(buffers, inline = []) {
  return {
    files: buffers.length,
    bytes: [...buffers, ...inline].reduce((sum, buffer) => sum + buffer.length, 0),
    gzip: buffers.reduce((sum, buffer) => sum + gzipped(buffer), 0) + (inline.length ? gzipped(Buffer.concat(inline)) : 0),
  };
}

/** Per built page: the JS it loads at once (`initial`) and what it may import later (`lazy`). */
export function measureJs(distDir = DIST_DIR) {
  const rows = pages(distDir).map((page) => {
    const html = readFileSync(page, "utf8");
    // Astro's islands load their component and renderer with import() as soon as they hydrate
    // (client:load), so those count as loaded at once, with everything they import statically.
    const entries = [...html.matchAll(/(?:component-url|renderer-url|src)="(\/_astro\/[^"]+\.js)"/g)].map((match) => path.join(distDir, match[1]));
    const initial = new Set(entries.flatMap((entry) => [...staticClosure(entry)]));
    const lazy = lazyClosure(initial);
    const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g)].map((match) => Buffer.from(match[1]));
    const read = (files) => [...files].map((file) => readFileSync(file));
    return {
      page: `/${path.relative(distDir, page).replace(/index\.html$/, "")}`,
      initial: sizes(read(initial), inline),
      lazy: sizes(read(lazy)),
    };
  });
  return rows.sort((a, b) => a.page.localeCompare(b.page));
}

export function weightTable(rows) {
  const lines = ["| page | JS at load | gzipped | loaded lazily | gzipped |", "|---|---|---|---|---|"];
  for (const { page, initial, lazy } of rows) {
    lines.push(`| \`${page}\` | ${initial.files} files, ${kb(initial.bytes)} | ${kb(initial.gzip)} | ${lazy.files ? `${lazy.files} files, ${kb(lazy.bytes)}` : "–"} | ${lazy.files ? kb(lazy.gzip) : "–"} |`);
  }
  return lines.join("\n");
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!existsSync(DIST_DIR)) {
    console.error("No build: run `pnpm portal:build` first.");
    process.exit(1);
  }
  console.log(weightTable(measureJs()));
}
