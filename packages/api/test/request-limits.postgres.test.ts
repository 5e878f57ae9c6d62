import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../src/db/database.ts";
import { createErrorFormatter } from "../src/errors/format-error.ts";
import { requestLimitsSuite } from "./suites/request-limits.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

const database = useTestDatabase("postgres");
requestLimitsSuite(database);

// PGlite has no statement_timeout to set: this part of the request time limit is PostgreSQL's.
describe("the request time limit in PostgreSQL (issue 10, finding 2)", () => {
  it("cancels a statement running past the API's statement timeout, and the client is told REQUEST_TIMEOUT, not an internal error", async () => {
    const limited = openDatabase({ driver: "postgres", url: database.url!, maxConnections: 1 }, { statementTimeoutMs: 100 });
    try {
      await expect(limited.db.execute(sql`select pg_sleep(0.05)`)).resolves.toBeDefined();
      const failure = await limited.db.execute(sql`select pg_sleep(2)`).then(
        () => null,
        (error: unknown) => error,
      );
      expect(failure).not.toBeNull();
      const formatted = createErrorFormatter(true)({ message: "x", path: ["leads"] }, failure);
      expect(formatted).toMatchObject({ path: ["leads"], extensions: { code: "REQUEST_TIMEOUT" } });
      expect(formatted.message).toMatch(/^A statement of the request ran past the request time limit/);
    } finally {
      await limited.close();
    }
  });
});
