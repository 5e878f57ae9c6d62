import { idempotencySuite } from "./suites/idempotency.suite.ts";
import { useTestDatabase } from "./support/test-database.ts";

idempotencySuite(useTestDatabase("pglite"));
