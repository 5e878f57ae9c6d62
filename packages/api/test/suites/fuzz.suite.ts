import { beforeAll, describe, expect, it } from "vitest";
import { ACTING_ACCOUNTS, signInToDemoAccounts } from "../../fuzz/fuzz-accounts.ts";
import { readFuzzPools } from "../../fuzz/fuzz-pools.ts";
import { describeFailure } from "../../fuzz/fuzz-report.ts";
import { runFuzz, type FuzzReport } from "../../fuzz/fuzz-run.ts";
import { rootFields } from "../../fuzz/operation-generator.ts";
import { FUZZ_START, steppingClock } from "../../fuzz/fuzz-clock.ts";
import { buildAppSchema } from "../../src/schema/build-schema.ts";
import { seedDemoData } from "../../src/seed/seed-demo-data.ts";
import type { TestDatabase } from "../support/test-database.ts";
import { startTestServer } from "../support/test-server.ts";

/** Fixed, so a failure here replays with `pnpm fuzz --seed 20261201 --requests 800 --leads 120`. */
const SEED = 20261201;
const REQUESTS = 800;
const LEADS = 120;

/**
 * Issue 10, "Faults and load": the short fuzz pass CI runs. Generated operations for every
 * Query and Mutation field, as every role and anonymously, with valid-looking and invalid
 * arguments, against the production-mode server on the demo data: none may end in an internal
 * error. `pnpm fuzz` runs the same fuzzer longer.
 */
export function fuzzSuite(database: TestDatabase) {
  describe(`a fuzz pass of ${REQUESTS} requests on ${database.driver}`, () => {
    const api = startTestServer(database, { now: steppingClock(FUZZ_START, 1_000), production: true, trustProxy: ["loopback"] });
    let report: FuzzReport;
    let rootFieldCount: number;

    beforeAll(async () => {
      await seedDemoData(database.handle.db, { leadCount: LEADS, now: FUZZ_START });
      const schema = await buildAppSchema();
      rootFieldCount = rootFields(schema).length;
      report = await runFuzz({
        url: api.url,
        schema,
        seed: SEED,
        requests: REQUESTS,
        pools: await readFuzzPools(database.handle.db, { actingEmails: Object.values(ACTING_ACCOUNTS) }),
        signIn: signInToDemoAccounts(api.url),
      });
    }, 120_000);

    it("gets no internal error, HTTP 5xx, answer that is not JSON, or no answer at all", () => {
      expect(report.requests).toBe(REQUESTS);
      expect(report.failures.map(describeFailure)).toEqual([]);
    });

    it("sent every Query and Mutation field, each as at least two roles", () => {
      expect(report.byField.size).toBe(rootFieldCount);
      const narrow = [...report.byField].filter(([, field]) => field.roles.size < 2).map(([name]) => name);
      expect(narrow).toEqual([]);
    });

    it("reached the resolvers: answers with data for many fields, and few requests refused by GraphQL itself", () => {
      const answeredFields = [...report.byField.values()].filter((field) => field.answered > 0).length;
      expect(answeredFields).toBeGreaterThan(rootFieldCount / 3);
      const refusedByGraphql = (report.byCode.get("GRAPHQL_VALIDATION_FAILED") ?? 0) + (report.byCode.get("GRAPHQL_PARSE_FAILED") ?? 0);
      expect(refusedByGraphql).toBeLessThan(REQUESTS / 4);
      // The services' own answers to bad input and to the wrong role, not only GraphQL's.
      expect(report.byCode.get("BAD_USER_INPUT")).toBeGreaterThan(REQUESTS / 10);
      expect(report.byCode.get("FORBIDDEN")).toBeGreaterThan(REQUESTS / 10);
    });
  });
}
