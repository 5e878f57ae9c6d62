import { reportFollowUpDisciplineSuite } from "./suites/report-follow-up-discipline.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportFollowUpDisciplineSuite(useTestDatabase("pglite"));
