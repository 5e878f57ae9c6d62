import { requestLimitsSuite } from "./suites/request-limits.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

requestLimitsSuite(useTestDatabase("pglite"));
