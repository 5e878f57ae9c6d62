export * from "./test-database.ts";
export * from "./test-server.ts";
export * from "./fixtures.ts";
export { API_PROCESS_ENV, apiCommand } from "../../scripts/build-api.ts";
export type { UserRow } from "../../src/users/user.table.ts";
export { seedDemoData, DEMO_PASSWORD } from "../../src/seed/seed-demo-data.ts";
export { COMPLETE_PARTS, COMPLETE_PREP } from "./pipeline-fixtures.ts";
export { FIXTURE_NOW, FIXTURE_PERIOD, loadReportFixture, type ReportFixture } from "./report-fixture.ts";
