import { defineProject } from "vitest/config";
import { excludedTestFiles } from "./test/support/driver-files.ts";

export default defineProject({
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
