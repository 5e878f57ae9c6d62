import { leadsQuerySuite } from "./suites/leads-query.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

leadsQuerySuite(useTestDatabase("postgres"));
