import { databaseSuite } from "./suites/database.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

databaseSuite(useTestDatabase("pglite"));
