import { reportForecastSuite } from "./suites/report-forecast.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportForecastSuite(useTestDatabase("postgres"));
