import { operatorCliSuite } from "./suites/operator-cli.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

operatorCliSuite(useTestDatabase("postgres"));
