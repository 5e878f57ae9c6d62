import { shutdownSuite } from "./suites/shutdown.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

shutdownSuite(useTestDatabase("postgres"));
