import { teamMoveSuite } from "./suites/team-move.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

teamMoveSuite(useTestDatabase("postgres"));
