import { useTestDatabase } from "@sales/api/testing";
import { pipelineStorySuite } from "../suites/pipeline-story.suite.ts";

pipelineStorySuite(useTestDatabase("postgres"));
