import { useTestDatabase } from "@sales/api/testing";
import { sop1CaptureSuite } from "./sop-1-capture.suite.ts";

sop1CaptureSuite(useTestDatabase("postgres"));
