import { adminSuite } from "./suites/admin.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

adminSuite(useTestDatabase("pglite"));
