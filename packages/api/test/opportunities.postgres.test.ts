import { opportunitiesSuite } from "./suites/opportunities.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

opportunitiesSuite(useTestDatabase("postgres"));
