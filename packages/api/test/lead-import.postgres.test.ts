import { leadImportSuite } from "./suites/lead-import.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

leadImportSuite(useTestDatabase("postgres"));
