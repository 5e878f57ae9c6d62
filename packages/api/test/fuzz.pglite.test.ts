import { fuzzSuite } from "./suites/fuzz.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

fuzzSuite(useTestDatabase("pglite"));
