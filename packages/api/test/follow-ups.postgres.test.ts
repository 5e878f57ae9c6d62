import { followUpsSuite } from "./suites/follow-ups.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

followUpsSuite(useTestDatabase("postgres"));
