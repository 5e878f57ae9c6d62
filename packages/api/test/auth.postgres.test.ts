import { authSuite } from "./suites/auth.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

authSuite(useTestDatabase("postgres"));
