import { useTestDatabase } from "@sales/api/testing";
import { intakeStorySuite } from "../suites/intake-story.suite.ts";

intakeStorySuite(useTestDatabase("postgres"));
