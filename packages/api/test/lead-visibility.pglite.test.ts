import { leadVisibilitySuite } from "./suites/lead-visibility.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

leadVisibilitySuite(useTestDatabase("pglite"));
