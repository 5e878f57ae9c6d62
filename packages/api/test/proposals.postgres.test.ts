import { proposalsSuite } from "./suites/proposals.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

proposalsSuite(useTestDatabase("postgres"));
