export { useTestDatabase, type TestDatabase, type TestDriver } from "./test-database.ts";
export { startTestServer, type TestServer } from "./test-server.ts";
