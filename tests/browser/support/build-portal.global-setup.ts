import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const buildScript = fileURLToPath(new URL("../../../packages/portal/scripts/build.mjs", import.meta.url));

/**
 * The browser tests drive the portal the API serves from packages/portal/dist: build it once
 * for the run (nothing to do when it is newer than its sources), before any test file starts.
 */
export default function buildPortal() {
  const build = spawnSync(process.execPath, [buildScript, "--if-stale"], { stdio: "inherit" });
  if (build.status !== 0) throw new Error(`The portal build failed (exit code ${build.status})`);
}
