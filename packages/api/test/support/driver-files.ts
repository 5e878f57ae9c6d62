import { configDefaults } from "vitest/config";

/**
 * Test files to leave out: the *.postgres.test.ts entries when the run has no PostgreSQL
 * server (the test script says so in its summary).
 */
export function excludedTestFiles(): string[] {
  return [...configDefaults.exclude, ...(process.env.TEST_POSTGRES_URL ? [] : ["**/*.postgres.test.ts"])];
}
