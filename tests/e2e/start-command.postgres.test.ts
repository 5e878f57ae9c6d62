import { useTestDatabase } from "@sales/api/testing";
import { startCommandSuite } from "../suites/start-command.suite.ts";

startCommandSuite(useTestDatabase("postgres"));
