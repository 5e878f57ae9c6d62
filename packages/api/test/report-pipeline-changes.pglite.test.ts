import { reportPipelineChangesSuite } from "./suites/report-pipeline-changes.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportPipelineChangesSuite(useTestDatabase("pglite"));
