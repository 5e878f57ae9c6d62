import { negotiationSuite } from "./suites/negotiation.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

negotiationSuite(useTestDatabase("pglite"));
