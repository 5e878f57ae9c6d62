import { useTestDatabase } from "@sales/api/testing";
import { sop4OpportunitySuite } from "./sop-4-opportunity.suite.ts";

sop4OpportunitySuite(useTestDatabase("pglite"));
