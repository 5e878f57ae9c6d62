import { defineProject } from "vitest/config";
import { excludedTestFiles } from "../packages/api/test/support/driver-files.ts";

export default defineProject({
  test: {
    name: "tests",
    include: ["**/*.test.ts"],
    exclude: excludedTestFiles(),
    setupFiles: ["reflect-metadata"],
    globalSetup: ["../packages/api/test/support/postgres-global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
