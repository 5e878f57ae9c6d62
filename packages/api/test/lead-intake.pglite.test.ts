import { leadIntakeSuite } from "./suites/lead-intake.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

leadIntakeSuite(useTestDatabase("pglite"));
