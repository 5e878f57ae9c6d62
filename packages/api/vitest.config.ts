import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "api",
    include: ["test/**/*.test.ts"],
    setupFiles: ["reflect-metadata"],
    globalSetup: ["test/support/postgres-global-setup.ts"],
    // PGlite instances and Postgres round trips are slower than unit tests.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
