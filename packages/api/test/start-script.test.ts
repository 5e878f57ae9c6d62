import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { API_PROCESS_ENV } from "../scripts/build-api.ts";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { scripts: { start: string } };
const RUN_BUNDLE = "exec node dist/main.js";

/**
 * The environment the `start` script's last step gives the API, run by sh as pnpm runs it, with
 * `env` in node's place so it prints what node would have been given.
 */
function environmentOfStart(inherited: Record<string, string>): Record<string, string> {
  const lastStep = manifest.scripts.start.split("&&").at(-1)!;
  expect(lastStep).toContain(RUN_BUNDLE);
  const printed = execFileSync("sh", ["-c", lastStep.replace(RUN_BUNDLE, "exec env")], { env: { PATH: process.env.PATH!, ...inherited }, encoding: "utf8" });
  return Object.fromEntries(printed.trim().split("\n").map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

// Issue 13: the benchmark, the tests and `pnpm start` start the API with the same environment
// (scripts/build-api.ts, API_PROCESS_ENV), so the memory the README reports is what an operator gets.
describe("pnpm start's API process", () => {
  it.each(Object.entries(API_PROCESS_ENV))("is given %s=%s when the operator has not set it", (name, value) => {
    expect(environmentOfStart({})[name]).toBe(value);
  });

  it.each(Object.keys(API_PROCESS_ENV))("keeps the operator's own %s", (name) => {
    expect(environmentOfStart({ [name]: "8" })[name]).toBe("8");
  });
});
