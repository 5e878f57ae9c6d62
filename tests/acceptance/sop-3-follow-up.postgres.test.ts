import { useTestDatabase } from "@sales/api/testing";
import { sop3FollowUpSuite } from "./sop-3-follow-up.suite.ts";

sop3FollowUpSuite(useTestDatabase("postgres"));
