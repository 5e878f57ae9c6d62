import { opportunityUpdateSuite } from "./suites/opportunity-update.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

opportunityUpdateSuite(useTestDatabase("pglite"));
