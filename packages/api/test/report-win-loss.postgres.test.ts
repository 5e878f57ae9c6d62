import { reportWinLossSuite } from "./suites/report-win-loss.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportWinLossSuite(useTestDatabase("postgres"));
