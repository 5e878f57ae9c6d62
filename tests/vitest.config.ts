import { createRequire } from "node:module";
import { defineProject } from "vitest/config";
import { excludedTestFiles } from "../packages/api/test/support/driver-files.ts";

export default defineProject({
  resolve: {
    // One build of graphql-js for our source and the API's dependencies (see packages/api/vitest.config.ts).
    alias: [{ find: /^graphql$/, replacement: createRequire(new URL("../packages/api/package.json", import.meta.url)).resolve("graphql") }],
  },
  test: {
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: excludedTestFiles(),
    setupFiles: ["reflect-metadata"],
    // The browser tests (browser/) drive the built portal: build it first when it is stale.
    globalSetup: ["../packages/api/test/support/postgres-global-setup.ts", "./browser/support/build-portal.global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
