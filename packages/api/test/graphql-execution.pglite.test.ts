import { graphqlExecutionSuite } from "./suites/graphql-execution.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

graphqlExecutionSuite(useTestDatabase("pglite"));
