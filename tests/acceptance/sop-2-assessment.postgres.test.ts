import { useTestDatabase } from "@sales/api/testing";
import { sop2AssessmentSuite } from "./sop-2-assessment.suite.ts";

sop2AssessmentSuite(useTestDatabase("postgres"));
