import { reportFunnelSuite } from "./suites/report-funnel.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportFunnelSuite(useTestDatabase("pglite"));
