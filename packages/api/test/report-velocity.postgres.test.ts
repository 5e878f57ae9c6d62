import { reportVelocitySuite } from "./suites/report-velocity.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

reportVelocitySuite(useTestDatabase("postgres"));
