// Builds the portal into dist/ (`astro build`), printing one line before and one after instead of
// Astro's page-by-page log (shown only when the build fails), then writes a brotli and a gzip
// copy beside each text file for the API to send as they are. With --if-stale it builds only when
// dist/ is missing or older than the portal's sources: `pnpm start` runs it before the API, which
// serves dist/, so a fresh clone or an edited page is built and an unchanged one costs nothing.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const portalDir = path.resolve(import.meta.dirname, "..");
const distDir = path.join(portalDir, "dist");
// Written after a build that finished, with the time it started: dist/ without it is half-built.
const stampFile = path.join(distDir, ".build-stamp");
const sources = ["src", "public", "astro.config.mjs", "package.json", "tsconfig.json", "../../pnpm-lock.yaml"].map((entry) => path.join(portalDir, entry));
const shown = path.relative(process.cwd(), distDir) || ".";
const lockFile = path.join(portalDir, "node_modules", ".portal-build.lock");
// Text the API may send compressed (images and fonts are compressed already).
const COMPRESSIBLE = new Set([".html", ".js", ".mjs", ".css", ".svg", ".json", ".txt", ".xml", ".webmanifest"]);

// One build at a time (the browser tests' setup, `pnpm start` and an editor may all ask at once):
// a later one waits, then finds dist/ fresh or builds again.
await takeLock();
const reason = process.argv.includes("--if-stale") ? staleReason() : "asked for";
if (reason === null) {
  console.log(`Portal: ${shown} is up to date.`);
  releaseLock();
  process.exit(0);
}

console.log(`Portal: building ${shown} (${reason}) …`);
const startedAt = new Date();
const output = [];
// No telemetry: Astro would otherwise report the build to its servers. NODE_ENV is production
// whoever runs it: under Vitest's NODE_ENV=test, Vite would bundle React's development build.
// Built beside dist/ and swapped in when complete, so the API never serves a half-written build.
const outDir = path.join(portalDir, "node_modules", `.portal-build-${process.pid}`);
rmSync(outDir, { recursive: true, force: true });
const astro = spawn(process.execPath, [path.join(portalDir, "node_modules/astro/astro.js"), "build", "--outDir", outDir], {
  cwd: portalDir,
  env: { ...process.env, ASTRO_TELEMETRY_DISABLED: "1", NODE_ENV: "production" },
});
astro.stdout.on("data", (chunk) => output.push(chunk));
astro.stderr.on("data", (chunk) => output.push(chunk));
const code = await new Promise((resolve) => astro.on("exit", (exitCode) => resolve(exitCode ?? 1)));
if (code !== 0) {
  process.stderr.write(Buffer.concat(output));
  console.error(`Portal: the build failed (exit code ${code}).`);
  rmSync(outDir, { recursive: true, force: true });
  releaseLock();
  process.exit(code);
}
const compressed = precompress(outDir);
const builtStamp = path.join(outDir, path.basename(stampFile));
writeFileSync(builtStamp, "");
utimesSync(builtStamp, startedAt, startedAt);
const previous = `${outDir}-previous`;
if (existsSync(distDir)) renameSync(distDir, previous);
renameSync(outDir, distDir);
rmSync(previous, { recursive: true, force: true });
releaseLock();
console.log(`Portal: built in ${((Date.now() - startedAt.getTime()) / 1000).toFixed(1)} s (${compressed} files also as .br and .gz).`);

/**
 * Writes a brotli (`.br`) and a gzip (`.gz`) copy beside every text file of the build, at the
 * strongest settings since it happens once per build: the API sends the copy the browser accepts
 * (packages/api/src/portal/serve-portal.ts) instead of compressing each response. Returns how
 * many files got copies (a file too small to gain from it gets none).
 */
function precompress(dir) {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      count += precompress(file);
      continue;
    }
    if (entry.name.startsWith(".") || !COMPRESSIBLE.has(path.extname(entry.name))) continue;
    const original = readFileSync(file);
    if (original.length < 512) continue;
    const brotli = brotliCompressSync(original, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: original.length } });
    writeFileSync(`${file}.br`, brotli);
    writeFileSync(`${file}.gz`, gzipSync(original, { level: 9 }));
    count++;
  }
  return count;
}

/** Waits until no other build runs (a lock left by a process that is gone is taken over). */
async function takeLock() {
  for (let waited = false; ; ) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
    }
    const holder = Number(readFileSync(lockFile, "utf8"));
    if (!isRunning(holder)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (!waited) console.log("Portal: waiting for another build to finish …");
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function releaseLock() {
  rmSync(lockFile, { force: true });
}

function isRunning(pid) {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** Why the build is needed, or null when dist/ is newer than every source file. */
function staleReason() {
  if (!existsSync(stampFile)) return `${shown} is missing or incomplete`;
  const builtAt = statSync(stampFile).mtimeMs;
  const changed = sources.flatMap((source) => newerFiles(source, builtAt));
  if (changed.length === 0) return null;
  return `${path.relative(portalDir, changed[0])}${changed.length > 1 ? ` and ${changed.length - 1} more` : ""} changed`;
}

function newerFiles(file, since) {
  // Type declarations (graphql-env.d.ts, rewritten by every typecheck) change nothing built.
  if (!existsSync(file) || file.endsWith(".d.ts")) return [];
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs > since ? [file] : [];
  return readdirSync(file).flatMap((entry) => newerFiles(path.join(file, entry), since));
}
