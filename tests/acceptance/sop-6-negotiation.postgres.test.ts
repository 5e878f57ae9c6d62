import { useTestDatabase } from "@sales/api/testing";
import { sop6NegotiationSuite } from "./sop-6-negotiation.suite.ts";

sop6NegotiationSuite(useTestDatabase("postgres"));
