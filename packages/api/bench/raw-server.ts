// The raw baseline, run as its own process by api-bench.ts: node:http and postgres.js, no
// framework, answering the benchmark's pages (raw-page-statements.ts) for one manager with one
// SQL statement each. What the API's pages would cost with nothing between HTTP and SQL.
// Environment: DATABASE_URL, PORT, RAW_VIEWER_EMAIL, DATABASE_POOL_SIZE (the API's default, 10).
import { createServer } from "node:http";
import { rawDatabase } from "./raw-database.ts";
import { RAW_PAGES } from "./raw-page-statements.ts";

const { sql, viewer } = await rawDatabase();

const server = createServer((request, response) => {
  if (request.url === "/healthz") {
    response.end("ok");
    return;
  }
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    void (async () => {
      try {
        const { operationName } = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { operationName?: string };
        const page = operationName === undefined ? undefined : RAW_PAGES[operationName];
        if (!page) {
          response.writeHead(404, { "content-type": "application/json; charset=utf-8" });
          response.end(JSON.stringify({ errors: [{ message: `no raw page ${operationName}` }] }));
          return;
        }
        const body = JSON.stringify(await page(sql, viewer));
        response.writeHead(200, { "content-type": "application/json; charset=utf-8" });
        response.end(body);
      } catch (error) {
        response.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        response.end(JSON.stringify({ errors: [{ message: error instanceof Error ? error.message : String(error) }] }));
      }
    })();
  });
});
server.listen(Number(process.env.PORT), "127.0.0.1");

process.on("SIGTERM", () => {
  server.close();
  void sql.end({ timeout: 5 }).then(() => process.exit(0));
});
