import { loggingSuite } from "./suites/logging.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

loggingSuite(useTestDatabase("pglite"));
