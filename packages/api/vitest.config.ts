import { createRequire } from "node:module";
import { defineProject } from "vitest/config";
import { excludedTestFiles } from "./test/support/driver-files.ts";

export default defineProject({
  resolve: {
    // Node loads graphql-js's CommonJS build for Apollo and type-graphql; Vite would give our own
    // source the ES module build, and two builds' classes fail each other's `instanceof` checks.
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve("graphql") }],
  },
  test: {
    name: "api",
    include: ["test/**/*.test.ts"],
    exclude: excludedTestFiles(),
    setupFiles: ["reflect-metadata"],
    globalSetup: ["test/support/postgres-global-setup.ts"],
    // PGlite instances and Postgres round trips are slower than unit tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
