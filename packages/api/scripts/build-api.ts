// The API's production form: src/main.ts and the workspace source it imports (@sales/domain and
// the domain's own dependencies) bundled by esbuild into dist/main.js, run by plain `node`.
// Issue 13: under tsx the API held about 100 MB more (tsx's loader thread with its own heap, and
// every module's source map), which put it over the 300 MB goal; the code is the same either way.
//
// Usage: tsx scripts/build-api.ts   (what `pnpm start` runs before `node dist/main.js`)
import { build, type Plugin } from "esbuild";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const apiDir = fileURLToPath(new URL("..", import.meta.url));
export const API_BUNDLE = path.join(apiDir, "dist", "main.js");

/**
 * The API's own dependencies stay in node_modules, loaded as they are (PGlite finds its WebAssembly
 * beside itself); only the workspace packages, which are TypeScript source, go into the bundle.
 */
function externalDependencies(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(apiDir, "package.json"), "utf8")) as { dependencies: Record<string, string> };
  return Object.keys(manifest.dependencies).filter((name) => !name.startsWith("@sales/"));
}

/**
 * Source files find the migrations, the portal and the data folder relative to themselves
 * (`new URL("../../drizzle", import.meta.url)`); in one bundle every file would share one URL, so
 * each keeps its own source file's.
 */
const sourceFileUrls: Plugin = {
  name: "source-file-import-meta-url",
  setup(builder) {
    builder.onLoad({ filter: /[\\/]packages[\\/][^\\/]+[\\/]src[\\/].*\.ts$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href)),
      loader: "ts",
    }));
  },
};

/**
 * Builds dist/main.js (and its source map, for `NODE_OPTIONS=--enable-source-maps`). Written to a
 * temporary name and renamed, so processes building at the same time never run a half-written file.
 */
export async function buildApi(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(apiDir, "src", "main.ts")],
    outfile: API_BUNDLE,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    external: externalDependencies(),
    plugins: [sourceFileUrls],
    sourcemap: "linked",
    legalComments: "none",
    write: false,
    logLevel: "warning",
  });
  await mkdir(path.dirname(API_BUNDLE), { recursive: true });
  const temporarySuffix = `.${process.pid}.${Date.now()}.tmp`;
  await Promise.all(
    result.outputFiles.map(async (file) => {
      await writeFile(file.path + temporarySuffix, file.contents);
      await rename(file.path + temporarySuffix, file.path);
    }),
  );
  return API_BUNDLE;
}

/**
 * What `pnpm start` sets for the API process unless the operator already has (package.json's
 * start script writes the same defaults, checked by start-script.test.ts). glibc's malloc gives
 * each thread that allocates an arena of its own, and V8's GC and compiler threads kept about
 * 80 MB of freed memory in theirs: at most two held the API's RSS under the benchmark's load at
 * 235-245 MB instead of 315-320, at the same throughput (issue 13, README "Benchmark").
 */
export const API_PROCESS_ENV = { MALLOC_ARENA_MAX: "2" } as const;

let built: Promise<string> | undefined;
/** The command that runs the API as `pnpm start` does, built once per process that asks. */
export async function apiCommand(): Promise<string[]> {
  built ??= buildApi();
  return [await built];
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const startedAt = performance.now();
  await buildApi();
  console.log(`Built ${path.relative(process.cwd(), API_BUNDLE)} in ${Math.round(performance.now() - startedAt)} ms`);
}
