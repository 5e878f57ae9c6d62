import { reportRepScorecardSuite } from "./suites/report-rep-scorecard.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportRepScorecardSuite(useTestDatabase("postgres"));
