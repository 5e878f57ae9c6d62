import { reportPipelineRisksSuite } from "./suites/report-pipeline-risks.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportPipelineRisksSuite(useTestDatabase("postgres"));
