import { useTestDatabase } from "@sales/api/testing";
import { sop5ProposalSuite } from "./sop-5-proposal.suite.ts";

sop5ProposalSuite(useTestDatabase("pglite"));
