import { seedSuite } from "./suites/seed.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

seedSuite(useTestDatabase("pglite"));
